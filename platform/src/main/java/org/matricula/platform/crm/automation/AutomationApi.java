package org.matricula.platform.crm.automation;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.matricula.api.actions.ScenarioAction;
import org.matricula.api.form.Field;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.SignedIn;

/** Automation scenarios for API clients: scenarios as files, their versions, runs and run control. */
@RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER})
@Path("/api/v1/crm/scenarios")
@Produces(MediaType.APPLICATION_JSON)
public final class AutomationApi {

    private final Scenarios scenarios;
    private final Runs runs;

    public AutomationApi(Scenarios scenarios, Runs runs) {
        this.scenarios = scenarios;
        this.runs = runs;
    }

    @GET
    public Map<String, Object> all() {
        return Map.of("scenarios", scenarios.all().stream().map(AutomationApi::json).toList());
    }

    /** Creates a scenario from its file's JSON ({@code name}, {@code trigger}, {@code condition}, {@code steps}). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body, @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        Scenarios.Scenario created = scenarios.create(scenarios.check(tree(body, locale), locale),
                SignedIn.apiUser(request).id());
        return Response.status(Response.Status.CREATED).entity(one(created.id())).build();
    }

    @GET
    @Path("{id: [0-9]+}")
    public Map<String, Object> one(@PathParam("id") long id) {
        Scenarios.Scenario scenario = scenarios.require(id);
        Map<String, Object> json = json(scenario);
        json.putAll(scenarios.definition(id, scenario.version()).json());
        json.put("versions", scenarios.versions(id).stream().map(v -> Map.of("version", v.get("version"),
                "createdAt", String.valueOf(v.get("created_at")))).toList());
        json.put("runs", runs.counts(id));
        return json;
    }

    /** Saves a new version; runs already started stay on theirs. */
    @PUT
    @Path("{id: [0-9]+}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("id") long id, JsonNode body,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        scenarios.require(id);
        scenarios.update(id, scenarios.check(tree(body, locale), locale), SignedIn.apiUser(request).id());
        return one(id);
    }

    @POST
    @Path("{id: [0-9]+}/enabled")
    public Map<String, Object> enable(@PathParam("id") long id, @QueryParam("enabled") Boolean enabled) {
        scenarios.enable(id, !Boolean.FALSE.equals(enabled));
        return one(id);
    }

    /** The scenario's current version as a file: {@code format=json} (the default) or {@code yaml}. */
    @GET
    @Path("{id: [0-9]+}/export")
    @Produces({MediaType.APPLICATION_JSON, "application/yaml"})
    public Response export(@PathParam("id") long id, @QueryParam("format") String format) {
        boolean yaml = ScenarioFile.yaml(format);
        return Response.ok(scenarios.export(id, format), yaml ? "application/yaml; charset=utf-8"
                : "application/json; charset=utf-8").header("Content-Disposition", "attachment; filename=\"scenario-"
                        + id + (yaml ? ".yaml" : ".json") + "\"").build();
    }

    /** Creates a scenario from a file's text, JSON or YAML ({@code format}); bad parts answer 422 with their paths. */
    @POST
    @Path("import")
    @Consumes({MediaType.TEXT_PLAIN, "application/yaml", "text/yaml", MediaType.WILDCARD})
    public Response importFile(String text, @QueryParam("format") String format,
            @Context ContainerRequestContext request) {
        Scenarios.Scenario created = scenarios.importFile(text, format, SignedIn.apiUser(request).id(),
                Language.of(request));
        return Response.status(Response.Status.CREATED).entity(one(created.id())).build();
    }

    /** Whom to start a scenario for by hand: one person's id, or a segment's id. */
    public record StartInput(String person, String segment) {
    }

    @POST
    @Path("{id: [0-9]+}/start")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> start(@PathParam("id") long id, StartInput input,
            @Context ContainerRequestContext request) {
        StartInput given = input == null ? new StartInput(null, null) : input;
        return Map.of("started", runs.startByHand(id, given.person(), given.segment(), SignedIn.apiUser(request).id(),
                Language.of(request)));
    }

