package org.matricula.platform.crm.automation;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.api.actions.ActionCall;
import org.matricula.api.actions.ActionFailure;
import org.matricula.api.actions.ActionPerson;
import org.matricula.api.actions.ActionResult;
import org.matricula.api.actions.ScenarioAction;
import org.matricula.platform.crm.admin.Crm;
import org.matricula.platform.crm.campaigns.MailTemplate;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.notify.MailMessage;
import org.matricula.platform.notify.Outbox;
import org.matricula.platform.notify.OutboxHandler;
import org.matricula.platform.notify.OutboxItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out scenario steps, as the outbox worker's handler of {@value #KIND} entries: whichever
 * node claims an entry advances its runs. Steps that only change the database (mail into the
 * outbox, tags, fields, stages, tasks) run in one transaction per entry, each run inside a
 * savepoint, and are recorded there; a webhook or a plugin's action is called outside any
 * transaction with the step's idempotency key ({@code run-<id>-step-<index>-v<version>}) and its
 * result recorded after, under the run's lock. A failing step is tried again with backoff up to
 * {@link #MAX_ATTEMPTS} times, then the run stops FAILED at it until an admin retries.
 */
public final class StepRunner implements OutboxHandler {

    public static final String KIND = "scenario";
    static final int MAX_ATTEMPTS = 6;
    private static final Logger log = LoggerFactory.getLogger(StepRunner.class);
    private static final TypeReference<Map<String, String>> OUTPUTS = new TypeReference<>() { };
    /** The language of a person's latest declaration, else Russian. */
    private static final String LANGUAGE = "coalesce((SELECT CASE WHEN d.locale LIKE 'en%' THEN 'en' ELSE 'ru' END"
            + " FROM person_declarations pd JOIN declarations d ON d.id = pd.declaration_id WHERE pd.person_id = p.id"
            + " ORDER BY d.submitted_at DESC LIMIT 1), 'ru')";

    private final Jdbi jdbi;
    private final Scenarios scenarios;
    private final Runs runs;
    private final Crm crm;
    private final Outbox outbox;
    private final Clock clock;
    private final Duration backoff;
    private final StepEvents events;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** @param backoff the wait before the second attempt of a failed step; doubled for each one after */
    public StepRunner(Jdbi jdbi, Scenarios scenarios, Runs runs, Crm crm, Outbox outbox, Clock clock,
            Duration backoff) {
        this(jdbi, scenarios, runs, crm, outbox, clock, backoff, StepEvents.NONE);
    }

    /** As above, telling {@code events} of every step finished. */
    public StepRunner(Jdbi jdbi, Scenarios scenarios, Runs runs, Crm crm, Outbox outbox, Clock clock,
            Duration backoff, StepEvents events) {
        this.events = events;
        this.jdbi = jdbi;
        this.scenarios = scenarios;
        this.runs = runs;
        this.crm = crm;
        this.outbox = outbox;
        this.clock = clock;
        this.backoff = backoff;
    }

    /** The state of a run read under its lock. */
    private record RunRow(long id, long scenarioId, int version, UUID person, String state, int nextStep,
            Map<String, String> outputs) {

        String key(int index) {
            return "run-" + id + "-step-" + index + "-v" + version;
        }
    }

    /** A step to call outside the transaction. */
    private record External(RunRow run, int index, Definition.Step step) {
    }

    @Override
    public void handle(OutboxItem item) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (JsonNode id : ScenarioFile.JSON.readTree(item.payload()).path("runs")) {
            ids.add(id.asLong());
        }
        if (ids.size() == 1) {
            advanceOne(ids.get(0));
            return;
        }
        List<Long> external = new ArrayList<>();
        try {
            jdbi.useTransaction(h -> {
                external.clear();
                Map<Long, RunRow> locked = lockAll(h, ids);
                for (long id : ids) {
                    RunRow run = locked.get(id);
                    if (run != null && advanceLocal(h, run).isPresent()) {
                        external.add(id);
                    }
                }
                for (long id : external) {
                    runs.hand(h, List.of(id)); // a call out of the platform, one run per entry
                }
            });
        } catch (RuntimeException e) {
            // a step of one run failed and the whole entry rolled back: each run on its own now, so
            // that the failure is that run's only
            log.info("Scenario entry {} carried out run by run after: {}", item.id(), message(e));
            for (long id : ids) {
                advanceOne(id);
            }
        }
    }

    private void advanceOne(long id) {
        while (true) {
            Optional<External> next;
            try {
                next = jdbi.inTransaction(h -> advanceLocal(h, id));
            } catch (RuntimeException e) {
                jdbi.useTransaction(h -> failed(h, id, message(e), true));
                return;
            }
            if (next.isEmpty()) {
                return;
            }
            External call = next.get();
            try {
                Map<String, String> outputs = new HashMap<>();
                String summary = external(call, outputs);
                boolean recorded = jdbi.inTransaction(h -> done(h, call, summary, outputs));
                if (!recorded) {
                    return;
                }
            } catch (ActionFailure failure) {
                jdbi.useTransaction(h -> failed(h, id, failure.getMessage(), failure.retryable()));
                return;
            } catch (Exception e) {
                jdbi.useTransaction(h -> failed(h, id, message(e), true));
                return;
            }
        }
    }

    private Map<Long, RunRow> lockAll(Handle h, List<Long> ids) {
        Map<Long, RunRow> locked = new HashMap<>();
        h.createQuery("SELECT id, scenario_id, version, person_id, state, next_step, outputs::text AS outputs"
                + " FROM scenario_runs WHERE id = ANY(CAST(:ids AS bigint[])) ORDER BY id FOR UPDATE")
                .bindArray("ids", Long.class, ids.toArray()).map((rs, ctx) -> new RunRow(rs.getLong("id"),
                        rs.getLong("scenario_id"), rs.getInt("version"), rs.getObject("person_id", UUID.class),
                        rs.getString("state"), rs.getInt("next_step"), outputs(rs.getString("outputs"))))
                .forEach(run -> locked.put(run.id(), run));
        return locked;
    }

    private Optional<RunRow> lock(Handle h, long id) {
        return h.createQuery("SELECT id, scenario_id, version, person_id, state, next_step, outputs::text AS outputs"
                + " FROM scenario_runs WHERE id = :id FOR UPDATE").bind("id", id).map((rs, ctx) -> new RunRow(
                        rs.getLong("id"), rs.getLong("scenario_id"), rs.getInt("version"),
                        rs.getObject("person_id", UUID.class), rs.getString("state"), rs.getInt("next_step"),
                        outputs(rs.getString("outputs")))).findOne();
    }

    /**
     * Does a run's due steps that stay in the database, in the caller's transaction; answers the
     * step to call out of the platform when it reaches one.
     */
    private Optional<External> advanceLocal(Handle h, long id) {
        Optional<RunRow> locked = lock(h, id);
        return locked.isEmpty() ? Optional.empty() : advanceLocal(h, locked.get());
    }

    /** As above, for a run locked by the caller. */
    private Optional<External> advanceLocal(Handle h, RunRow run) {
        if (!"RUNNING".equals(run.state())) {
            return Optional.empty();
        }
        List<Definition.Step> steps = scenarios.definition(run.scenarioId(), run.version()).steps();
        Map<String, String> outputs = new LinkedHashMap<>(run.outputs());
        Instant now = clock.instant();
        int index = run.nextStep();
        List<Done> done = new ArrayList<>();
        while (index < steps.size()) {
            Definition.Step step = steps.get(index);
            if (step.external()) {
                recordAll(h, run, done, now);
                save(h, run, index, outputs, null);
                return Optional.of(new External(new RunRow(run.id(), run.scenarioId(), run.version(), run.person(),
                        run.state(), index, outputs), index, step));
            }
            if (Definition.Step.WAIT.equals(step.type())) {
                Instant due = h.createQuery("SELECT due_at FROM scenario_run_steps WHERE run_id = :r AND step_index = :i")
                        .bind("r", run.id()).bind("i", index).mapTo(Instant.class).findOne().orElse(null);
                if (due == null) {
                    due = due(step, now);
                    h.createUpdate("INSERT INTO scenario_run_steps (run_id, step_index, step_type, idempotency_key,"
                            + " state, due_at, started_at) VALUES (:r, :i, :type, :key, 'WAITING', :due, :now)")
                            .bind("r", run.id()).bind("i", index).bind("type", step.type()).bind("key", run.key(index))
                            .bind("due", due).bind("now", now).execute();
                }
                if (now.isBefore(due)) {
                    recordAll(h, run, done, now);
                    save(h, run, index, outputs, null);
                    runs.handAt(h, run.id(), due);
                    return Optional.empty();
                }
                done.add(new Done(index, step.type(), "DONE", TimeDisplay.dateTime(Locale.ENGLISH, due)));
            } else {
                String[] state = {"DONE"};
                String summary = local(h, run, step, outputs, now, state);
                done.add(new Done(index, step.type(), state[0], summary == null ? "" : summary));
            }
            index++;
        }
        recordAll(h, run, done, now);
        save(h, run, index, outputs, "DONE");
        return Optional.empty();
    }

    /** A step done in the database, recorded with the others of its run in one statement. */
    private record Done(int index, String type, String state, String summary) {
    }

    private void recordAll(Handle h, RunRow run, List<Done> done, Instant now) {
        if (done.isEmpty()) {
            return;
        }
        h.createUpdate("INSERT INTO scenario_run_steps (run_id, step_index, step_type, idempotency_key, state,"
                + " attempts, summary, started_at, finished_at) SELECT :r, i, t, 'run-' || :r || '-step-' || i || '-v'"
                + " || :v, st, 1, sm, :now, :now FROM unnest(CAST(:indexes AS integer[]), CAST(:types AS text[]),"
                + " CAST(:states AS text[]), CAST(:summaries AS text[])) AS d(i, t, st, sm)"
                + " ON CONFLICT (run_id, step_index) DO UPDATE SET state = excluded.state, attempts ="
                + " scenario_run_steps.attempts + 1, summary = excluded.summary, error = NULL, finished_at = :now")
                .bind("r", run.id()).bind("v", run.version()).bind("now", now)
                .bindArray("indexes", Integer.class, done.stream().map(Done::index).toArray())
                .bindArray("types", String.class, done.stream().map(Done::type).toArray())
                .bindArray("states", String.class, done.stream().map(Done::state).toArray())
                .bindArray("summaries", String.class, done.stream().map(Done::summary).toArray())
                .execute();
        events.finished(h, done.stream().map(step -> new StepEvents.Finished(run.scenarioId(), run.version(), run.id(),
                run.person(), step.index(), step.type(), step.state(), step.summary(), run.key(step.index()))).toList());
        done.clear();
    }

    private Instant due(Definition.Step step, Instant now) {
        Optional<Duration> period = ScenarioFile.period(step.param("period"));
        if (period.isPresent()) {
            return now.plus(period.get());
        }
        return ScenarioFile.until(step.param("until")).map(at -> at.atZone(TimeDisplay.zone()).toInstant())
                .orElse(now);
    }

    private void record(Handle h, RunRow run, int index, Definition.Step step, String state, String summary,
            Instant now) {
        h.createUpdate("INSERT INTO scenario_run_steps (run_id, step_index, step_type, idempotency_key, state,"
                + " attempts, summary, started_at, finished_at) VALUES (:r, :i, :type, :key, :state, 1, :summary, :now,"
                + " :now) ON CONFLICT (run_id, step_index) DO UPDATE SET state = :state, attempts ="
                + " scenario_run_steps.attempts + 1, summary = :summary, error = NULL, finished_at = :now")
                .bind("r", run.id()).bind("i", index).bind("type", step.type()).bind("key", run.key(index))
                .bind("state", state).bind("summary", summary == null ? "" : summary).bind("now", now).execute();
        events.finished(h, List.of(new StepEvents.Finished(run.scenarioId(), run.version(), run.id(), run.person(), index,
                step.type(), state, summary == null ? "" : summary, run.key(index))));
    }

    private void save(Handle h, RunRow run, int next, Map<String, String> outputs, String state) {
        h.createUpdate("UPDATE scenario_runs SET next_step = :next, outputs = CAST(:outputs AS jsonb),"
                + " state = coalesce(:state, state), updated_at = now(),"
                + " finished_at = CASE WHEN :state IS NULL THEN finished_at ELSE now() END WHERE id = :id")
                .bind("next", next).bind("outputs", Scenarios.json(outputs)).bind("state", state).bind("id", run.id())
                .execute();
    }

    /** A step that stays in the database; answers its line for the run log. */
    private String local(Handle h, RunRow run, Definition.Step step, Map<String, String> outputs, Instant now,
            String[] state) {
        UUID person = run.person();
        switch (step.type()) {
            case Definition.Step.ADD_TAG -> {
                String tag = step.param("tag").strip();
                return crm.persons().addTags(h, person, List.of(tag)).isEmpty() ? "=" + tag : "+" + tag;
            }
            case Definition.Step.SET_FIELD -> {
                String value = render(h, step.param("value"), person, outputs).strip();
                crm.persons().setField(h, person, step.param("field"), value);
                return step.param("field") + " = " + value;
            }
            case Definition.Step.MOVE_STAGE -> {
                boolean moved = crm.funnel().moveTo(h, person, step.param("stage"), step.param("reason").strip(), now);
                return (moved ? "→ " : "= ") + step.param("stage");
            }
            case Definition.Step.TASK -> {
                String named = step.param("assignee").strip();
                UUID assignee = named.isEmpty() ? null : named.equalsIgnoreCase(Definition.Step.CURATOR)
                        ? curator(h, run.id(), person) : h.createQuery("SELECT id FROM accounts"
                        + " WHERE lower(email) = lower(:email) AND role <> 'APPLICANT'")
                        .bind("email", named).mapTo(UUID.class).findOne().orElse(null);
                if (assignee == null) {
                    assignee = h.createQuery("SELECT manager_id FROM persons WHERE id = :id").bind("id", person)
                            .mapTo(UUID.class).findOne().orElse(null);
                }
                Instant due = step.param("dueDays").isBlank() ? null
                        : now.plus(Duration.ofDays(Long.parseLong(step.param("dueDays").strip())));
                String title = render(h, step.param("title"), person, outputs).strip();
                long task = crm.tasks().create(h, person, title.isEmpty() ? step.param("title") : title, assignee, due,
                        null);
                outputs.put("taskId", Long.toString(task));
                return "#" + task + " " + title;
            }
            case Definition.Step.MAIL -> {
                Map<String, Object> scope = scope(h, person, outputs);
                scope.put("language", h.createQuery("SELECT " + LANGUAGE + " FROM persons p WHERE p.id = :id")
                        .bind("id", person).mapTo(String.class).findOne().orElse("ru"));
                String email = (String) scope.get("email");
                if (email == null || email.isBlank()) {
                    state[0] = "SKIPPED";
                    return "no address";
                }
                boolean english = "en".equals(scope.get("language"));
                String subject = render(step.param(english ? "subjectEn" : "subjectRu"), scope)
                        .replaceAll("[\\r\\n]+", " ").strip();
                String body = render(step.param(english ? "bodyEn" : "bodyRu"), scope);
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("X-Matricula-Scenario", Long.toString(run.scenarioId()));
                outbox.mail(h, new MailMessage(email, subject, body, headers));
                return email + ": " + subject;
            }
            default -> throw new IllegalStateException("not a step of the database: " + step.type());
        }
    }

    /** The fields a mail or a title may use: the person's, and the run's outputs under {@code run}. */
    private Map<String, Object> scope(Handle h, UUID person, Map<String, String> outputs) {
        Map<String, Object> scope = h.createQuery("SELECT first_name, last_name, middle_name, full_name, email,"
                + " coalesce(stage, '') AS stage FROM persons p WHERE p.id = :id")
                .bind("id", person).map((rs, ctx) -> {
                    Map<String, Object> fields = new HashMap<>();
                    fields.put("firstName", rs.getString("first_name"));
                    fields.put("lastName", rs.getString("last_name"));
                    fields.put("middleName", rs.getString("middle_name"));
                    fields.put("fullName", rs.getString("full_name"));
                    fields.put("email", rs.getString("email"));
                    fields.put("stage", rs.getString("stage"));
                    return fields;
                }).findOne().orElseGet(HashMap::new);
        scope.put("run", new HashMap<>(outputs));
        return scope;
    }

    /** A text with placeholders, the person's fields read only when it has some. */
    /**
     * The curator of the program a person is stuck in: the program of the STUCK timeline entry that
     * started the run, else of the person's latest open flag; null when it has none.
     */
    private static UUID curator(Handle h, long run, UUID person) {
        return h.createQuery("""
                SELECT pg.curator_id FROM programs pg WHERE pg.id = coalesce(
                    (SELECT CAST(te.details ->> 'programId' AS bigint) FROM scenario_runs r
                     JOIN timeline_entries te ON te.id = CASE WHEN r.trigger_ref ~ '^timeline:[0-9]{1,18}$'
                                                            THEN CAST(substr(r.trigger_ref, 10) AS bigint) END
                     WHERE r.id = :run AND te.kind = 'STUCK'),
                    (SELECT f.program_id FROM stuck_flags f WHERE f.person_id = :person AND f.cleared_at IS NULL
                     ORDER BY f.since DESC, f.id DESC LIMIT 1))""")
                .bind("run", run).bind("person", person).mapTo(UUID.class).findOne().orElse(null);
    }

    private String render(Handle h, String template, UUID person, Map<String, String> outputs) {
        return template.contains("{{") ? render(template, scope(h, person, outputs)) : template;
    }

    private static String render(String template, Map<String, Object> scope) {
        return MailTemplate.compile(template).map(t -> t.render(scope)).orElse(template);
    }

    /** Calls a webhook or a plugin's action; answers its line for the run log and fills in its outputs. */
    private String external(External call, Map<String, String> outputs) throws Exception {
        RunRow run = call.run();
        String key = run.key(call.index());
        if (Definition.Step.WEBHOOK.equals(call.step().type())) {
            return webhook(call, key, outputs);
        }
        String name = call.step().param("action");
        Optional<ScenarioAction> action = scenarios.actions().find(name);
        if (action.isEmpty()) {
            throw new ActionFailure("the action " + name + " is not installed", true);
        }
        Map<String, String> parameters = new LinkedHashMap<>(call.step().params());
        parameters.remove("action");
        ActionResult result = scenarios.actions().execute(name, action.get(), new ActionCall(key,
                person(run.person()), parameters, run.outputs()));
        outputs.putAll(result.outputs());
        return result.summary();
    }

    private ActionPerson person(UUID id) {
        return jdbi.withHandle(h -> {
            Map<String, Object> row = h.createQuery("SELECT last_name, first_name, middle_name, email, phone, "
                    + LANGUAGE + " AS language FROM persons p WHERE p.id = :id").bind("id", id).mapToMap().one();
            List<String> emails = contacts(h, id, "EMAIL", (String) row.get("email"));
            List<String> phones = contacts(h, id, "PHONE", (String) row.get("phone"));
            return new ActionPerson(id.toString(), (String) row.get("last_name"), (String) row.get("first_name"),
                    (String) row.get("middle_name"), emails, phones, (String) row.get("language"));
        });
    }

    private static List<String> contacts(Handle h, UUID id, String kind, String preferred) {
        List<String> all = new ArrayList<>();
        if (preferred != null && !preferred.isBlank()) {
            all.add(preferred);
        }
        for (String value : h.createQuery("SELECT value FROM person_contacts WHERE person_id = :id AND kind = :kind"
                + " ORDER BY id").bind("id", id).bind("kind", kind).mapTo(String.class).list()) {
            if (!all.contains(value)) {
                all.add(value);
            }
        }
        return all;
    }

    private String webhook(External call, String key, Map<String, String> outputs) throws Exception {
        RunRow run = call.run();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("scenario", run.scenarioId());
        body.put("version", run.version());
        body.put("run", run.id());
        body.put("step", call.index());
        body.put("idempotencyKey", key);
        Map<String, Object> person = jdbi.withHandle(h -> h.createQuery("SELECT id::text AS id, full_name AS \"fullName\","
                + " email, coalesce(stage, '') AS stage FROM persons WHERE id = :id").bind("id", run.person())
                .mapToMap().one());
        body.put("person", person);
        body.put("outputs", run.outputs());
        byte[] json = ScenarioFile.JSON.writeValueAsBytes(body);
        String url = call.step().param("url").strip();
        Optional<String> refused = scenarios.webhookRefusal(url);
        if (refused.isPresent()) {
            // checked again at each call: the host's name may resolve inside the network by now
            throw new ActionFailure("webhook refused: " + refused.get(), false);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).header("X-Matricula-Signature", "sha256=" + sign(
                        call.step().param("secret"), json))
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new ActionFailure("webhook unreachable: " + e.getClass().getSimpleName(), true);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            try {
                JsonNode answer = ScenarioFile.JSON.readTree(response.body());
                for (Iterator<Map.Entry<String, JsonNode>> it = answer.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> field = it.next();
                    if (field.getValue().isValueNode()) {
                        outputs.put(field.getKey(), field.getValue().asText());
                    }
                }
            } catch (java.io.IOException | RuntimeException notJson) {
                // an answer that is not a JSON object brings no outputs
            }
            return "HTTP " + status;
        }
        boolean retryable = status >= 500 || status == 408 || status == 429;
        throw new ActionFailure("webhook answered HTTP " + status, retryable);
    }

    /** HMAC-SHA256 of the body with the step's secret, in hex. */
    static String sign(String secret, byte[] body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec((secret == null ? "" : secret).getBytes(StandardCharsets.UTF_8).length == 0
                ? new byte[1] : secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(body));
    }

    /** Records an external step's result if the run still stands at it; answers whether it went on. */
    private boolean done(Handle h, External call, String summary, Map<String, String> outputs) {
        Optional<RunRow> locked = lock(h, call.run().id());
        if (locked.isEmpty() || locked.get().nextStep() != call.index() || !"RUNNING".equals(locked.get().state())) {
            return false;
        }
        Map<String, String> all = new LinkedHashMap<>(locked.get().outputs());
        all.putAll(outputs);
        record(h, locked.get(), call.index(), call.step(), "DONE", summary, clock.instant());
        save(h, locked.get(), call.index() + 1, all, null);
        return true;
    }

    /** A step failed: tried again after a backoff, or the run stops FAILED at it. */
    private void failed(Handle h, long id, String error, boolean retryable) {
        Optional<RunRow> locked = lock(h, id);
        if (locked.isEmpty() || !"RUNNING".equals(locked.get().state())) {
            return;
        }
        RunRow run = locked.get();
        List<Definition.Step> steps = scenarios.definition(run.scenarioId(), run.version()).steps();
        if (run.nextStep() >= steps.size()) {
            return;
        }
        Definition.Step step = steps.get(run.nextStep());
        Instant now = clock.instant();
        int attempts = h.createQuery("INSERT INTO scenario_run_steps (run_id, step_index, step_type, idempotency_key,"
                + " state, attempts, error, started_at) VALUES (:r, :i, :type, :key, 'RETRYING', 1, :error, :now)"
                + " ON CONFLICT (run_id, step_index) DO UPDATE SET attempts = scenario_run_steps.attempts + 1,"
                + " error = :error RETURNING attempts").bind("r", id).bind("i", run.nextStep())
                .bind("type", step.type()).bind("key", run.key(run.nextStep())).bind("error", error).bind("now", now)
                .mapTo(Integer.class).one();
        boolean again = retryable && attempts < MAX_ATTEMPTS;
        h.createUpdate("UPDATE scenario_run_steps SET state = :state, finished_at = :finished WHERE run_id = :r"
                + " AND step_index = :i").bind("state", again ? "RETRYING" : "FAILED")
                .bind("finished", again ? null : now).bind("r", id).bind("i", run.nextStep()).execute();
        if (again) {
            runs.handAt(h, id, now.plus(backoff.multipliedBy(1L << Math.min(attempts - 1, 12))));
        } else {
            h.createUpdate("UPDATE scenario_runs SET state = 'FAILED', updated_at = now(), finished_at = now()"
                    + " WHERE id = :id").bind("id", id).execute();
        }
        log.warn("Scenario run {} failed at step {} (attempt {}): {}{}", id, run.nextStep(), attempts, error,
                again ? "; trying again" : "; stopped");
    }

    private static String message(Exception e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return e.getClass().getSimpleName() + ": " + (message.length() > 500 ? message.substring(0, 500) : message);
    }

    private static Map<String, String> outputs(String json) {
        try {
            return json == null ? Map.of() : ScenarioFile.JSON.readValue(json, OUTPUTS);
        } catch (java.io.IOException e) {
            return Map.of();
        }
    }
}
