package org.matricula.platform.crm.automation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.api.actions.ScenarioAction;
import org.matricula.platform.crm.segments.SegmentFilter;
import org.matricula.platform.crm.segments.Segments;
import org.matricula.platform.crm.webhooks.WebhookUrls;
import org.matricula.platform.errors.NotFoundException;

/**
 * Scenarios and their versions. Saving a scenario makes a new version (versions are never changed,
 * a database trigger sees to it), so runs in flight keep the version they started with.
 */
public final class Scenarios {

    private final Jdbi jdbi;
    private final Segments segments;
    private final Actions actions;
    private final WebhookUrls webhookUrls;
    private final Map<String, Definition> versions = new ConcurrentHashMap<>();

    public Scenarios(Jdbi jdbi, Segments segments, Actions actions, WebhookUrls webhookUrls) {
        this.jdbi = jdbi;
        this.segments = segments;
        this.actions = actions;
        this.webhookUrls = webhookUrls;
    }

    /** Why a webhook step may not call this URL now (a message key), or empty when it may. */
    public Optional<String> webhookRefusal(String url) {
        return webhookUrls.refusal(url);
    }

    public record Scenario(long id, String name, int version, boolean enabled, String triggerType,
            Instant createdAt, Instant updatedAt) {
    }

    public record Version(long scenarioId, int version, Definition definition) {
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Actions actions() {
        return actions;
    }

