package org.matricula.platform.crm.mastery;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.SignedIn;

/**
 * Mastery and qualification for API clients of the administration, as the person card shows and
 * records them: the scales, disciplines and qualification levels to choose from, a person's
 * standing per discipline with its history and their qualification level, a level recorded by
 * hand, and the qualification set or cleared. Those who see every person (admins and CRM
 * managers) only, as the card's part is theirs.
 */
@RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER})
@Path("/api/v1/crm")
@Produces(MediaType.APPLICATION_JSON)
public final class MasteryApi {

    private final Mastery mastery;
    private final Qualifications qualifications;
    private final Clock clock;

    public MasteryApi(Mastery mastery, Qualifications qualifications, Clock clock) {
        this.mastery = mastery;
        this.qualifications = qualifications;
        this.clock = clock;
    }

    /** The scales with their levels, the disciplines with their scale and activities, the qualification levels. */
    @GET
    @Path("mastery")
    public Map<String, Object> settings() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scales", mastery.scales());
        json.put("disciplines", mastery.disciplines());
        json.put("qualifications", qualifications.levels());
        return json;
    }

    /** The person's qualification level and standing per discipline (latest assessment and history, oldest first). */
    @GET
    @Path("persons/{id}/mastery")
    public Map<String, Object> ofPerson(@PathParam("id") UUID id, @Context ContainerRequestContext request) {
        mastery.requirePerson(id);
        return json(id, Language.of(request));
    }

    /**
     * A level in a discipline recorded by hand.
     *
     * @param discipline the discipline's id
     * @param level      a level code of the discipline's scale, or 0 to 100 on a percentage
     * @param assessedOn the day ({@code 2026-01-31}); today when absent, never in the future
     */
    public record AssessmentInput(String discipline, String level, String assessedOn, String note) {
    }

    @POST
    @Path("persons/{id}/mastery")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response record(@PathParam("id") UUID id, AssessmentInput input, @Context ContainerRequestContext request) {
        AssessmentInput given = input == null ? new AssessmentInput(null, null, null, null) : input;
        Locale locale = Language.of(request);
        mastery.record(id, given.discipline(), given.level(), given.assessedOn(), given.note(),
                SignedIn.user(request).id(), TimeDisplay.day(clock.instant()), locale);
        return Response.created(URI.create("/api/v1/crm/persons/" + id + "/mastery")).entity(json(id, locale)).build();
    }

    /** @param qualification an active level's code; empty or absent clears the person's level */
    public record QualificationInput(String qualification) {
    }

    @PUT
    @Path("persons/{id}/qualification")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> qualification(@PathParam("id") UUID id, QualificationInput input,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        qualifications.set(id, input == null ? null : input.qualification(), locale);
        return json(id, locale);
    }

    private Map<String, Object> json(UUID id, Locale locale) {
        Optional<String> held = qualifications.of(id);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("person", id.toString());
        json.put("qualification", held.flatMap(code -> qualifications.levels().stream()
                .filter(level -> level.code().equals(code)).findFirst()).map(level -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("code", level.code());
                    row.put("name", level.name(locale));
                    row.put("active", level.active());
                    return row;
                }).orElse(null));
        json.put("disciplines", mastery.ofPerson(id).stream().map(standing -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", standing.discipline().id());
            row.put("name", standing.discipline().name(locale));
            row.put("scale", standing.scale().code());
            row.put("current", assessment(standing.scale(), standing.current(), locale));
            row.put("history", standing.history().stream()
                    .map(assessment -> assessment(standing.scale(), assessment, locale)).toList());
            return row;
        }).toList());
        return json;
    }

    private static Map<String, Object> assessment(Scale scale, Mastery.Assessment assessment, Locale locale) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("level", assessment.level());
        row.put("label", scale.label(assessment.level(), locale));
        row.put("assessedOn", assessment.on().toString());
        row.put("recordedAt", assessment.at().toString());
        row.put("source", assessment.source());
        row.put("by", assessment.by());
        row.put("note", assessment.note());
        return row;
    }
}
