package org.matricula.platform.accounts;

import jakarta.annotation.security.PermitAll;
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
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.matricula.platform.http.GuestForm;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.http.SessionCookies;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Flash;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;

/** Sign-up, log-in and log-out pages; they work without JavaScript. */
@PermitAll
@Path("/")
@Produces(MediaType.TEXT_HTML)
public final class AccountPages {

    private final Accounts accounts;
    private final AccountViews views;
    private final SessionCookies cookies;

    AccountPages(Accounts accounts, AccountViews views, SessionCookies cookies) {
        this.accounts = accounts;
        this.views = views;
        this.cookies = cookies;
    }

    @GET
    @Path("signup")
    public Response signUpForm(@QueryParam("lang") String lang, @QueryParam("next") String next,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        CurrentUser user = CurrentUser.of(request).orElse(null);
        return views.render(200, "accounts/signup", signUpPage(locale, user, "", "", next), user, headers);
    }

    @GuestForm
    @POST
    @Path("signup")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signUp(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, @Context HttpServletRequest servlet,
            @FormParam("email") String email, @FormParam("password") String password,
            @FormParam("displayName") String displayName, @FormParam("next") String next) {
        Locale locale = Language.of(lang, headers);
        CurrentUser user = CurrentUser.of(request).orElse(null);
        try {
            AccountRow account = accounts.signUp(email, password, displayName, servlet.getRemoteAddr(), locale);
            Flash.put(request, "flash.signedUp");
            return signedIn(user, accounts.startSession(account), LocalPath.orDefault(next, "/office"));
        } catch (InvalidInputException invalid) {
            return views.invalid("accounts/signup", signUpPage(locale, user, email, displayName, next), invalid, user,
                    headers);
        }
    }

    @GET
    @Path("login")
    public Response logInForm(@QueryParam("lang") String lang, @QueryParam("next") String next,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        CurrentUser user = CurrentUser.of(request).orElse(null);
        return views.render(200, "accounts/login", logInPage(locale, user, "", next), user, headers);
    }

    @GuestForm
    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logIn(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, @Context HttpServletRequest servlet,
            @FormParam("email") String email, @FormParam("password") String password,
            @FormParam("next") String next) {
        Locale locale = Language.of(lang, headers);
        CurrentUser user = CurrentUser.of(request).orElse(null);
        try {
            CurrentUser current = accounts.logIn(email, password, servlet.getRemoteAddr(), locale);
            Flash.put(request, "flash.loggedIn");
            return signedIn(user, current, LocalPath.orDefault(next, "/office"));
        } catch (InvalidInputException invalid) {
            return views.invalid("accounts/login", logInPage(locale, user, email, next), invalid, user, headers);
        }
    }

    @RolesAllowed(Roles.SIGNED_IN)
    @POST
    @Path("logout")
    public Response logOut(@Context ContainerRequestContext request) {
        CurrentUser.of(request).ifPresent(user -> accounts.logOut(user.sessionId()));
        Flash.put(request, "flash.loggedOut");
        return Response.seeOther(URI.create("/")).cookie(cookies.sessionEnded()).build();
    }

    @RolesAllowed(Roles.SIGNED_IN)
    @POST
    @Path("logout-everywhere")
    public Response logOutEverywhere(@Context ContainerRequestContext request) {
        CurrentUser.of(request).ifPresent(user -> accounts.logOutEverywhere(user.id()));
        return Response.seeOther(URI.create("/")).cookie(cookies.sessionEnded()).build();
    }

    private Response signedIn(CurrentUser previous, CurrentUser current, String target) {
        if (previous != null) {
            // A new log-in replaces the session the browser had, rather than leaving it open.
            accounts.logOut(previous.sessionId());
        }
        return Response.seeOther(URI.create(target)).cookie(cookies.session(current.sessionId())).build();
    }

    private static Page signUpPage(Locale locale, CurrentUser user, String email, String displayName, String next) {
        return withNext(Page.of(Messages.text(locale, "accounts.signUp"), locale, user)
                .with("values", Map.of("email", nonNull(email), "displayName", nonNull(displayName))), next);
    }

    /** The address to come back to after log-in or sign-up, kept from one page to the other. */
    private static Page withNext(Page page, String next) {
        String target = LocalPath.orDefault(next, "");
        return page.with("next", target)
                .with("nextQuery", target.isEmpty() ? "" : "&next=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
    }

    private static Page logInPage(Locale locale, CurrentUser user, String email, String next) {
        return withNext(Page.of(Messages.text(locale, "accounts.login.logIn"), locale, user)
                .with("values", Map.of("email", nonNull(email))), next);
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
