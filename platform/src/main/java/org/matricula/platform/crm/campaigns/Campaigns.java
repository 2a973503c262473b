package org.matricula.platform.crm.campaigns;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.segments.Segments;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.errors.InputDates;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;

/**
 * Mail campaigns: a mail in Russian and English, written as templates over the person's fields,
 * sent to a segment from a time on at a rate per minute (by {@link CampaignSender}). Owns
 * {@code campaigns} and {@code campaign_recipients}.
 */
public final class Campaigns {

    public static final int MAX_RATE = 1_000_000;

    private final Jdbi jdbi;
    private final Segments segments;
    private final Clock clock;

    public record Campaign(long id, String name, long segmentId, String segmentName, String subjectRu, String bodyRu,
            String subjectEn, String bodyEn, Instant sendAt, int ratePerMinute, String status, Instant queuedAt,
            Instant finishedAt, Instant createdAt) {

        public boolean editable() {
            return status.equals("DRAFT") || status.equals("SCHEDULED");
        }
    }

    /** A campaign as an admin writes it; every value is text, checked on saving. */
    public record Draft(String name, String segment, String subjectRu, String bodyRu, String subjectEn, String bodyEn,
            String sendAt, String ratePerMinute) {
    }

    /** A recipient and where their mail is: QUEUED, SENDING, SENT, FAILED, SKIPPED or UNSUBSCRIBED. */
    /**
     * @param tracked whether the recipient consented to counting and got the tracked mail
     * @param firstOpenAt the first open counted, null when none (so too {@code firstClickAt})
     */
    public record Recipient(UUID personId, String fullName, String email, String language, String state,
            Instant handedAt, boolean tracked, int opens, Instant firstOpenAt, int clicks, Instant firstClickAt) {
    }

    /** The open and click figures of a campaign: recipients tracked, opened and clicked, and all opens and clicks. */
    public record Engagement(long tracked, long opened, long clicked, long opens, long clicks) {
    }

    /** A mail as one person would receive it. */
    public record Preview(String to, String language, String subject, String body) {
    }

    public Campaigns(Jdbi jdbi, Segments segments, Clock clock) {
        this.jdbi = jdbi;
        this.segments = segments;
        this.clock = clock;
    }

