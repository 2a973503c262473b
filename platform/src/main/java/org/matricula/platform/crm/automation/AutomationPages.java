package org.matricula.platform.crm.automation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.glassfish.jersey.media.multipart.FormDataContentDisposition;
import org.glassfish.jersey.media.multipart.FormDataParam;
import org.matricula.api.LocalizedText;
import org.matricula.api.form.Option;
import org.matricula.platform.crm.segments.SegmentSql;
import org.matricula.platform.crm.segments.Segments;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.Problem;
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
 * The scenario screens: the list with import, the editor (forms only, no code: a trigger, a
 * condition, steps added, moved and removed with buttons), a scenario's versions, runs, export and
 * start by hand, a run's log with pause, resume, retry and cancel (after a confirmation), and a
 * person's runs.
 */
@RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER})
@Path("/admin/scenarios")
@Produces(MediaType.TEXT_HTML)
public final class AutomationPages {

    /** The largest scenario file an admin may upload. */
    static final int MAX_FILE = 512 * 1024;

    private final Scenarios scenarios;
    private final Runs runs;
    private final Segments segments;
    private final Views views;

    public AutomationPages(Scenarios scenarios, Runs runs, Segments segments, Views views) {
        this.scenarios = scenarios;
        this.runs = runs;
        this.segments = segments;
        this.views = views;
    }

    @GET
    public String list(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        return listPage(Language.of(lang, headers), request, List.of());
    }

    private String listPage(Locale locale, ContainerRequestContext request, List<Map<String, Object>> errors) {
        return views.render("crm/scenarios", Page.of(Messages.text(locale, "automation.title"), locale,
                SignedIn.user(request)).with("scenarios", scenarios.all().stream().map(s -> Map.of("id", s.id(),
                        "name", s.name(), "trigger", Messages.text(locale, "automation.trigger." + s.triggerType()),
                        "version", s.version(), "enabled", s.enabled(), "updated",
                        TimeDisplay.dateTime(locale, s.updatedAt()))).toList())
                .with("importErrors", errors).with("invalid", !errors.isEmpty()).scope());
    }

    /** A scenario file (JSON, or YAML by its name's ending) becomes a new scenario, or its problems are listed. */
    @POST
    @Path("import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response importFile(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, @FormDataParam("file") InputStream file,
            @FormDataParam("file") FormDataContentDisposition disposition) throws IOException {
        Locale locale = Language.of(lang, headers);
        CurrentUser user = SignedIn.user(request);
        String name = disposition == null || disposition.getFileName() == null ? "" : disposition.getFileName();
        try {
            byte[] bytes = file == null ? new byte[0] : file.readNBytes(MAX_FILE + 1);
            if (bytes.length == 0 || bytes.length > MAX_FILE) {
                throw InvalidInputException.field("file", Messages.text(locale, "automation.error.file"));
            }
            String format = name.toLowerCase(Locale.ROOT).endsWith(".yaml") || name.toLowerCase(Locale.ROOT)
                    .endsWith(".yml") ? "yaml" : "json";
            Scenarios.Scenario created = scenarios.importFile(new String(bytes, StandardCharsets.UTF_8), format,
                    user.id(), locale);
            Flash.put(request, "flash.created");
            return Response.seeOther(URI.create("/admin/scenarios/" + created.id())).build();
        } catch (InvalidInputException refused) {
            List<Map<String, Object>> errors = refused.errors().stream().map(e -> Map.<String, Object>of("field",
                    e.field(), "message", e.message())).toList();
            return Response.status(InvalidInputException.UNPROCESSABLE).entity(listPage(locale, request, errors))
                    .type(MediaType.TEXT_HTML_TYPE).build();
        }
    }

