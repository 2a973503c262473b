package org.matricula.platform.crm.leads;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.Locale;
import java.util.Optional;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.Views;

/**
 * The link of the mail that asks to confirm the marketing consent a lead gave, without signing in.
 * A GET only shows the question (mail scanners open links); the page's button POSTs, which records
 * the consent. The token in the path is the credential, so the POST needs no session and no CSRF
 * token. A token that names nothing answers 404, an expired one 410, each with a page saying so.
 */
@Path("/consent/{token}")
public final class MarketingConfirmationPage {

    private final MarketingConfirmations confirmations;
    private final Views views;

    public MarketingConfirmationPage(MarketingConfirmations confirmations, Views views) {
        this.confirmations = confirmations;
        this.views = views;
    }

    @GET
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public Response page(@PathParam("token") String token, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        Optional<MarketingConfirmations.Confirmation> confirmation = confirmations.find(token);
        // The page speaks the language the lead was sent in, unless the reader chose another.
        Locale locale = lang != null || confirmation.isEmpty() ? Language.of(lang, headers)
                : Messages.language(confirmation.get().language()).orElse(Messages.RUSSIAN);
        Optional<Response> refused = refusal(confirmation, locale);
        if (refused.isPresent()) {
            return refused.get();
        }
        MarketingConfirmations.State state = confirmation.get().state();
        return Response.ok(views.render("crm/marketing-confirmation",
                Page.of(Messages.text(locale, "crm.marketingConfirmation.title"), locale, null)
                        .with("token", token).with("email", confirmation.get().email())
                        .with("confirmed", state == MarketingConfirmations.State.CONFIRMED)
                        .with("pending", state == MarketingConfirmations.State.PENDING).scope()),
                MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }

    /**
     * Records the consent; the browser is sent back to the page, which then says how it stands. A
     * token that names nothing, or has expired, is answered as the page answers it.
     */
    @POST
    @PermitAll
    public Response confirm(@PathParam("token") String token, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        Optional<MarketingConfirmations.Confirmation> confirmation = confirmations.confirm(token);
        Locale locale = lang != null || confirmation.isEmpty() ? Language.of(lang, headers)
                : Messages.language(confirmation.get().language()).orElse(Messages.RUSSIAN);
        return refusal(confirmation, locale)
                .orElseGet(() -> Response.seeOther(UriBuilder.fromPath("/consent/{token}").build(token)).build());
    }

    /** The page for a token that names no confirmation (404) or an expired one (410); none for another. */
    private Optional<Response> refusal(Optional<MarketingConfirmations.Confirmation> confirmation, Locale locale) {
        if (confirmation.isEmpty()) {
            return Optional.of(refused(Response.Status.NOT_FOUND, locale, "crm.marketingConfirmation.unknown"));
        }
        if (confirmation.get().state() == MarketingConfirmations.State.EXPIRED) {
            return Optional.of(refused(Response.Status.GONE, locale, "crm.marketingConfirmation.expired"));
        }
        return Optional.empty();
    }

    private Response refused(Response.Status status, Locale locale, String key) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(views.render("crm/marketing-confirmation", Page.of(Messages.text(locale, key + "Title"), locale,
                        null).with("refusal", Messages.text(locale, key)).scope()))
                .build();
    }
}
