package org.matricula.platform.accounts;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;

/** Where the link of the verification mail leads. */
@PermitAll
@Path("/verify")
@Produces(MediaType.TEXT_HTML)
public final class VerificationPage {

    private final Accounts accounts;
    private final AccountViews views;

    VerificationPage(Accounts accounts, AccountViews views) {
        this.accounts = accounts;
        this.views = views;
    }

    @GET
    public Response verify(@QueryParam("token") String token, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        CurrentUser user = CurrentUser.of(request).orElse(null);
        if (accounts.verify(token)) {
            String next = user == null ? "/login" : "/office";
            // The mailed link works once: another language is shown on the page the visitor goes on to.
            Page confirmed = AccountViews.messagePage(locale, user, Messages.text(locale, "accounts.addressConfirmed"),
                    Messages.text(locale, "accounts.thankEmailAddressConfirmed"), next,
                    Messages.text(locale, "accounts.continue")).at(next);
            return views.render(200, "accounts/message", confirmed, user, headers);
        }
        return views.message(400, locale, user, headers,
                Messages.text(locale, "accounts.linkDidNotWork"),
                Messages.text(locale, "accounts.linkInvalidExpiredAlready"),
                "/", Messages.text(locale, "accounts.homePage"));
    }
}
