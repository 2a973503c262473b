package org.matricula.platform.accounts;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.matricula.platform.http.Roles;
import org.matricula.platform.http.SessionCookies;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.SignedIn;

/**
 * The accounts API for scripts and single-page clients. Log-in answers with the session cookie and
 * the CSRF token that state-changing calls must send in {@code X-CSRF-Token}.
 */
@RolesAllowed(Roles.SIGNED_IN)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class AccountApi {

    /** Sign-up form of the API. */
    public record SignUpRequest(String email, String password, String displayName) {
    }

    /** Log-in form of the API. */
    public record LogInRequest(String email, String password) {
    }

    /** A new session. */
    public record SessionView(UUID id, String email, CurrentUser.Role role, String csrfToken) {
    }

    /** The signed-in account. */
    public record Me(UUID id, String email, String displayName, CurrentUser.Role role, boolean verified) {
    }

    private final Accounts accounts;
    private final SessionCookies cookies;

    AccountApi(Accounts accounts, SessionCookies cookies) {
        this.accounts = accounts;
        this.cookies = cookies;
    }

    @PermitAll
    @POST
    @Path("auth/signup")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response signUp(SignUpRequest body, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context HttpServletRequest servlet) {
        SignUpRequest form = body == null ? new SignUpRequest(null, null, null) : body;
        AccountRow account = accounts.signUp(form.email(), form.password(), form.displayName(),
                servlet.getRemoteAddr(), Language.of(lang, headers));
        return sessionResponse(Response.Status.CREATED, accounts.startSession(account));
    }

    @PermitAll
    @POST
    @Path("auth/login")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response logIn(LogInRequest body, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context HttpServletRequest servlet) {
        LogInRequest form = body == null ? new LogInRequest(null, null) : body;
        return sessionResponse(Response.Status.OK,
                accounts.logIn(form.email(), form.password(), servlet.getRemoteAddr(), Language.of(lang, headers)));
    }

    @POST
    @Path("auth/logout")
    public Response logOut(@Context ContainerRequestContext request) {
        CurrentUser.of(request).ifPresent(user -> accounts.logOut(user.sessionId()));
        return Response.noContent().cookie(cookies.sessionEnded()).build();
    }

    @POST
    @Path("auth/logout-everywhere")
    public Response logOutEverywhere(@Context ContainerRequestContext request) {
        CurrentUser user = CurrentUser.of(request).orElseThrow(() -> new NotAuthorizedException(
                "Log in first: logging out everywhere needs to know whose sessions to end", "Cookie realm=\"matricula\""));
        accounts.logOutEverywhere(user.id());
        return Response.noContent().cookie(cookies.sessionEnded()).build();
    }

    @GET
    @Path("me")
    public Me me(@Context ContainerRequestContext request) {
        CurrentUser user = SignedIn.apiUser(request);
        AccountRow account = accounts.find(user.id()).orElseThrow(() -> new NotAuthorizedException(
                "The account no longer exists", "Cookie realm=\"matricula\""));
        return new Me(account.id(), account.email(), account.displayName(), account.role(), account.isVerified());
    }

    private Response sessionResponse(Response.Status status, CurrentUser user) {
        return Response.status(status).cookie(cookies.session(user.sessionId()))
                .entity(new SessionView(user.id(), user.email(), user.role(), user.csrfToken())).build();
    }
}
