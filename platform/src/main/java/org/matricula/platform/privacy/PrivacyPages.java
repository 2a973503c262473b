package org.matricula.platform.privacy;

import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
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
import java.util.Locale;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.http.SessionCookies;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SignedIn;
import org.matricula.platform.web.Views;

/** The "Your data" part of the private office: the download and the erase form of the profile page. */
@RolesAllowed(Roles.SIGNED_IN)
@Path("/office")
public final class PrivacyPages {

    private final PersonalData data;
    private final OwnErasure erasure;
    private final SessionCookies cookies;
    private final Views views;

    PrivacyPages(PersonalData data, OwnErasure erasure, SessionCookies cookies, Views views) {
        this.data = data;
        this.erasure = erasure;
        this.cookies = cookies;
        this.views = views;
    }

    @GET
    @Path("data.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response download(@Context ContainerRequestContext request) {
        return Response.ok(data.of(SignedIn.user(request).id()))
                .header("Content-Disposition", "attachment; filename=matricula-data.json").build();
    }

    /** Erases the account and logs out; a missing confirmation or wrong password shows the form again. */
    @POST
    @Path("erase")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response erase(@FormParam("confirm") String confirm, @FormParam("password") String password,
            @QueryParam("lang") String lang, @Context HttpHeaders headers, @Context ContainerRequestContext request,
            @Context HttpServletRequest servlet) {
        CurrentUser user = SignedIn.user(request);
        Locale locale = Language.of(lang, headers);
        try {
            erasure.erase(user, confirm != null && !confirm.isBlank(), password, servlet.getRemoteAddr(), locale);
        } catch (InvalidInputException invalid) {
            return refused(invalid.status(), invalid.getMessage(), user, locale);
        } catch (Conflict conflict) {
            return refused(409, conflict.getMessage(), user, locale);
        }
        Page done = Page.of(Messages.text(locale, "privacy.accountErased"), locale, null)
                .with("heading", Messages.text(locale, "privacy.accountErased"))
                .with("text", Messages.text(locale, "privacy.personalDataErased"))
                .with("linkHref", "/").with("linkText", Messages.text(locale, "privacy.home"));
        return Response.ok(views.render("accounts/message", done.scope())).cookie(cookies.sessionEnded()).build();
    }

    private Response refused(int status, String message, CurrentUser user, Locale locale) {
        Page page = Page.of(Messages.text(locale, "privacy.erasingAccount"), locale, user)
                .with("eraseError", message);
        return Response.status(status).entity(views.render("privacy/erase", page.scope())).build();
    }
}
