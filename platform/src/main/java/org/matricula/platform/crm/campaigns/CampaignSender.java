package org.matricula.platform.crm.campaigns;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.segments.SegmentSql;
import org.matricula.platform.crm.segments.Segments;
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

    /** At most this many mails are handed in one transaction. */
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

    public void start(Duration tick) {
        scheduler.scheduleWithFixedDelay(this::tickSafely, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("Campaigns could not be sent on this tick: {}", e.getMessage());
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

    /** Hands out as many of a campaign's queued mails as its rate allows now. */
    int handOut(long campaignId) {
        return jdbi.inTransaction(h -> {
            Optional<Campaigns.Campaign> locked = h.createQuery("SELECT id FROM campaigns WHERE id = :id"
                    + " AND status = 'SENDING' FOR UPDATE SKIP LOCKED").bind("id", campaignId).mapTo(Long.class)
                    .findOne().flatMap(id -> new Campaigns(jdbi, segments, clock).find(id));
            if (locked.isEmpty()) {
                return 0;
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
                return 0;
            }
            List<Map<String, Object>> claimed = h.createQuery("SELECT r.person_id, r.email, r.language, "
                    + MARKETING + " IS TRUE AS consented, " + TRACKING + " IS TRUE AS tracked"
                    + " FROM campaign_recipients r JOIN persons p ON p.id = r.person_id"
                    + " WHERE r.campaign_id = :id AND r.state = 'QUEUED' ORDER BY r.person_id LIMIT :limit"
                    + " FOR UPDATE OF r SKIP LOCKED").bind("id", campaignId).bind("limit", allowed).mapToMap().list();
            int handed = 0;
            for (Map<String, Object> row : claimed) {
                UUID person = (UUID) row.get("person_id");
                if (!Boolean.TRUE.equals(row.get("consented"))) {
                    h.createUpdate("UPDATE campaign_recipients SET state = 'SKIPPED' WHERE campaign_id = :c"
                            + " AND person_id = :p").bind("c", campaignId).bind("p", person).execute();
                    continue;
                }
                String token = token();
                String language = (String) row.get("language");
                Map<String, Object> scope = personScope(h, person).orElseGet(HashMap::new);
                boolean tracked = Boolean.TRUE.equals(row.get("tracked"));
                String trackToken = tracked ? token() : null;
                java.util.function.UnaryOperator<String> links = tracked
                        ? text -> Tracking.rewrite(text, url -> url.startsWith(baseUrl + "/u/") ? url
                                : baseUrl + "/t/c/" + trackToken + "/" + Tracking.position(h, campaignId, url))
                        : text -> text;
                Mail mail = render(campaign, language, scope, baseUrl + "/u/" + token, links);
                String email = (String) row.get("email");
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("List-Unsubscribe", "<" + baseUrl + "/u/" + token + ">, <mailto:" + from
                        + "?subject=unsubscribe%20" + token + ">");
                headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
                headers.put("X-Matricula-Campaign", Long.toString(campaignId));
                long entry = outbox.enqueue(h, Outbox.MAIL, null, new MailMessage(email, mail.subject(), mail.body(),
                        headers, tracked ? Tracking.html(mail.body(), baseUrl + "/t/o/" + trackToken) : null));
                h.createUpdate("UPDATE campaign_recipients SET state = 'HANDED', outbox_id = :entry, token_hash = :hash,"
                        + " track_hash = :track, handed_at = :now WHERE campaign_id = :c AND person_id = :p")
                        .bind("entry", entry).bind("hash", hash(token))
                        .bind("track", tracked ? hash(trackToken) : null).bind("now", now).bind("c", campaignId)
                        .bind("p", person).execute();
                handed++;
            }
            Instant spent = budgetAt.plus(perMail.multipliedBy(claimed.size()));
            boolean more = claimed.size() == allowed || h.createQuery("SELECT EXISTS (SELECT 1 FROM campaign_recipients"
                    + " WHERE campaign_id = :id AND state = 'QUEUED')").bind("id", campaignId).mapTo(Boolean.class).one();
            h.createUpdate("UPDATE campaigns SET budget_at = :spent, status = CASE WHEN :more THEN status ELSE 'DONE' END,"
                    + " finished_at = CASE WHEN :more THEN finished_at ELSE :now END WHERE id = :id")
                    .bind("spent", spent).bind("more", more).bind("now", now).bind("id", campaignId).execute();
            return handed;
        });
    }

    /** The latest marketing consent of {@code p}: true, false or null (never asked). */
    static final String MARKETING = "(SELECT c.granted FROM person_consents c WHERE c.person_id = p.id"
            + " AND c.purpose = 'MARKETING' ORDER BY c.at DESC, c.id DESC LIMIT 1)";
    /** The latest consent of {@code p} to counting opens and clicks: true, false or null (never asked). */
    static final String TRACKING = "(SELECT c.granted FROM person_consents c WHERE c.person_id = p.id"
            + " AND c.purpose = 'TRACKING' ORDER BY c.at DESC, c.id DESC LIMIT 1)";
    /** The language of {@code p}'s latest declaration, else Russian. */
    static final String LANGUAGE = "coalesce((SELECT CASE WHEN d.locale LIKE 'en%' THEN 'en' ELSE 'ru' END"
            + " FROM person_declarations pd JOIN declarations d ON d.id = pd.declaration_id WHERE pd.person_id = p.id"
            + " ORDER BY d.submitted_at DESC LIMIT 1), 'ru')";

    static String language(Handle h, UUID person) {
        return h.createQuery("SELECT " + LANGUAGE + " FROM persons p WHERE p.id = :id").bind("id", person)
                .mapTo(String.class).findOne().orElse("ru");
    }

    /** The fields a campaign's templates may use. */
    static Optional<Map<String, Object>> personScope(Handle h, UUID person) {
        return h.createQuery("SELECT first_name, last_name, middle_name, full_name, email, coalesce(stage, '') AS stage"
                + " FROM persons WHERE id = :id").bind("id", person).map((rs, ctx) -> {
                    Map<String, Object> scope = new HashMap<>();
                    scope.put("firstName", rs.getString("first_name"));
                    scope.put("lastName", rs.getString("last_name"));
                    scope.put("middleName", rs.getString("middle_name"));
                    scope.put("fullName", rs.getString("full_name"));
                    scope.put("email", rs.getString("email"));
                    scope.put("stage", rs.getString("stage"));
                    return scope;
                }).findOne();
    }

    /** The subject and body in a language, with the unsubscribe line under the body. */
    static Mail render(Campaigns.Campaign campaign, String language, Map<String, Object> person, String unsubscribe) {
        return render(campaign, language, person, unsubscribe, text -> text);
    }

    /** As above, with the links of the text rewritten ({@code links}: click-through links for tracked recipients). */
    static Mail render(Campaigns.Campaign campaign, String language, Map<String, Object> person, String unsubscribe,
            java.util.function.UnaryOperator<String> links) {
        boolean english = "en".equals(language);
        Map<String, Object> scope = new HashMap<>(person);
        scope.put("unsubscribeUrl", unsubscribe);
        String subject = MailTemplate.compile(english ? campaign.subjectEn() : campaign.subjectRu()).orElseThrow()
                .render(scope).replaceAll("[\\r\\n]+", " ").strip();
        String body = links.apply(MailTemplate.compile(english ? campaign.bodyEn() : campaign.bodyRu()).orElseThrow()
                .render(scope));
        Locale locale = english ? Locale.ENGLISH : Messages.RUSSIAN;
        return new Mail(subject, body + "\n\n-- \n" + Messages.text(locale, "campaigns.mail.unsubscribe") + "\n"
                + unsubscribe + "\n");
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