    @GET
    @Path("{id: [0-9]+}/runs")
    public Map<String, Object> runsOf(@PathParam("id") long id, @QueryParam("limit") Integer limit) {
        scenarios.require(id);
        return Map.of("runs", runs.ofScenario(id, limit(limit)).stream().map(AutomationApi::json).toList());
    }

    /** A person's runs ({@code person} is the person's id). */
    @GET
    @Path("runs")
    public Map<String, Object> runsOfPerson(@QueryParam("person") String person, @QueryParam("limit") Integer limit,
            @Context ContainerRequestContext request) {
        UUID id;
        try {
            id = UUID.fromString(person == null ? "" : person.strip());
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.field("person", Messages.text(Language.of(request), "automation.error.person"));
        }
        return Map.of("runs", runs.ofPerson(id, limit(limit)).stream().map(AutomationApi::json).toList());
    }

    @GET
    @Path("runs/{run: [0-9]+}")
    public Map<String, Object> run(@PathParam("run") long run) {
        Map<String, Object> json = json(runs.require(run));
        json.put("steps", runs.steps(run).stream().map(step -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("index", step.index());
            row.put("type", step.type());
            row.put("state", step.state());
            row.put("attempts", step.attempts());
            row.put("summary", step.summary());
            row.put("error", step.error());
            row.put("dueAt", text(step.dueAt()));
            row.put("startedAt", text(step.startedAt()));
            row.put("finishedAt", text(step.finishedAt()));
            row.put("idempotencyKey", step.idempotencyKey());
            return row;
        }).toList());
        return json;
    }

    /** {@code pause}, {@code resume}, {@code cancel} or {@code retry} (a failed run's failed step). */
    @POST
    @Path("runs/{run: [0-9]+}/{action: pause|resume|cancel|retry}")
    public Map<String, Object> control(@PathParam("run") long run, @PathParam("action") String action) {
        switch (action) {
            case "pause" -> runs.pause(run);
            case "resume" -> runs.resume(run);
            case "cancel" -> runs.cancel(run);
            default -> runs.retry(run);
        }
        return run(run);
    }

    /** The plugins' actions a step may run, with their parameters. */
    @GET
    @Path("actions")
    public Map<String, Object> actions(@Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        return Map.of("actions", scenarios.actions().all().entrySet().stream().map(entry -> {
            ScenarioAction action = entry.getValue();
            return Map.of("name", entry.getKey(), "title", action.title().in(locale), "ready", action.ready(),
                    "parameters", action.parameters().fields().stream().map(Field::name).toList());
        }).toList());
    }

    private static JsonNode tree(JsonNode body, Locale locale) {
        if (body == null || !body.isObject()) {
            throw InvalidInputException.field("file", Messages.text(locale, "automation.error.file"));
        }
        return body;
    }

    private static int limit(Integer limit) {
        return limit == null ? 100 : Math.max(1, Math.min(1000, limit));
    }

    static Map<String, Object> json(Scenarios.Scenario scenario) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", scenario.id());
        json.put("name", scenario.name());
        json.put("version", scenario.version());
        json.put("enabled", scenario.enabled());
        json.put("triggerType", scenario.triggerType());
        json.put("updatedAt", scenario.updatedAt().toString());
        return json;
    }

    static Map<String, Object> json(Runs.Run run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", run.id());
        json.put("scenario", run.scenarioId());
        json.put("scenarioName", run.scenario());
        json.put("version", run.version());
        json.put("person", run.personId().toString());
        json.put("personName", run.person());
        json.put("trigger", run.triggerRef());
        json.put("state", run.state());
        json.put("nextStep", run.nextStep());
        json.put("startedAt", text(run.startedAt()));
        json.put("updatedAt", text(run.updatedAt()));
        json.put("finishedAt", text(run.finishedAt()));
        return json;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    static List<String> noList() {
        return List.of();
    }
}
