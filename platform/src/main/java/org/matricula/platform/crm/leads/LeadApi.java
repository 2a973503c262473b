package org.matricula.platform.crm.leads;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.matricula.platform.web.Language;

/** Lead intake from websites and other sources, each calling with its own API key. */
@Path("/api/v1/leads")
public final class LeadApi {

    private final LeadIntake intake;

    public LeadApi(LeadIntake intake) {
        this.intake = intake;
    }

    /**
     * Takes in a lead; answers 202 with the lead's number once it is kept (its person is made or
     * found moments later), or 422 with a message per field.
     */
    @POST
    @LeadKeyRequired
    @RolesAllowed(LeadKeyFilter.ROLE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response take(Lead lead, @Context ContainerRequestContext request) {
        LeadSources.Source source = (LeadSources.Source) request.getProperty(LeadKeyFilter.SOURCE);
        long kept = intake.take(source, lead == null ? new Lead(null, null, null, null, null, null, null, null, null,
                null, null, null, null) : lead, () -> Language.of(request), null)
                .orElseThrow(() -> LeadKeyFilter.refused(request));
        return Response.accepted(Map.of("accepted", true, "lead", kept)).build();
    }
}
