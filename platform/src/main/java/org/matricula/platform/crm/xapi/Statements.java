package org.matricula.platform.crm.xapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.http.JsonMapper;

/**
 * The store of xAPI statements: each kept once by its id within the LMS client that sent it, a
 * batch all or nothing, voiding honoured in either order (a voiding statement that arrives before
 * its target voids it on arrival). Each client's ids are its own, as if no other client existed:
 * another client's statement under the same id is neither read, nor voided, nor in the way.
 */
public final class Statements {

    private static final ObjectMapper JSON = JsonMapper.create();

    private final Jdbi jdbi;

    public Statements(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Stores the statements not stored yet, in one transaction. A statement whose id this client
     * already stored with the same content changes nothing; with other content the whole batch is
     * refused.
     *
     * @param clientId the LMS client that sent them, or null for statements entered by hand
     * @return how many were new
     */
    public int store(List<Statement> batch, Long clientId) {
        Map<UUID, Statement> byId = new LinkedHashMap<>();
        for (Statement statement : batch) {
            Statement earlier = byId.putIfAbsent(statement.id(), statement);
            if (earlier != null && !earlier.body().equals(statement.body())) {
                throw Conflict.localized("xapi.conflict.sameIdTwice", statement.id());
            }
        }
        List<Statement> unique = new ArrayList<>(byId.values());
        return jdbi.inTransaction(handle -> {
            Set<UUID> inserted = insert(handle, unique, clientId);
            List<UUID> known = unique.stream().map(Statement::id).filter(id -> !inserted.contains(id)).toList();
            if (!known.isEmpty()) {
                refuseChanged(handle, byId, known, clientId);
            }
            return inserted.size();
        });
    }

    /**
     * Statements read from JSON as an LMS sends them (one or an array), stored as {@link #store}
     * does; for tools such as the demo.
     */
    public int storeJson(JsonNode statements, Long clientId, java.time.Instant now) {
        return store(new StatementReader(java.util.Locale.ENGLISH, now).batch(statements, XapiResource.MOST_PER_BATCH),
                clientId);
    }

    /**
     * The statement with this id that this LMS client sent, whole, unless it is unknown, another
     * client's or hand-entered (each client sees only its own, as if the others' did not exist), or
     * (asked for as not voided) voided.
     */
    public Optional<ObjectNode> find(UUID id, boolean voided, long clientId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT body::text FROM xapi_statements WHERE id = :id AND client_id = :client AND voided = :voided""")
                .bind("id", id).bind("client", clientId).bind("voided", voided).mapTo(String.class).findOne()
                .map(Statements::object));
    }

    /**
     * A batch in one statement, whatever its size: every column goes as an array, cast in SQL.
     * The statements this client has not stored yet are inserted (the others are left to
     * {@link #refuseChanged}), a new one already voided when a voiding statement of the batch or one
     * the client stored names it (a voiding statement itself cannot be voided); the client's stored
     * statements the new voiding ones name are voided (a client's voiding statements void only its
     * own statements, in either order; one naming an id the client never sent voids nothing, as xAPI
     * asks an LRS not to refuse it); and the new completions, passes and fails that are not voided
     * go on the timeline of the CRM person whose email the actor's is (progress alone does not, or a
     * course would fill the timeline). Until December these were three statements, each finding the
     * batch's rows again.
     */
    static final String INSERT = """
            WITH batch AS (
                SELECT * FROM unnest(:ids::uuid[], :actors, :emails, :verbs, :objects, :names, :scores::numeric[],
                                     :successes::boolean[], :completions::boolean[], :durations::bigint[],
                                     :progress::smallint[], :voids::uuid[], :times::timestamptz[], :bodies::jsonb[])
                     AS s (id, actor, email, verb, object, name, score, success, completion, duration, progress,
                           voids, at, body)),
            stored AS (
                INSERT INTO xapi_statements (id, client_id, actor, actor_email, verb, object_id, object_name,
                    score_scaled, success, completion, duration_ms, progress, voids, occurred_at, body, voided)
                SELECT s.id, :client, s.actor,
                       -- an LMS account linked to a person counts under that person's address (LmsAccounts)
                       coalesce(s.email, (SELECT a.email FROM lms_accounts a WHERE a.actor = s.actor)),
                       s.verb, s.object, s.name, s.score, s.success, s.completion,
                       s.duration, s.progress, s.voids, s.at, s.body,
                       s.voids IS NULL AND (s.id IN (SELECT b.voids FROM batch b WHERE b.voids IS NOT NULL)
                                            OR EXISTS (SELECT 1 FROM xapi_statements v
                                                       WHERE v.voids = s.id AND v.client_id = :client))
                FROM batch s
                ON CONFLICT (id, (coalesce(client_id, 0))) DO NOTHING
                RETURNING id, actor_email, verb, object_id, object_name, score_scaled, success, voids, occurred_at,
                          voided),
            voiding AS (
                UPDATE xapi_statements t SET voided = true
                WHERE t.id IN (SELECT s.voids FROM stored s WHERE s.voids IS NOT NULL)
                  AND t.client_id = :client AND NOT t.voided AND t.voids IS NULL),
            timeline AS (
                INSERT INTO timeline_entries (person_id, kind, at, summary, details, source_ref)
                SELECT c.person_id, 'LMS', s.occurred_at, coalesce(nullif(s.object_name, ''), s.object_id),
                       jsonb_strip_nulls(jsonb_build_object('verb', s.verb, 'activity', s.object_id,
                                                            'score', s.score_scaled, 'success', s.success)),
                       'xapi:' || coalesce(CAST(:client AS text) || ':', '') || s.id
                FROM stored s
                JOIN person_contacts c ON c.kind = 'EMAIL' AND c.value = s.actor_email
                WHERE NOT s.voided
                  AND s.verb IN ('http://adlnet.gov/expapi/verbs/completed', 'http://adlnet.gov/expapi/verbs/passed',
                                 'http://adlnet.gov/expapi/verbs/failed')
                ON CONFLICT (source_ref) DO NOTHING)
            SELECT id FROM stored""";

    /** The whole batch with {@link #INSERT}; returns the ids it stored (the others were there). */
    private static Set<UUID> insert(Handle handle, List<Statement> batch, Long clientId) {
        int size = batch.size();
        String[] ids = new String[size], actors = new String[size], emails = new String[size], verbs = new String[size],
                objects = new String[size], names = new String[size], voids = new String[size],
                times = new String[size], bodies = new String[size];
        // Every column goes as a text array, cast in SQL: one statement whatever the batch's size.
        String[] scores = new String[size], successes = new String[size], completions = new String[size],
                durations = new String[size], progress = new String[size];
        for (int i = 0; i < size; i++) {
            Statement s = batch.get(i);
            ids[i] = s.id().toString();
            actors[i] = s.actor();
            emails[i] = s.actorEmail();
            verbs[i] = s.verb();
            objects[i] = s.objectId();
            names[i] = s.objectName();
            scores[i] = text(s.scoreScaled());
            successes[i] = text(s.success());
            completions[i] = text(s.completion());
            durations[i] = text(s.durationMs());
            progress[i] = text(s.progress());
            voids[i] = s.voids() == null ? null : s.voids().toString();
            times[i] = s.occurredAt().toString();
            bodies[i] = text(s.body());
        }
        return new HashSet<>(handle.createQuery(INSERT).bind("client", clientId)
                .bind("ids", ids).bind("actors", actors).bind("emails", emails).bind("verbs", verbs)
                .bind("objects", objects).bind("names", names).bind("scores", scores).bind("successes", successes)
                .bind("completions", completions).bind("durations", durations).bind("progress", progress)
                .bind("voids", voids).bind("times", times).bind("bodies", bodies)
                .mapTo(UUID.class).list());
    }

    private static void refuseChanged(Handle handle, Map<UUID, Statement> sent, List<UUID> known, Long clientId) {
        handle.createQuery("""
                SELECT id, body::text AS body FROM xapi_statements
                WHERE id = ANY(:ids) AND coalesce(client_id, 0) = coalesce(CAST(:client AS bigint), 0)""")
                .bindArray("ids", UUID.class, known).bind("client", clientId)
                .map((rs, ctx) -> Map.entry(rs.getObject("id", UUID.class), object(rs.getString("body"))))
                .forEach(stored -> {
                    if (!stored.getValue().equals(sent.get(stored.getKey()).body())) {
                        throw Conflict.localized("xapi.conflict.changed", stored.getKey());
                    }
                });
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    static String text(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A parsed statement always writes back", e);
        }
    }

    static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored statements are JSON objects", e);
        }
    }
}
