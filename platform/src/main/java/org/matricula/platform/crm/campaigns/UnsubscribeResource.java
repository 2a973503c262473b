package org.matricula.platform.crm.campaigns;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.Views;

/**
 * The unsubscribe link of campaign mails, without signing in. A GET only shows the question (link
 * scanners follow links); the POST, from the page's button or from the mail program's one-click
 * {@code List-Unsubscribe=One-Click} (RFC 8058), withdraws the consent. The token in the path is
 * the credential, so the POST needs no session and no CSRF token.
 */
@Path("/u/{token: [A-Za-z0-9_-]{43}}")
public final class UnsubscribeResource {

    private final Unsubscribe unsubscribe;
    private final Views views;

    public UnsubscribeResource(Unsubscribe unsubscribe, Views views) {
        this.unsubscribe = unsubscribe;
        this.views = views;
    }

    @GET
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public String page(@PathParam("token") String token, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Unsubscribe.Holder holder = unsubscribe.holder(token).orElseThrow(() -> new NotFoundException(
                Messages.text(Language.of(lang, headers), "campaigns.unsubscribe.unknown")));
        Locale locale = lang == null ? Locale.forLanguageTag(holder.language()) : Language.of(lang, headers);
        return views.render("crm/unsubscribe", Page.of(Messages.text(locale, "campaigns.unsubscribe.title"), locale,
                null).with("token", token).with("email", holder.email()).with("done", holder.done()).scope());
    }

    /** Withdraws the marketing consent; a browser is sent back to the page, which then says so. */
    @POST
    @PermitAll
    public Response withdraw(@PathParam("token") String token, @Context HttpHeaders headers) {
        Optional<Unsubscribe.Holder> holder = unsubscribe.withdraw(token);
        if (holder.isEmpty()) {
            throw new NotFoundException(Messages.text(Language.of(null, headers), "campaigns.unsubscribe.unknown"));
        }
        return Response.seeOther(URI.create("/u/" + token)).build();
    }
}
