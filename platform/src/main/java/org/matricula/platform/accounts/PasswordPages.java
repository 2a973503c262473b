package org.matricula.platform.accounts;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.http.GuestForm;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;

/** Forgotten password: ask for a mailed link, then choose a new password with it. */
@PermitAll
@Path("/password")
@Produces(MediaType.TEXT_HTML)
public final class PasswordPages {

    private final Accounts accounts;
    private final AccountViews views;

    PasswordPages(Accounts accounts, AccountViews views) {
        this.accounts = accounts;
        this.views = views;
    }

    @GET
    @Path("forgot")
    public Response forgotForm(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        CurrentUser user = CurrentUser.of(request).orElse(null);
        return views.render(200, "accounts/forgot", forgotPage(locale, user), user, headers);
    }

    @GuestForm
    @POST
    @Path("forgot")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response forgot(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, @FormParam("email") String email) {
        Locale locale = Language.of(lang, headers);
        try {
            accounts.requestReset(email, locale);
        } catch (InvalidInputException invalid) {
            CurrentUser user = CurrentUser.of(request).orElse(null);
            // what was typed comes back, unless longer than any address (a megabyte is not sent back)
            String typed = email == null || email.length() > Credentials.MAX_EMAIL_LENGTH ? "" : email;
            return views.invalid("accounts/forgot", forgotPage(locale, user).with("values", Map.of("email", typed)),
                    invalid, user, headers);
        }
        // The same answer whether or not the address has an account, so the form reveals nothing.
        return views.message(200, locale, CurrentUser.of(request).orElse(null), headers,
                Messages.text(locale, "accounts.checkMail"),
                Messages.text(locale, "accounts.resetLinkSentIfRegistered"),
                null, null);
    }

    @GET
    @Path("reset")
    public Response resetForm(@QueryParam("token") String token, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        CurrentUser user = CurrentUser.of(request).orElse(null);
        return views.render(200, "accounts/reset", resetPage(locale, user, token), user, headers);
    }

    @GuestForm
    @POST
    @Path("reset")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response reset(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, @FormParam("token") String token,
            @FormParam("password") String password) {
        Locale locale = Language.of(lang, headers);
        CurrentUser user = CurrentUser.of(request).orElse(null);
        try {
            accounts.reset(token, password, locale);
        } catch (InvalidInputException invalid) {
            return views.invalid("accounts/reset", resetPage(locale, user, token), invalid, user, headers);
        }
        // Every session of the account has just ended, this browser's included.
        return views.message(200, locale, null, headers,
                Messages.text(locale, "accounts.passwordChanged"),
                Messages.text(locale, "accounts.nowLogInNew"),
                "/login", Messages.text(locale, "accounts.logIn"));
    }

    private static Page forgotPage(Locale locale, CurrentUser user) {
        return Page.of(Messages.text(locale, "accounts.forgottenPassword"), locale, user);
    }

    private static Page resetPage(Locale locale, CurrentUser user, String token) {
        Page page = Page.of(Messages.text(locale, "accounts.newPassword"), locale, user)
                .with("values", Map.of("token", token == null ? "" : token));
        // The reset link's token is what the form needs: the language links keep it, for this page only.
        return token == null ? page
                : page.at("/password/reset?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }
}