    @GET
    @Path("new")
    public String create(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        ObjectNode tree = ScenarioFile.JSON.createObjectNode();
        tree.put("enabled", true);
        tree.putObject("trigger").put("type", Definition.Trigger.MANUAL);
        tree.putArray("steps");
        return editor(null, tree, Map.of(), Language.of(lang, headers), request);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveNew(MultivaluedMap<String, String> posted, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        return post(null, posted, Language.of(lang, headers), request);
    }

    @GET
    @Path("{id: [0-9]+}")
    public String show(@PathParam("id") long id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Scenarios.Scenario scenario = scenarios.require(id);
        ObjectNode tree = (ObjectNode) ScenarioFile.read(scenarios.export(id, "json"), "json",
                Language.of(lang, headers));
        return editor(scenario, tree, Map.of(), Language.of(lang, headers), request);
    }

    @POST
    @Path("{id: [0-9]+}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@PathParam("id") long id, MultivaluedMap<String, String> posted,
            @QueryParam("lang") String lang, @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        return post(scenarios.require(id), posted, Language.of(lang, headers), request);
    }

    private Response post(Scenarios.Scenario scenario, MultivaluedMap<String, String> posted, Locale locale,
            ContainerRequestContext request) {
        String op = ScenarioForm.first(posted, "op");
        ObjectNode tree = ScenarioForm.tree(posted);
        if (!"save".equals(op)) {
            ScenarioForm.apply(tree, op, ScenarioForm.first(posted, "newStepType"));
            return Response.ok(editor(scenario, tree, Map.of(), locale, request)).build();
        }
        try {
            ScenarioFile.Parsed parsed = scenarios.check(tree, locale);
            UUID actor = SignedIn.user(request).id();
            long id = scenario == null ? scenarios.create(parsed, actor).id()
                    : scenarios.update(scenario.id(), parsed, actor).id();
            Flash.put(request, scenario == null ? "flash.created" : "flash.saved");
            return Response.seeOther(URI.create("/admin/scenarios/" + id)).build();
        } catch (InvalidInputException refused) {
            Map<String, String> errors = new LinkedHashMap<>();
            for (Problem.FieldProblem problem : refused.errors()) {
                errors.putIfAbsent(ScenarioForm.anchor(problem.field()), problem.message());
            }
            return Response.status(InvalidInputException.UNPROCESSABLE)
                    .entity(editor(scenario, tree, errors, locale, request)).type(MediaType.TEXT_HTML_TYPE).build();
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static boolean contains(JsonNode array, String value) {
        return texts(array).contains(value);
    }

    private String editor(Scenarios.Scenario scenario, JsonNode tree, Map<String, String> errors, Locale locale,
            ContainerRequestContext request) {
        JsonNode trigger = tree.path("trigger");
        JsonNode filter = tree.path("condition").path("filter");
        // the filter's parts the form has no field for travel unchanged in a hidden field
        ObjectNode kept = filter.isObject() ? ((ObjectNode) filter).deepCopy() : ScenarioFile.JSON.createObjectNode();
        kept.remove(ScenarioForm.FILTER_FIELDS);
        List<Option> stages = stages();
        List<String> segmentIds = segments.all().stream().map(s -> Long.toString(s.id())).toList();
        Map<String, String> segmentNames = new LinkedHashMap<>();
        segments.all().forEach(s -> segmentNames.put(Long.toString(s.id()), s.name()));
        Page page = Page.of(scenario == null ? Messages.text(locale, "automation.new") : scenario.name(), locale,
                SignedIn.user(request))
                .with("action", scenario == null ? "/admin/scenarios" : "/admin/scenarios/" + scenario.id())
                .with("name", tree.path("name").asText(""))
                .with("enabled", tree.path("enabled").asBoolean(true))
                .with("triggers", ScenarioForm.options(Definition.TRIGGERS, trigger.path("type").asText(""),
                        t -> Messages.text(locale, "automation.trigger." + t)))
                .with("statuses", ScenarioForm.options(new ArrayList<>(new java.util.TreeSet<>(SegmentSql.STATUSES)),
                        trigger.path("status").asText(""), s -> Messages.text(locale, "status." + s)))
                .with("stages", ScenarioForm.options(stages.stream().map(Option::value).toList(),
                        trigger.path("stage").asText(""), code -> stages.stream().filter(o -> o.value().equals(code))
                                .findFirst().map(o -> o.label().in(locale)).orElse(code)))
                .with("triggerSegments", ScenarioForm.options(segmentIds, trigger.path("segment").asText(""),
                        segmentNames::get))
                .with("conditionSegments", ScenarioForm.options(segmentIds,
                        tree.path("condition").path("segment").asText(""), segmentNames::get))
                .with("conditionStages", stages.stream().map(o -> Map.of("value", o.value(), "label",
                        o.label().in(locale), "selected", contains(filter.path("stages"), o.value()))).toList())
                .with("conditionTags", String.join(", ", texts(filter.path("tags"))))
                .with("conditionConsents", List.of("GRANTED", "WITHDRAWN", "NONE").stream().map(c -> Map.of("value", c,
                        "label", Messages.text(locale, "segments.consent." + c), "selected",
                        c.equals(filter.path("consent").asText("")))).toList())
                .with("conditionFilter", kept.isEmpty() ? "" : kept.toString())
                .with("conditionKept", String.join(", ", names(kept)))
                .with("everyDays", trigger.path("everyDays").asText(""))
                .with("at", trigger.path("at").asText(""))
                .with("steps", ScenarioForm.steps(tree, errors, scenarios.actions(), stages, locale))
                .with("stepCount", tree.path("steps").size())
                .with("stepTypes", Definition.Step.TYPES.stream().map(t -> Map.of("value", t, "label",
                        Messages.text(locale, "automation.step." + t))).toList())
                .with("errors", errors)
                .with("errorList", errors.entrySet().stream().map(e -> Map.of("anchor", e.getKey(), "message",
                        e.getValue())).toList())
                .with("hasErrors", !errors.isEmpty());
        if (scenario != null) {
            page = page.with("scenario", Map.of("id", scenario.id(), "version", scenario.version(), "enabled",
                    scenario.enabled()))
                    .with("versions", scenarios.versions(scenario.id()).stream().map(v -> Map.of("version",
                            v.get("version"), "at", TimeDisplay.dateTime(locale, instant(v.get("created_at"))))).toList())
                    .with("counts", runs.counts(scenario.id()).entrySet().stream().map(e -> Map.of("state",
                            Messages.text(locale, "automation.run." + e.getKey()), "count", e.getValue())).toList())
                    .with("runs", runRows(runs.ofScenario(scenario.id(), 50), locale))
                    .with("startSegments", ScenarioForm.options(segmentIds, "", segmentNames::get));
        }
        return views.render("crm/scenario", page.scope());
    }

    private static Instant instant(Object value) {
        if (value instanceof java.sql.Timestamp at) {
            return at.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime at) {
            return at.toInstant();
        }
        return value instanceof Instant at ? at : null;
    }

    private List<Option> stages() {
        return scenarios.jdbi().withHandle(h -> h.createQuery("SELECT code, name_ru, name_en FROM funnel_stages"
                + " WHERE active ORDER BY position").map((rs, ctx) -> new Option(rs.getString("code"),
                        LocalizedText.of(rs.getString("name_ru"), rs.getString("name_en")))).list());
    }

    @POST
    @Path("{id: [0-9]+}/enabled")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response enable(@PathParam("id") long id, MultivaluedMap<String, String> posted,
            @Context ContainerRequestContext request) {
        scenarios.enable(id, !"false".equals(posted.getFirst("enabled")));
        Flash.put(request, "flash.saved");
        return Response.seeOther(URI.create("/admin/scenarios/" + id)).build();
    }

    /** Starts the scenario by hand for one person (by id) or a whole segment. */
    @POST
    @Path("{id: [0-9]+}/start")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response start(@PathParam("id") long id, MultivaluedMap<String, String> posted,
            @QueryParam("lang") String lang, @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        try {
            runs.startByHand(id, posted.getFirst("person"), posted.getFirst("segment"), SignedIn.user(request).id(),
                    locale);
            Flash.put(request, "flash.automation.started");
            return Response.seeOther(URI.create("/admin/scenarios/" + id + "#runs")).build();
        } catch (InvalidInputException refused) {
            Map<String, String> errors = new LinkedHashMap<>();
            for (Problem.FieldProblem problem : refused.errors()) {
                errors.put("in-start-" + problem.field(), problem.message());
            }
            Scenarios.Scenario scenario = scenarios.require(id);
            ObjectNode tree = (ObjectNode) ScenarioFile.read(scenarios.export(id, "json"), "json", locale);
            return Response.status(InvalidInputException.UNPROCESSABLE).entity(editor(scenario, tree, errors, locale,
                    request)).type(MediaType.TEXT_HTML_TYPE).build();
        }
    }

    @GET
    @Path("{id: [0-9]+}/export")
    @Produces({MediaType.APPLICATION_JSON, "application/yaml"})
    public Response export(@PathParam("id") long id, @QueryParam("format") String format) {
        boolean yaml = ScenarioFile.yaml(format);
        return Response.ok(scenarios.export(id, format), yaml ? "application/yaml; charset=utf-8"
                : "application/json; charset=utf-8").header("Content-Disposition", "attachment; filename=\"scenario-"
                        + id + (yaml ? ".yaml" : ".json") + "\"").build();
    }

    @GET
    @Path("runs/{run: [0-9]+}")
    public String run(@PathParam("run") long runId, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        Runs.Run run = runs.require(runId);
        List<Definition.Step> steps = scenarios.definition(run.scenarioId(), run.version()).steps();
        Map<Integer, Runs.StepState> states = new LinkedHashMap<>();
        runs.steps(runId).forEach(step -> states.put(step.index(), step));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Runs.StepState state = states.get(i);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("number", i + 1);
            row.put("type", Messages.text(locale, "automation.step." + steps.get(i).type()));
            row.put("state", state == null ? Messages.text(locale, i == run.nextStep() && "RUNNING".equals(run.state())
                    ? "automation.stepState.NEXT" : "automation.stepState.NOT_YET")
                    : Messages.text(locale, "automation.stepState." + state.state()));
            row.put("attempts", state == null ? 0 : state.attempts());
            row.put("summary", state == null ? "" : state.summary());
            row.put("error", state == null ? null : state.error());
            row.put("due", state == null ? "" : TimeDisplay.dateTime(locale, state.dueAt()));
            row.put("started", state == null ? "" : TimeDisplay.dateTime(locale, state.startedAt()));
            row.put("finished", state == null ? "" : TimeDisplay.dateTime(locale, state.finishedAt()));
            row.put("key", "run-" + run.id() + "-step-" + i + "-v" + run.version());
            rows.add(row);
        }
        Map<String, Object> shown = runRow(run, locale);
        shown.put("canPause", "RUNNING".equals(run.state()));
        shown.put("canResume", "PAUSED".equals(run.state()));
        shown.put("canRetry", "FAILED".equals(run.state()));
        shown.put("canCancel", "RUNNING".equals(run.state()) || "PAUSED".equals(run.state()));
        return views.render("crm/scenario-run", Page.of(Messages.text(locale, "automation.runTitle", run.id()), locale,
                SignedIn.user(request)).with("run", shown).with("steps", rows).scope());
    }

    /** {@code pause}, {@code resume} or {@code retry} a run. */
    @POST
    @Path("runs/{run: [0-9]+}/{action: pause|resume|retry}")
    public Response control(@PathParam("run") long runId, @PathParam("action") String action,
            @Context ContainerRequestContext request) {
        switch (action) {
            case "pause" -> runs.pause(runId);
            case "resume" -> runs.resume(runId);
            default -> runs.retry(runId);
        }
        Flash.put(request, "flash.saved");
        return Response.seeOther(URI.create("/admin/scenarios/runs/" + runId)).build();
    }

    @GET
    @Path("runs/{run: [0-9]+}/cancel")
    public String confirmCancel(@PathParam("run") long runId, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        Runs.Run run = runs.require(runId);
        return views.render("crm/scenario-run-cancel", Page.of(Messages.text(locale, "automation.cancelRun"), locale,
                SignedIn.user(request)).with("run", runRow(run, locale)).scope());
    }

    @POST
    @Path("runs/{run: [0-9]+}/cancel")
    public Response cancel(@PathParam("run") long runId, @Context ContainerRequestContext request) {
        runs.cancel(runId);
        Flash.put(request, "flash.saved");
        return Response.seeOther(URI.create("/admin/scenarios/runs/" + runId)).build();
    }

    /** A person's runs, linked from the person's card. */
    @GET
    @Path("persons/{person}")
    public String person(@PathParam("person") String person, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        UUID id;
        try {
            id = UUID.fromString(person);
        } catch (IllegalArgumentException e) {
            throw org.matricula.platform.errors.NotFoundException.localized("refusal.person.missing", person);
        }
        if (scenarios.jdbi().withHandle(h -> h.createQuery("SELECT 1 FROM persons WHERE id = :id").bind("id", id)
                .mapTo(Integer.class).findOne()).isEmpty()) {
            throw org.matricula.platform.errors.NotFoundException.localized("refusal.person.missing", person);
        }
        return views.render("crm/scenario-person", Page.of(Messages.text(locale, "automation.personRuns"), locale,
                SignedIn.user(request)).with("person", id.toString())
                .with("runs", runRows(runs.ofPerson(id, 200), locale)).scope());
    }

    private List<Map<String, Object>> runRows(List<Runs.Run> list, Locale locale) {
        return list.stream().map(run -> runRow(run, locale)).toList();
    }

    private Map<String, Object> runRow(Runs.Run run, Locale locale) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", run.id());
        row.put("scenarioId", run.scenarioId());
        row.put("scenario", run.scenario());
        row.put("version", run.version());
        row.put("personId", run.personId().toString());
        row.put("person", run.person().isBlank() ? run.personId().toString() : run.person());
        row.put("trigger", run.triggerRef());
        row.put("state", Messages.text(locale, "automation.run." + run.state()));
        row.put("started", TimeDisplay.dateTime(locale, run.startedAt()));
        row.put("updated", TimeDisplay.dateTime(locale, run.updatedAt()));
        row.put("finished", TimeDisplay.dateTime(locale, run.finishedAt()));
        return row;
    }
}
