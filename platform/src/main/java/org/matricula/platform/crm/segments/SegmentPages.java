package org.matricula.platform.crm.segments;

import org.matricula.platform.http.ChangesNothing;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Flash;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SignedIn;
import org.matricula.platform.web.Views;

/**
 * The segment screens: the list, the form that builds a filter (with a live count and preview of
 * members: htmx on change, a plain submit without JavaScript), freezing, and deletion after a
 * confirmation.
 */
@RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER})
@Path("/admin/segments")
@Produces(MediaType.TEXT_HTML)
public final class SegmentPages {

    private final Segments segments;
    private final Jdbi jdbi;
    private final Views views;

    public SegmentPages(Segments segments, Jdbi jdbi, Views views) {
        this.segments = segments;
        this.jdbi = jdbi;
        this.views = views;
    }

    @GET
    public String list(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        return views.render("crm/segments", Page.of(Messages.text(locale, "segments.title"), locale,
                SignedIn.user(request)).with("segments", segments.all().stream().map(segment -> Map.of("id",
                        segment.id(), "name", segment.name(), "frozen", segment.frozen(), "frozenAt",
                        TimeDisplay.dateTime(locale, segment.frozenAt()), "updated",
                        TimeDisplay.dateTime(locale, segment.updatedAt()))).toList()).scope());
    }

    @GET
    @Path("new")
    public Response create(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        return form(null, "", SegmentFilter.EVERYONE, false, Map.of(), request, Language.of(lang, headers));
    }

    /** The form again with the filter's live count and first members; saves nothing (htmx or a plain submit). */
    @POST
    @ChangesNothing
    @Path("preview")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response preview(MultivaluedMap<String, String> posted, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        return form(null, posted.getFirst("name"), SegmentFilter.ofForm(posted), true, Map.of(), request,
                Language.of(lang, headers));
    }

