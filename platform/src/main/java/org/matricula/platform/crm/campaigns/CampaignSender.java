package org.matricula.platform.crm.campaigns;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.segments.SegmentSql;
import org.matricula.platform.crm.segments.Segments;
import org.matricula.platform.errors.Failures;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.notify.MailMessage;
import org.matricula.platform.notify.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends campaigns, on every node at once. A due campaign is queued by one node: one row per
 * member of its segment with marketing consent and an address ({@code (campaign, person)} is
 * unique). Then, at each tick, the node that locks the campaign's row ({@code FOR UPDATE SKIP
 * LOCKED}) claims as many queued recipients as the rate allows (a token bucket holding at most a
 * minute's worth) and, in the same transaction, marks them handed and puts each one's mail in the
 * outbox: a recipient is handed once, whichever node or restart gets there, and the outbox sends
 * the mail once per entry (its Message-ID is the entry's idempotency key).
 */
public final class CampaignSender implements AutoCloseable {

    /** At most this many mails are handed in one transaction (a tick may run several). */
    static final int BATCH = 1000;
    private static final Logger log = LoggerFactory.getLogger(CampaignSender.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Locale LOG_LOCALE = Locale.ENGLISH;

    private final Jdbi jdbi;
    private final Segments segments;
    private final Outbox outbox;
    private final String baseUrl;
    private final String from;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "campaign-sender");
        thread.setDaemon(true);
        return thread;
    });

    record Mail(String subject, String body) {
    }

    public CampaignSender(Jdbi jdbi, Segments segments, Outbox outbox, String baseUrl, String from, Clock clock) {
        this.jdbi = jdbi;
        this.segments = segments;
        this.outbox = outbox;
        this.baseUrl = baseUrl;
        this.from = from;
        this.clock = clock;
    }

    /**
     * Ticks at a fixed rate: a tick that took longer than the period is followed at once by the
     * next, not after a whole period more (the rate's budget is counted from the time anyway).
     */
    public void start(Duration tick) {
        scheduler.scheduleAtFixedRate(this::tickSafely, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (Throwable e) {
            // the next tick comes all the same, as it would not after a scheduled task threw
            Failures.rethrowJvmFailure(e);
            log.warn("Campaigns could not be sent on this tick: {}", Failures.rootMessage(e));
            log.debug("Campaign tick failed", e);
        }
    }

    /** Queues the due campaigns and hands out what the rates allow now; returns how many mails were handed. */
    public int tick() {
        while (queueOne()) {
            // one campaign per transaction
        }
        int handed = 0;
        for (long campaign : jdbi.withHandle(h -> h.createQuery("SELECT id FROM campaigns WHERE status = 'SENDING'"
                + " ORDER BY id").mapTo(Long.class).list())) {
            handed += handOut(campaign);
        }
        return handed;
    }

    /** Queues one due campaign's recipients; false when none is due (or the due ones are another node's now). */
    boolean queueOne() {
        return jdbi.inTransaction(h -> {
            Optional<Map<String, Object>> due = h.createQuery("SELECT id, segment_id FROM campaigns"
                    + " WHERE status = 'SCHEDULED' AND send_at <= :now ORDER BY send_at, id LIMIT 1"
                    + " FOR UPDATE SKIP LOCKED").bind("now", clock.instant()).mapToMap().findOne();
            if (due.isEmpty()) {
                return false;
            }
            long id = ((Number) due.get().get("id")).longValue();
            SegmentSql.Predicate members = segments.members(((Number) due.get().get("segment_id")).longValue(),
                    LOG_LOCALE);
            int queued = members.bind(h.createUpdate("INSERT INTO campaign_recipients (campaign_id, person_id, email,"
                    + " language) SELECT :campaign, p.id, p.email, " + LANGUAGE + " FROM persons p WHERE ("
                    + members.sql() + ") AND p.email <> '' AND " + MARKETING + " IS TRUE"
                    + " ON CONFLICT (campaign_id, person_id) DO NOTHING")).bind("campaign", id).execute();
            h.createUpdate("UPDATE campaigns SET status = 'SENDING', queued_at = :now, budget_at = :now WHERE id = :id")
                    .bind("now", clock.instant()).bind("id", id).execute();
            log.info("Campaign {} queued for {} recipients", id, queued);
            return true;
        });
    }

    /**
     * Hands out as many of a campaign's queued mails as its rate allows now, a batch per
     * transaction: the budget is the time elapsed since the last hand-off, so a tick that came
     * late (the previous one took long) hands out more rather than falling behind the rate.
     */
    int handOut(long campaignId) {
        int handed = 0;
        Batch batch;
        do {
            batch = handOutBatch(campaignId);
            handed += batch.handed();
        } while (batch.claimed() == BATCH);
        return handed;
    }

    /** What one transaction did: recipients claimed, and of them handed (the others had withdrawn consent). */
    record Batch(int claimed, int handed) {
        static final Batch NONE = new Batch(0, 0);
    }

    /** A queued recipient claimed for handing, with the fields the templates may use. */
    private record Claimed(UUID person, String email, String language, boolean consented, boolean tracked,
            Map<String, Object> scope) {
    }

    private Batch handOutBatch(long campaignId) {
        return jdbi.inTransaction(h -> {
            Optional<Campaigns.Campaign> locked = h.createQuery("SELECT id FROM campaigns WHERE id = :id"
                    + " AND status = 'SENDING' FOR UPDATE SKIP LOCKED").bind("id", campaignId).mapTo(Long.class)
                    .findOne().flatMap(id -> new Campaigns(jdbi, segments, clock).find(id));
            if (locked.isEmpty()) {
                return Batch.NONE;
            }
            Campaigns.Campaign campaign = locked.get();
            Instant now = clock.instant();
            Instant budgetAt = h.createQuery("SELECT budget_at FROM campaigns WHERE id = :id").bind("id", campaignId)
                    .mapTo(Instant.class).one();
            Duration perMail = Duration.ofNanos(60_000_000_000L / campaign.ratePerMinute());
            Instant earliest = now.minus(Duration.ofMinutes(1));
            if (budgetAt.isBefore(earliest)) {
                budgetAt = earliest; // the bucket holds at most a minute's worth
            }
            long allowed = Math.min(BATCH, Duration.between(budgetAt, now).toNanos() / perMail.toNanos());
            if (allowed <= 0) {
                return Batch.NONE;
            }
            List<Claimed> claimed = h.createQuery("SELECT r.person_id, r.email AS recipient, r.language, "
                    + MARKETING + " IS TRUE AS consented, " + TRACKING + " IS TRUE AS tracked, " + SCOPE
                    + " FROM campaign_recipients r JOIN persons p ON p.id = r.person_id"
                    + " WHERE r.campaign_id = :id AND r.state = 'QUEUED' ORDER BY r.person_id LIMIT :limit"
                    + " FOR UPDATE OF r SKIP LOCKED").bind("id", campaignId).bind("limit", allowed)
                    .map((rs, ctx) -> new Claimed(rs.getObject("person_id", UUID.class), rs.getString("recipient"),
                            rs.getString("language"), rs.getBoolean("consented"), rs.getBoolean("tracked"),
                            scope(rs)))
                    .list();
            Templates templates = Templates.of(campaign);
            Map<String, Integer> linkPositions = new HashMap<>();
            List<String> skipped = new ArrayList<>();
            List<String> persons = new ArrayList<>();
            List<String> tokenHashes = new ArrayList<>();
            List<String> trackHashes = new ArrayList<>();
            List<MailMessage> mails = new ArrayList<>();
            for (Claimed row : claimed) {
                if (!row.consented()) {
                    skipped.add(row.person().toString());
                    continue;
                }
                String token = token();
                String trackToken = row.tracked() ? token() : null;
                UnaryOperator<String> clickThrough = row.tracked()
                        ? url -> baseUrl + "/t/c/" + trackToken + "/" + linkPositions.computeIfAbsent(url,
                                link -> Tracking.position(h, campaignId, link))
                        : UnaryOperator.identity();
                Mail mail = templates.render(row.language(), row.scope(), baseUrl + "/u/" + token, clickThrough);
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("List-Unsubscribe", "<" + baseUrl + "/u/" + token + ">, <mailto:" + from
                        + "?subject=unsubscribe%20" + token + ">");
                headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
                headers.put("X-Matricula-Campaign", Long.toString(campaignId));
                mails.add(new MailMessage(row.email(), mail.subject(), mail.body(), headers,
                        row.tracked() ? Tracking.html(mail.body(), baseUrl + "/t/o/" + trackToken,
                                url -> url.startsWith(baseUrl + "/")) : null));
                persons.add(row.person().toString());
                tokenHashes.add(hash(token));
                trackHashes.add(row.tracked() ? hash(trackToken) : null);
            }
            List<Long> entries = outbox.enqueueAll(h, Outbox.MAIL, mails);
            if (!persons.isEmpty()) {
                h.createUpdate("UPDATE campaign_recipients r SET state = 'HANDED', outbox_id = u.entry,"
                        + " token_hash = u.token_hash, track_hash = u.track_hash, handed_at = :now"
                        + " FROM unnest(CAST(:persons AS uuid[]), CAST(:entries AS bigint[]), CAST(:tokens AS text[]),"
                        + " CAST(:tracks AS text[])) AS u (person_id, entry, token_hash, track_hash)"
                        + " WHERE r.campaign_id = :c AND r.person_id = u.person_id")
                        .bindArray("persons", String.class, persons.toArray())
                        .bindArray("entries", Long.class, entries.toArray())
                        .bindArray("tokens", String.class, tokenHashes.toArray())
                        .bindArray("tracks", String.class, trackHashes.toArray())
                        .bind("now", now).bind("c", campaignId).execute();
            }
            if (!skipped.isEmpty()) {
                h.createUpdate("UPDATE campaign_recipients SET state = 'SKIPPED' WHERE campaign_id = :c"
                        + " AND person_id = ANY(CAST(:persons AS uuid[]))").bind("c", campaignId)
                        .bindArray("persons", String.class, skipped.toArray()).execute();
            }
            Instant spent = budgetAt.plus(perMail.multipliedBy(claimed.size()));
            boolean more = claimed.size() == allowed || h.createQuery("SELECT EXISTS (SELECT 1 FROM campaign_recipients"
                    + " WHERE campaign_id = :id AND state = 'QUEUED')").bind("id", campaignId).mapTo(Boolean.class).one();
            h.createUpdate("UPDATE campaigns SET budget_at = :spent, status = CASE WHEN :more THEN status ELSE 'DONE' END,"
                    + " finished_at = CASE WHEN :more THEN finished_at ELSE :now END WHERE id = :id")
                    .bind("spent", spent).bind("more", more).bind("now", now).bind("id", campaignId).execute();
            return new Batch(claimed.size(), persons.size());
        });
    }

    /** The latest marketing consent of {@code p}: true, false or null (never asked). */
    static final String MARKETING = "(SELECT cs.granted FROM person_consent_states cs WHERE cs.person_id = p.id"
            + " AND cs.purpose = 'MARKETING')";
    /** The latest consent of {@code p} to counting opens and clicks: true, false or null (never asked). */
    static final String TRACKING = "(SELECT cs.granted FROM person_consent_states cs WHERE cs.person_id = p.id"
            + " AND cs.purpose = 'TRACKING')";
    /** The language of {@code p}'s latest declaration, else Russian. */
    static final String LANGUAGE = "coalesce((SELECT CASE WHEN d.locale LIKE 'en%' THEN 'en' ELSE 'ru' END"
            + " FROM person_declarations pd JOIN declarations d ON d.id = pd.declaration_id WHERE pd.person_id = p.id"
            + " ORDER BY d.submitted_at DESC LIMIT 1), 'ru')";

    static String language(Handle h, UUID person) {
        return h.createQuery("SELECT " + LANGUAGE + " FROM persons p WHERE p.id = :id").bind("id", person)
                .mapTo(String.class).findOne().orElse("ru");
    }

    /** The person's columns the templates' fields are read from, over {@code persons p}. */
    static final String SCOPE = "p.first_name, p.last_name, p.middle_name, p.full_name, p.email,"
            + " coalesce(p.stage, '') AS stage";

    /** The fields a campaign's templates may use. */
    static Optional<Map<String, Object>> personScope(Handle h, UUID person) {
        return h.createQuery("SELECT " + SCOPE + " FROM persons p WHERE p.id = :id").bind("id", person)
                .map((rs, ctx) -> scope(rs)).findOne();
    }

    private static Map<String, Object> scope(ResultSet rs) throws SQLException {
        Map<String, Object> scope = new HashMap<>();
        scope.put("firstName", rs.getString("first_name"));
        scope.put("lastName", rs.getString("last_name"));
        scope.put("middleName", rs.getString("middle_name"));
        scope.put("fullName", rs.getString("full_name"));
        scope.put("email", rs.getString("email"));
        scope.put("stage", rs.getString("stage"));
        return scope;
    }

    /** The subject and body in a language, with the unsubscribe line under the body. */
    static Mail render(Campaigns.Campaign campaign, String language, Map<String, Object> person, String unsubscribe) {
        return Templates.of(campaign).render(language, person, unsubscribe, UnaryOperator.identity());
    }

    /**
     * A campaign's templates, compiled once for a whole batch of mails, with the links written in
     * their bodies ({@code ownLinks}): the only ones a mail may lead through the click-through.
     */
    record Templates(MailTemplate subjectRu, MailTemplate bodyRu, MailTemplate subjectEn, MailTemplate bodyEn,
            Set<String> ownLinks) {

        static Templates of(Campaigns.Campaign campaign) {
            return of(campaign.subjectRu(), campaign.bodyRu(), campaign.subjectEn(), campaign.bodyEn());
        }

        static Templates of(String subjectRu, String bodyRu, String subjectEn, String bodyEn) {
            return new Templates(MailTemplate.compile(subjectRu).orElseThrow(),
                    MailTemplate.compile(bodyRu).orElseThrow(), MailTemplate.compile(subjectEn).orElseThrow(),
                    MailTemplate.compile(bodyEn).orElseThrow(),
                    Tracking.templateLinks(bodyRu, bodyEn));
        }

        /**
         * The subject and body in a language, the body's own links (as written in the template, not
         * those a person's values brought in) replaced by {@code clickThrough}.
         */
        Mail render(String language, Map<String, Object> person, String unsubscribe,
                UnaryOperator<String> clickThrough) {
            boolean english = "en".equals(language);
            Map<String, Object> scope = new HashMap<>(person);
            scope.put("unsubscribeUrl", unsubscribe);
            String subject = (english ? subjectEn : subjectRu).render(scope).replaceAll("[\\r\\n]+", " ").strip();
            String body = Tracking.rewrite((english ? bodyEn : bodyRu).render(scope), ownLinks, clickThrough);
            Locale locale = english ? Locale.ENGLISH : Messages.RUSSIAN;
            return new Mail(subject, body + "\n\n-- \n" + Messages.text(locale, "campaigns.mail.unsubscribe") + "\n"
                    + unsubscribe + "\n");
        }
    }

    static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Only the token's SHA-256 is kept: the database alone cannot unsubscribe anyone. */
    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