    public List<Scenario> all() {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " ORDER BY name, id").map((rs, ctx) -> scenario(rs)).list());
    }

    public Optional<Scenario> find(long id) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> scenario(rs)).findOne());
    }

    public Scenario require(long id) {
        return find(id).orElseThrow(() -> NotFoundException.localized("automation.missing", String.valueOf(id)));
    }

    private static final String SELECT = "SELECT id, name, current_version, enabled, trigger_type, created_at,"
            + " updated_at FROM scenarios";

    private static Scenario scenario(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Scenario(rs.getLong("id"), rs.getString("name"), rs.getInt("current_version"),
                rs.getBoolean("enabled"), rs.getString("trigger_type"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    /** A version's definition; versions never change, so each is read once. */
    public Definition definition(long scenarioId, int version) {
        return versions.computeIfAbsent(scenarioId + "/" + version, key -> jdbi.withHandle(h -> h.createQuery(
                "SELECT definition::text FROM scenario_versions WHERE scenario_id = :id AND version = :v")
                .bind("id", scenarioId).bind("v", version).mapTo(String.class).findOne()
                .map(Scenarios::stored)
                .orElseThrow(() -> NotFoundException.localized("automation.missing", String.valueOf(scenarioId)))));
    }

    public Version current(long scenarioId) {
        Scenario scenario = require(scenarioId);
        return new Version(scenarioId, scenario.version(), definition(scenarioId, scenario.version()));
    }

    /** The versions of a scenario, newest first: number and time made. */
    public List<Map<String, Object>> versions(long scenarioId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT version, created_at FROM scenario_versions"
                + " WHERE scenario_id = :id ORDER BY version DESC").bind("id", scenarioId).mapToMap().list());
    }

    /** Reads and checks a scenario given as a tree (a file, the API's JSON, a form). */
    public ScenarioFile.Parsed check(JsonNode tree, Locale locale) {
        return ScenarioFile.check(tree, context(), locale);
    }

    public Scenario create(ScenarioFile.Parsed parsed, UUID actor) {
        long id = jdbi.inTransaction(h -> {
            long created = h.createQuery("INSERT INTO scenarios (name, enabled, trigger_type, created_by, from_entry)"
                    + " VALUES (:name, :enabled, :trigger, :actor, (SELECT coalesce(max(id), 0) FROM timeline_entries))"
                    + " RETURNING id").bind("name", parsed.name()).bind("enabled", parsed.enabled())
                    .bind("trigger", parsed.definition().trigger().type()).bind("actor", actor).mapTo(Long.class).one();
            insertVersion(h, created, 1, parsed.definition(), actor);
            return created;
        });
        return require(id);
    }

    /** Saves a new version; runs already started stay on theirs. */
    public Scenario update(long id, ScenarioFile.Parsed parsed, UUID actor) {
        jdbi.useTransaction(h -> {
            int version = h.createQuery("SELECT current_version FROM scenarios WHERE id = :id FOR UPDATE")
                    .bind("id", id).mapTo(Integer.class).findOne()
                    .orElseThrow(() -> NotFoundException.localized("automation.missing", String.valueOf(id))) + 1;
            insertVersion(h, id, version, parsed.definition(), actor);
            h.createUpdate("UPDATE scenarios SET name = :name, enabled = :enabled, trigger_type = :trigger,"
                    + " current_version = :version, updated_at = now() WHERE id = :id").bind("name", parsed.name())
                    .bind("enabled", parsed.enabled()).bind("trigger", parsed.definition().trigger().type())
                    .bind("version", version).bind("id", id).execute();
        });
        return require(id);
    }

    public void enable(long id, boolean enabled) {
        require(id);
        jdbi.useHandle(h -> h.createUpdate("UPDATE scenarios SET enabled = :enabled, updated_at = now() WHERE id = :id")
                .bind("enabled", enabled).bind("id", id).execute());
    }

    private void insertVersion(Handle h, long id, int version, Definition definition, UUID actor) {
        h.createUpdate("INSERT INTO scenario_versions (scenario_id, version, definition, created_by)"
                + " VALUES (:id, :version, CAST(:definition AS jsonb), :actor)").bind("id", id).bind("version", version)
                .bind("definition", json(definition.json())).bind("actor", actor).execute();
        if (Definition.Trigger.SCHEDULE.equals(definition.trigger().type())) {
            h.createUpdate("INSERT INTO scenario_schedules (scenario_id) VALUES (:id) ON CONFLICT DO NOTHING")
                    .bind("id", id).execute();
        }
    }

    /** The file of a scenario's current version. */
    public String export(long id, String format) {
        Scenario scenario = require(id);
        return ScenarioFile.write(scenario.name(), scenario.enabled(), definition(id, scenario.version()), format);
    }

    /** Creates a scenario from a file, or refuses it with a message per field. */
    public Scenario importFile(String text, String format, UUID actor, Locale locale) {
        return create(check(ScenarioFile.read(text, format, locale), locale), actor);
    }

    private ScenarioFile.Context context() {
        Set<String> stages = new HashSet<>(jdbi.withHandle(h -> h.createQuery(
                "SELECT code FROM funnel_stages WHERE active").mapTo(String.class).list()));
        return new ScenarioFile.Context() {
            @Override
            public Set<String> stages() {
                return stages;
            }

            @Override
            public boolean segmentExists(long id) {
                return segments.find(id).isPresent();
            }

            @Override
            public boolean staffExists(String email) {
                return jdbi.withHandle(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM accounts WHERE"
                        + " lower(email) = lower(:email) AND role <> 'APPLICANT')").bind("email", email.strip())
                        .mapTo(Boolean.class).one());
            }

            @Override
            public Optional<ScenarioAction> action(String id) {
                return actions.find(id);
            }

            @Override
            public Optional<String> webhookRefusal(String url) {
                return webhookUrls.refusal(url);
            }
        };
    }

    static String json(Object value) {
        try {
            return ScenarioFile.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stored definition, read as it was saved (its segments or stages may be gone since: runs then fail). */
    static Definition stored(String text) {
        try {
            JsonNode node = ScenarioFile.JSON.readTree(text);
            JsonNode t = node.path("trigger");
            Definition.Trigger trigger = new Definition.Trigger(t.path("type").asText(), t.path("status").asText(null),
                    t.path("stage").asText(null), t.hasNonNull("segment") ? t.path("segment").asLong() : null,
                    t.hasNonNull("everyDays") ? t.path("everyDays").asInt() : null, t.path("at").asText(null));
            Long condition = node.path("condition").hasNonNull("segment")
                    ? node.path("condition").path("segment").asLong() : null;
            SegmentFilter filter = node.path("condition").hasNonNull("filter")
                    ? ScenarioFile.JSON.treeToValue(node.path("condition").path("filter"), SegmentFilter.class) : null;
            List<Definition.Step> steps = new ArrayList<>();
            for (JsonNode s : node.path("steps")) {
                Map<String, String> params = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> field = it.next();
                    if (!field.getKey().equals("type")) {
                        params.put(field.getKey(), field.getValue().asText());
                    }
                }
                steps.add(new Definition.Step(s.path("type").asText(), params));
            }
            return new Definition(trigger, condition, filter, steps);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored scenario version cannot be read", e);
        }
    }
}
