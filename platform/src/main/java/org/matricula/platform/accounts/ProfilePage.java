package org.matricula.platform.accounts;

import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Flash;
import org.matricula.platform.web.FormValues;
import org.matricula.platform.web.FormView;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SignedIn;
import org.matricula.platform.web.Views;

/** The profile page: the shared blocks typed once, each message beside its field. */
@RolesAllowed(Roles.SIGNED_IN)
@Path("/office/profile")
@Produces(MediaType.TEXT_HTML)
public final class ProfilePage {

    private final Profiles profiles;
    private final Views views;
    private final Accounts accounts;

    public ProfilePage(Profiles profiles, Accounts accounts, Views views) {
        this.accounts = accounts;
        this.profiles = profiles;
        this.views = views;
    }

    @GET
    public String show(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        CurrentUser user = SignedIn.user(request);
        return page(profiles.of(user.id()), Map.of(), false, user, Language.of(lang, headers));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        CurrentUser user = SignedIn.user(request);
        Locale locale = Language.of(lang, headers);
        Map<String, String> values = FormValues.of(posted);
        values.remove("_csrf");
        try {
            profiles.update(user.id(), values, locale);
        } catch (InvalidInputException invalid) {
            return Response.status(422)
                    .entity(page(values, FormValues.errorsByField(invalid.errors()), false, user, locale)).build();
        }
        return Response.ok(page(profiles.of(user.id()), Map.of(), true, user, locale)).build();
    }

    /** Changes the password: the current one, then the new one; other devices are logged out. */
    @POST
    @Path("/password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changePassword(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, @Context HttpServletRequest servlet,
            MultivaluedMap<String, String> posted) {
        CurrentUser user = SignedIn.user(request);
        Locale locale = Language.of(lang, headers);
        try {
            accounts.changePassword(user.id(), user.sessionId(), posted.getFirst("currentPassword"),
                    posted.getFirst("newPassword"), servlet.getRemoteAddr(), locale);
        } catch (InvalidInputException invalid) {
            Map<String, String> errors = new HashMap<>(FormValues.errorsByField(invalid.errors()));
            String newPassword = errors.remove("password");
            if (newPassword != null) {
                errors.put("newPassword", newPassword);
            }
            return Response.status(422).entity(views.render("profile", scope(profiles.of(user.id()), Map.of(), false,
                    user, locale).with("passwordErrors", errors).scope())).build();
        }
        Flash.put(request, "flash.passwordChanged");
        return Response.seeOther(URI.create("/office/profile")).build();
    }

    private String page(Map<String, String> values, Map<String, String> errors, boolean saved, CurrentUser user,
            Locale locale) {
        return views.render("profile", scope(values, errors, saved, user, locale).scope());
    }

    private Page scope(Map<String, String> values, Map<String, String> errors, boolean saved, CurrentUser user,
            Locale locale) {
        return Page.of(Messages.text(locale, "accounts.profile"), locale, user)
                .with("sections", FormView.of(Profiles.FORM, values, errors, locale))
                .with("summary", errors.isEmpty() ? null : Messages.text(locale, "form.checkMarkedFields"))
                .with("saved", saved)
                .with("passwordErrors", Map.of());
    }
}
