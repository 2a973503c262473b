package org.matricula.platform.accounts;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.SignedIn;

/** The signed-in applicant's profile as JSON. */
@RolesAllowed(Roles.SIGNED_IN)
@Path("/api/v1/me/profile")
@Produces(MediaType.APPLICATION_JSON)
public final class ProfileApi {

    private final Profiles profiles;

    public ProfileApi(Profiles profiles) {
        this.profiles = profiles;
    }

    @GET
    public Map<String, String> show(@Context ContainerRequestContext request) {
        return profiles.of(SignedIn.apiUser(request).id());
    }

    /** Sets the fields sent (blank clears one); fields not sent stay as they are. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, String> update(Map<String, String> values, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        if (values == null) {
            throw InvalidInputException.field("body", Messages.text(Language.of(lang, headers), "accounts.sendProfile"));
        }
        CurrentUser user = SignedIn.apiUser(request);
        profiles.update(user.id(), values, Language.of(lang, headers));
        return profiles.of(user.id());
    }
}