    public List<Campaign> all() {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " ORDER BY c.created_at DESC, c.id DESC")
                .map((rs, ctx) -> campaign(rs)).list());
    }

    public Optional<Campaign> find(long id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    public Campaign require(long id, Locale locale) {
        return find(id).orElseThrow(() -> new NotFoundException(Messages.text(locale, "campaigns.notFound")));
    }

    public Campaign create(Draft draft, UUID actor, Locale locale) {
        Checked checked = check(draft, locale);
        long id = jdbi.withHandle(h -> h.createUpdate("""
                INSERT INTO campaigns (name, segment_id, subject_ru, body_ru, subject_en, body_en, send_at,
                                       rate_per_minute, created_by, created_at)
                VALUES (:name, :segment, :subjectRu, :bodyRu, :subjectEn, :bodyEn, :sendAt, :rate, :actor, :now)""")
                .bindMethods(checked).bind("actor", actor).bind("now", clock.instant())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return require(id, locale);
    }

    /** Changes a campaign not yet started. */
    public Campaign update(long id, Draft draft, Locale locale) {
        Checked checked = check(draft, locale);
        int changed = jdbi.withHandle(h -> h.createUpdate("""
                UPDATE campaigns SET name = :name, segment_id = :segment, subject_ru = :subjectRu, body_ru = :bodyRu,
                       subject_en = :subjectEn, body_en = :bodyEn, send_at = :sendAt, rate_per_minute = :rate
                WHERE id = :id AND status IN ('DRAFT', 'SCHEDULED')""").bindMethods(checked).bind("id", id).execute());
        if (changed == 0) {
            require(id, locale);
            throw new Conflict(Messages.text(locale, "campaigns.started"));
        }
        return require(id, locale);
    }

    /** Puts a draft in line for its send time (now when none is set). */
    public Campaign schedule(long id, Locale locale) {
        int changed = jdbi.withHandle(h -> h.createUpdate("UPDATE campaigns SET status = 'SCHEDULED',"
                + " send_at = coalesce(send_at, :now) WHERE id = :id AND status = 'DRAFT'")
                .bind("now", clock.instant()).bind("id", id).execute());
        if (changed == 0) {
            require(id, locale);
            throw new Conflict(Messages.text(locale, "campaigns.notDraft"));
        }
        return require(id, locale);
    }

    /** Stops a campaign: nothing more is sent; mails already handed to the outbox still go. */
    public Campaign cancel(long id, Locale locale) {
        int changed = jdbi.withHandle(h -> h.createUpdate("UPDATE campaigns SET status = 'CANCELLED', finished_at = :now"
                + " WHERE id = :id AND status IN ('DRAFT', 'SCHEDULED', 'SENDING')")
                .bind("now", clock.instant()).bind("id", id).execute());
        if (changed == 0) {
            require(id, locale);
            throw new Conflict(Messages.text(locale, "campaigns.finished"));
        }
        return require(id, locale);
    }

    /** How many recipients are in each state. */
    public Map<String, Long> figures(long id) {
        Map<String, Long> figures = new LinkedHashMap<>();
        for (String state : List.of("QUEUED", "SENDING", "SENT", "FAILED", "SKIPPED", "UNSUBSCRIBED")) {
            figures.put(state, 0L);
        }
        jdbi.useHandle(h -> h.createQuery("SELECT " + STATE + " AS state, count(*) AS n FROM campaign_recipients r"
                + " LEFT JOIN outbox o ON o.id = r.outbox_id WHERE r.campaign_id = :id GROUP BY 1").bind("id", id)
                .map((rs, ctx) -> Map.entry(rs.getString("state"), rs.getLong("n")))
                .forEach(entry -> figures.put(entry.getKey(), entry.getValue())));
        return figures;
    }

    public List<Recipient> recipients(long id, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT r.person_id, p.full_name, r.email, r.language, " + STATE
                + " AS state, r.handed_at, r.track_hash IS NOT NULL AS tracked, r.opens, r.first_open_at, r.clicks,"
                + " r.first_click_at FROM campaign_recipients r JOIN persons p ON p.id = r.person_id"
                + " LEFT JOIN outbox o ON o.id = r.outbox_id WHERE r.campaign_id = :id"
                + " ORDER BY r.handed_at DESC NULLS LAST, p.full_name LIMIT :limit").bind("id", id).bind("limit", limit)
                .map((rs, ctx) -> new Recipient(rs.getObject("person_id", UUID.class), rs.getString("full_name"),
                        rs.getString("email"), rs.getString("language"), rs.getString("state"),
                        rs.getTimestamp("handed_at") == null ? null : rs.getTimestamp("handed_at").toInstant(),
                        rs.getBoolean("tracked"), rs.getInt("opens"), instant(rs.getTimestamp("first_open_at")),
                        rs.getInt("clicks"), instant(rs.getTimestamp("first_click_at"))))
                .list());
    }

    public Engagement engagement(long id) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) FILTER (WHERE track_hash IS NOT NULL) AS tracked,
                       count(*) FILTER (WHERE first_open_at IS NOT NULL) AS opened,
                       count(*) FILTER (WHERE first_click_at IS NOT NULL) AS clicked,
                       coalesce(sum(opens), 0) AS opens, coalesce(sum(clicks), 0) AS clicks
                FROM campaign_recipients WHERE campaign_id = :id""").bind("id", id)
                .map((rs, ctx) -> new Engagement(rs.getLong("tracked"), rs.getLong("opened"), rs.getLong("clicked"),
                        rs.getLong("opens"), rs.getLong("clicks"))).one());
    }

    private static Instant instant(java.sql.Timestamp at) {
        return at == null ? null : at.toInstant();
    }

    /** The campaign's mail as this person would receive it, in the given language (theirs when blank). */
    public Preview preview(long id, UUID person, String language, String baseUrl, Locale locale) {
        Campaign campaign = require(id, locale);
        Map<String, Object> scope = jdbi.withHandle(h -> CampaignSender.personScope(h, person)).orElseThrow(() ->
                new NotFoundException(Messages.text(locale, "campaigns.noPerson")));
        String lang = "en".equals(language) || "ru".equals(language) ? language
                : jdbi.withHandle(h -> CampaignSender.language(h, person));
        CampaignSender.Mail mail = CampaignSender.render(campaign, lang, scope, baseUrl + "/u/preview");
        return new Preview((String) scope.get("email"), lang, mail.subject(), mail.body());
    }

    /** Persons of the campaign's segment to preview the mail with. */
    public List<Segments.Member> samplePersons(long id, Locale locale) {
        Campaign campaign = require(id, locale);
        return segments.preview(segments.members(campaign.segmentId(), locale), 20);
    }

    /** What the recipient state reads as, from the recipient and its outbox entry ({@code o}). */
    static final String STATE = """
            CASE WHEN r.state <> 'HANDED' THEN r.state WHEN o.status = 'DONE' OR o.id IS NULL THEN 'SENT'
                 WHEN o.status = 'DEAD' THEN 'FAILED' ELSE 'SENDING' END""";

    private static final String SELECT = """
            SELECT c.id, c.name, c.segment_id, s.name AS segment_name, c.subject_ru, c.body_ru, c.subject_en, c.body_en,
                   c.send_at, c.rate_per_minute, c.status, c.queued_at, c.finished_at, c.created_at
            FROM campaigns c JOIN segments s ON s.id = c.segment_id""";

    private static Optional<Campaign> find(Handle h, long id) {
        return h.createQuery(SELECT + " WHERE c.id = :id").bind("id", id).map((rs, ctx) -> campaign(rs)).findOne();
    }

    private static Campaign campaign(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Campaign(rs.getLong("id"), rs.getString("name"), rs.getLong("segment_id"),
                rs.getString("segment_name"), rs.getString("subject_ru"), rs.getString("body_ru"),
                rs.getString("subject_en"), rs.getString("body_en"), instant(rs, "send_at"),
                rs.getInt("rate_per_minute"), rs.getString("status"), instant(rs, "queued_at"),
                instant(rs, "finished_at"), instant(rs, "created_at"));
    }

    private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        java.sql.Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }

    /** The values of a draft once checked, named as the statements bind them. */
    public record Checked(String name, long segment, String subjectRu, String bodyRu, String subjectEn, String bodyEn,
            Instant sendAt, int rate) {
    }

    private Checked check(Draft draft, Locale locale) {
        List<Problem.FieldProblem> problems = new ArrayList<>();
        String name = text(draft.name(), 200, "name", "campaigns.nameRequired", problems, locale);
        long segment = 0;
        try {
            segment = Long.parseLong(draft.segment() == null ? "" : draft.segment().strip());
            if (segments.find(segment).isEmpty()) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            problems.add(new Problem.FieldProblem("segment", Messages.text(locale, "campaigns.segmentRequired")));
        }
        String subjectRu = template(draft.subjectRu(), 300, "subjectRu", problems, locale);
        String bodyRu = template(draft.bodyRu(), 100_000, "bodyRu", problems, locale);
        String subjectEn = template(draft.subjectEn(), 300, "subjectEn", problems, locale);
        String bodyEn = template(draft.bodyEn(), 100_000, "bodyEn", problems, locale);
        Instant sendAt = null;
        if (draft.sendAt() != null && !draft.sendAt().isBlank()) {
            try {
                sendAt = sendAt(draft.sendAt().strip());
            } catch (DateTimeParseException e) {
                problems.add(new Problem.FieldProblem("sendAt", InputDates.message(locale, e, "campaigns.badSendAt")));
            }
        }
        int rate = 0;
        try {
            rate = Integer.parseInt(draft.ratePerMinute() == null ? "" : draft.ratePerMinute().strip());
            if (rate < 1 || rate > MAX_RATE) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            problems.add(new Problem.FieldProblem("ratePerMinute", Messages.text(locale, "campaigns.badRate")));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(Messages.text(locale, "campaigns.invalid"), problems);
        }
        return new Checked(name, segment, subjectRu, bodyRu, subjectEn, bodyEn, sendAt, rate);
    }

    /** A date and time with its offset, or a local one in the configured zone. */
    private static Instant sendAt(String given) {
        try {
            return InputDates.offsetDateTime(given).toInstant();
        } catch (InputDates.OutOfRange tooFar) {
            throw tooFar;
        } catch (DateTimeParseException e) {
            return InputDates.dateTime(given).atZone(TimeDisplay.zone()).toInstant();
        }
    }

    private static String template(String given, int max, String field, List<Problem.FieldProblem> problems,
            Locale locale) {
        String text = text(given, max, field, "campaigns.textRequired", problems, locale);
        if (text != null && MailTemplate.compile(text).isEmpty()) {
            problems.add(new Problem.FieldProblem(field, Messages.text(locale, "campaigns.badTemplate")));
        }
        return text;
    }

    private static String text(String given, int max, String field, String key, List<Problem.FieldProblem> problems,
            Locale locale) {
        String text = given == null ? "" : given.strip();
        if (text.isEmpty() || text.length() > max) {
            problems.add(new Problem.FieldProblem(field, Messages.text(locale, key, max)));
            return null;
        }
        return text;
    }
}
