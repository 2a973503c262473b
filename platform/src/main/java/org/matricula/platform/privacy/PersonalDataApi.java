package org.matricula.platform.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.http.SessionCookies;
import org.matricula.platform.http.Roles;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.SignedIn;

/** The signed-in applicant's personal-data rights over the API: download everything, erase the account. */
@RolesAllowed(Roles.SIGNED_IN)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class PersonalDataApi {

    /** Erasing is confirmed with the account's current password. */
    public record EraseRequest(String password) {
    }

    private final PersonalData data;
    private final OwnErasure erasure;
    private final SessionCookies cookies;

    PersonalDataApi(PersonalData data, OwnErasure erasure, SessionCookies cookies) {
        this.data = data;
        this.erasure = erasure;
        this.cookies = cookies;
    }

    @GET
    @Path("me/data")
    public JsonNode export(@Context ContainerRequestContext request) {
        return data.of(SignedIn.apiUser(request).id());
    }

    /** Erases the account (422 on a wrong password, 409 for a platform admin) and ends the session. */
    @DELETE
    @Path("me")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response erase(EraseRequest body, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, @Context HttpServletRequest servlet) {
        CurrentUser user = SignedIn.apiUser(request);
        erasure.erase(user, true, body == null ? null : body.password(), servlet.getRemoteAddr(),
                Language.of(lang, headers));
        return Response.noContent().cookie(cookies.sessionEnded()).build();
    }
}