    @POST
    @ChangesNothing
    @Path("{id: [0-9]+}/preview")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response previewSaved(@PathParam("id") long id, MultivaluedMap<String, String> posted,
            @QueryParam("lang") String lang, @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        return form(segments.require(id, locale), posted.getFirst("name"), SegmentFilter.ofForm(posted), true,
                Map.of(), request, locale);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(MultivaluedMap<String, String> posted, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        CurrentUser user = SignedIn.user(request);
        SegmentFilter filter = SegmentFilter.ofForm(posted);
        try {
            Segments.Segment created = segments.create(posted.getFirst("name"), filter,
                    "on".equals(posted.getFirst("frozen")) || "true".equals(posted.getFirst("frozen")), user.id(),
                    locale);
            Flash.put(request, "flash.created");
            return Response.seeOther(URI.create("/admin/segments/" + created.id())).build();
        } catch (InvalidInputException refused) {
            return form(null, posted.getFirst("name"), filter, false, errors(refused), request, locale);
        }
    }

    @GET
    @Path("{id: [0-9]+}")
    public Response edit(@PathParam("id") long id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        Segments.Segment segment = segments.require(id, locale);
        return form(segment, segment.name(), segment.filter(), true, Map.of(), request, locale);
    }

    @POST
    @Path("{id: [0-9]+}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@PathParam("id") long id, MultivaluedMap<String, String> posted,
            @QueryParam("lang") String lang, @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        Segments.Segment segment = segments.require(id, locale);
        SegmentFilter filter = SegmentFilter.ofForm(posted);
        try {
            segments.update(id, posted.getFirst("name"), filter, locale);
            Flash.put(request, "flash.saved");
            return Response.seeOther(URI.create("/admin/segments/" + id)).build();
        } catch (InvalidInputException refused) {
            return form(segment, posted.getFirst("name"), filter, false, errors(refused), request, locale);
        }
    }

    /** {@code action=freeze} keeps the members of now; {@code action=thaw} makes the segment dynamic again. */
    @POST
    @Path("{id: [0-9]+}/freeze")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response freeze(@PathParam("id") long id, MultivaluedMap<String, String> posted,
            @QueryParam("lang") String lang, @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        if ("thaw".equals(posted.getFirst("action"))) {
            segments.thaw(id, locale);
        } else {
            segments.freeze(id, locale);
        }
        Flash.put(request, "flash.saved");
        return Response.seeOther(URI.create("/admin/segments/" + id)).build();
    }

    @GET
    @Path("{id: [0-9]+}/delete")
    public String confirmDelete(@PathParam("id") long id, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        Segments.Segment segment = segments.require(id, locale);
        return views.render("crm/segment-delete", Page.of(Messages.text(locale, "segments.delete"), locale,
                SignedIn.user(request)).with("segment", Map.of("id", segment.id(), "name", segment.name())).scope());
    }

    @POST
    @Path("{id: [0-9]+}/delete")
    public Response delete(@PathParam("id") long id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        segments.delete(id, Language.of(lang, headers));
        Flash.put(request, "flash.deleted");
        return Response.seeOther(URI.create("/admin/segments")).build();
    }

    private Response form(Segments.Segment segment, String name, SegmentFilter filter, boolean preview,
            Map<String, String> errors, ContainerRequestContext request, Locale locale) {
        Map<String, String> problems = new HashMap<>(errors);
        Map<String, Object> figures = null;
        if (preview && problems.isEmpty()) {
            try {
                SegmentSql.Predicate predicate = segment != null && segment.frozen() && filter.equals(segment.filter())
                        ? segments.members(segment.id(), locale) : segments.predicate(filter, locale);
                figures = Map.of("count", segments.count(predicate), "members", segments.preview(predicate,
                        Segments.PREVIEW));
            } catch (InvalidInputException refused) {
                problems.putAll(errors(refused));
            }
        }
        List<Map<String, Object>> errorList = problems.entrySet().stream()
                .map(e -> Map.<String, Object>of("anchor", List.of("field", "op", "value").contains(e.getKey()) ? "fields"
                        : e.getKey(), "message", e.getValue())).toList();
        String title = segment == null ? Messages.text(locale, "segments.new") : segment.name();
        Page page = Page.of(title, locale, SignedIn.user(request))
                .with("segment", segment == null ? null : Map.of("id", segment.id(), "frozen", segment.frozen(),
                        "frozenAt", TimeDisplay.dateTime(locale, segment.frozenAt())))
                .with("action", segment == null ? "/admin/segments" : "/admin/segments/" + segment.id())
                .with("previewAction", segment == null ? "/admin/segments/preview"
                        : "/admin/segments/" + segment.id() + "/preview")
                .with("name", name == null ? "" : name)
                .with("stages", options(jdbi.withHandle(h -> h.createQuery("SELECT code, name_" + language(locale)
                        + " AS name FROM funnel_stages ORDER BY position").map((rs, ctx) -> new String[] {
                                rs.getString("code"), rs.getString("name")}).list()), filter.stages()))
                .with("programs", options(catalog("programs", locale), filter.programs()))
                .with("projects", options(catalog("projects", locale), filter.projects()))
                .with("statuses", options(SegmentSql.STATUSES.stream().sorted().map(code -> new String[] {code,
                        Messages.text(locale, "status." + code)}).toList(), filter.statuses()))
                .with("organizations", options(jdbi.withHandle(h -> h.createQuery(
                        "SELECT id::text, name FROM organizations ORDER BY lower(name) LIMIT 500").map((rs, ctx) ->
                                new String[] {rs.getString(1), rs.getString(2)}).list()), filter.organizations()))
                .with("tags", String.join(", ", filter.tags()))
                .with("consents", options(List.of(new String[] {"GRANTED", Messages.text(locale, "segments.consent.GRANTED")},
                        new String[] {"WITHDRAWN", Messages.text(locale, "segments.consent.WITHDRAWN")},
                        new String[] {"NONE", Messages.text(locale, "segments.consent.NONE")}),
                        filter.consent() == null ? List.of() : List.of(filter.consent())))
                .with("filter", filter)
                .with("fieldRows", fieldRows(filter, locale))
                .with("figures", figures)
                .with("errors", problems).with("errorList", errorList).with("hasErrors", !problems.isEmpty());
        String html = views.render("crm/segment", page.scope());
        return Response.status(problems.isEmpty() ? 200 : InvalidInputException.UNPROCESSABLE).entity(html)
                .type(MediaType.TEXT_HTML_TYPE).build();
    }

    private List<Map<String, Object>> fieldRows(SegmentFilter filter, Locale locale) {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<SegmentFilter.FieldCondition> given = filter.fields();
        for (int i = 0; i < Math.max(2, given.size() + 1); i++) {
            SegmentFilter.FieldCondition field = i < given.size() ? given.get(i)
                    : new SegmentFilter.FieldCondition("", "EQ", "");
            String op = field.op();
            rows.add(Map.of("index", i, "field", field.field(), "value", field.value(), "ops",
                    List.of("EQ", "CONTAINS", "FILLED", "EMPTY").stream().map(code -> Map.of("code", code, "label",
                            Messages.text(locale, "segments.op." + code), "selected", code.equals(op))).toList()));
        }
        return rows;
    }

    private List<String[]> catalog(String table, Locale locale) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id::text, coalesce(name_i18n ->> :lang, name) AS name FROM "
                + table + " ORDER BY 2").bind("lang", locale.getLanguage()).map((rs, ctx) -> new String[] {
                        rs.getString(1), rs.getString(2)}).list());
    }

    private static List<Map<String, Object>> options(List<String[]> choices, List<String> selected) {
        return choices.stream().map(choice -> {
            Map<String, Object> option = new LinkedHashMap<>();
            option.put("value", choice[0]);
            option.put("label", choice[1]);
            option.put("selected", selected.contains(choice[0]));
            return option;
        }).toList();
    }

    private static String language(Locale locale) {
        return "en".equals(locale.getLanguage()) ? "en" : "ru";
    }

    private static Map<String, String> errors(InvalidInputException refused) {
        Map<String, String> errors = new LinkedHashMap<>();
        refused.errors().forEach(problem -> errors.merge(problem.field(), problem.message(), (a, b) -> a));
        return errors;
    }
}
