package org.matricula.platform.crm.segments;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matricula.platform.http.Roles;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.SignedIn;

/** Segments for API clients: saved filters over persons, their count and members. */
@RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER})
@Path("/api/v1/crm/segments")
@Produces(MediaType.APPLICATION_JSON)
public final class SegmentsApi {

    private final Segments segments;

    public SegmentsApi(Segments segments) {
        this.segments = segments;
    }

    /** A segment as given: its name, its filter, and whether to freeze its members at once. */
    public record SegmentInput(String name, SegmentFilter filter, Boolean frozen) {
    }

    @GET
    public Map<String, Object> all() {
        return Map.of("segments", segments.all().stream().map(SegmentsApi::json).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(SegmentInput input, @Context ContainerRequestContext request) {
        SegmentInput given = input == null ? new SegmentInput(null, null, null) : input;
        Segments.Segment created = segments.create(given.name(), filter(given.filter()),
                Boolean.TRUE.equals(given.frozen()), SignedIn.apiUser(request).id(), Language.of(request));
        return Response.status(Response.Status.CREATED).entity(json(created)).build();
    }

    /** Counts and previews a filter without saving it. */
    @POST
    @Path("count")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> countFilter(SegmentFilter filter, @Context ContainerRequestContext request) {
        return figures(segments.predicate(filter(filter), Language.of(request)), Segments.PREVIEW);
    }

    @GET
    @Path("{id: [0-9]+}")
    public Map<String, Object> one(@PathParam("id") long id, @Context ContainerRequestContext request) {
        return json(segments.require(id, Language.of(request)));
    }

    @PUT
    @Path("{id: [0-9]+}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("id") long id, SegmentInput input,
            @Context ContainerRequestContext request) {
        SegmentInput given = input == null ? new SegmentInput(null, null, null) : input;
        return json(segments.update(id, given.name(), filter(given.filter()), Language.of(request)));
    }

    @DELETE
    @Path("{id: [0-9]+}")
    public Response delete(@PathParam("id") long id, @Context ContainerRequestContext request) {
        segments.delete(id, Language.of(request));
        return Response.noContent().build();
    }

    /** Takes the members the filter has now and keeps them ({@code frozen=true}), or goes back to dynamic. */
    @POST
    @Path("{id: [0-9]+}/freeze")
    public Map<String, Object> freeze(@PathParam("id") long id, @QueryParam("frozen") Boolean frozen,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        return json(Boolean.FALSE.equals(frozen) ? segments.thaw(id, locale) : segments.freeze(id, locale));
    }

    /** How many persons are members now, and the first of them (at most 500). */
    @GET
    @Path("{id: [0-9]+}/members")
    public Map<String, Object> members(@PathParam("id") long id, @QueryParam("limit") Integer limit,
            @Context ContainerRequestContext request) {
        int size = limit == null ? Segments.PREVIEW : Math.max(0, Math.min(500, limit));
        return figures(segments.members(id, Language.of(request)), size);
    }

    private Map<String, Object> figures(SegmentSql.Predicate predicate, int limit) {
        return Map.of("count", segments.count(predicate), "members", segments.preview(predicate, limit).stream()
                .map(member -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", member.id().toString());
                    row.put("fullName", member.fullName());
                    row.put("email", member.email());
                    row.put("stage", member.stage());
                    return row;
                }).toList());
    }

    private static SegmentFilter filter(SegmentFilter given) {
        return given == null ? SegmentFilter.EVERYONE : given;
    }

    static Map<String, Object> json(Segments.Segment segment) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", segment.id());
        json.put("name", segment.name());
        json.put("filter", segment.filter());
        json.put("frozen", segment.frozen());
        json.put("frozenAt", segment.frozenAt() == null ? null : segment.frozenAt().toString());
        json.put("createdAt", segment.createdAt().toString());
        json.put("updatedAt", segment.updatedAt().toString());
        return json;
    }

}
