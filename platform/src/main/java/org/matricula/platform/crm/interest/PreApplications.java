package org.matricula.platform.crm.interest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.errors.InputDates;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.errors.Problem.FieldProblem;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.notify.MailMessage;
import org.matricula.platform.notify.Outbox;
import org.matricula.platform.web.CurrentUser;

/**
 * Pre-applications: a person's interest in a program that is not open yet, or in a later start.
 * One per person and program (entered again, it is updated). A program's admins list them and,
 * once the program is open, mail them through the outbox: each person once per program.
 */
public final class PreApplications {

    /** Where a pre-application came from. */
    public static final List<String> SOURCES = List.of("HAND", "LEAD", "OFFICE");

    private final Jdbi jdbi;
    private final Outbox outbox;

    public PreApplications(Jdbi jdbi, Outbox outbox) {
        this.jdbi = jdbi;
        this.outbox = outbox;
    }

    public record PreApplication(long id, UUID personId, String person, String email, long programId, String program,
            LocalDate startFrom, String note, String source, Instant createdAt, Instant notifiedAt) {
    }

    public record Program(long id, String code, String name, boolean open) {
    }

    private static final String SELECT = """
            SELECT a.id, a.person_id, coalesce(nullif(p.full_name, ''), p.email) AS person, p.email, a.program_id,
                   pg.name AS program, a.start_from, a.note, a.source, a.created_at, a.notified_at
            FROM pre_applications a JOIN persons p ON p.id = a.person_id JOIN programs pg ON pg.id = a.program_id""";

    /** Open: active, and offered by an active project still taking applications. */
    private static final String OPEN = """
            (pg.active AND EXISTS (SELECT 1 FROM project_programs pp JOIN projects pr ON pr.id = pp.project_id
                                   WHERE pp.program_id = pg.id AND pr.active
                                   AND (pr.open_until IS NULL OR pr.open_until >= current_date)))""";

    /** Refuses, as not found, a person who is not (or no longer) kept: an account's id, one merged or erased. */
    public void requirePerson(UUID personId) {
        jdbi.useHandle(handle -> handle.createQuery("SELECT id FROM persons WHERE id = :id").bind("id", personId)
                .mapTo(UUID.class).findOne()
                .orElseThrow(() -> NotFoundException.localized("refusal.person.missing", String.valueOf(personId))));
    }

    /** Records (or updates) a person's interest in a program, checked field by field. */
    public long add(UUID personId, String program, String startFrom, String note, String source, UUID actor,
            Locale locale) {
        List<FieldProblem> problems = new ArrayList<>();
        String code = program == null ? "" : program.strip();
        Long programId = code.isEmpty() ? null : jdbi.withHandle(handle -> handle.createQuery(
                "SELECT id FROM programs WHERE code = :code").bind("code", code).mapTo(Long.class).findOne().orElse(null));
        if (programId == null) {
            problems.add(new FieldProblem("program", Messages.text(locale, "crm.preApplication.program")));
        }
        LocalDate start = null;
        if (startFrom != null && !startFrom.isBlank()) {
            try {
                start = InputDates.date(startFrom.strip());
            } catch (DateTimeParseException e) {
                problems.add(new FieldProblem("startFrom",
                        InputDates.message(locale, e, "crm.preApplication.startFrom")));
            }
        }
        String text = note == null ? "" : note.strip();
        if (text.length() > 1000) {
            problems.add(new FieldProblem("note", Messages.text(locale, "crm.preApplication.note")));
        }
        if (!SOURCES.contains(source)) {
            throw new IllegalArgumentException("No source " + source);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(Messages.text(locale, "crm.preApplication.problem"), problems);
        }
        LocalDate from = start;
        return jdbi.withHandle(handle -> {
            handle.createQuery("SELECT id FROM persons WHERE id = :id").bind("id", personId).mapTo(UUID.class)
                    .findOne().orElseThrow(() -> NotFoundException.localized("refusal.person.missing", String.valueOf(personId)));
            return handle.createQuery("""
                    INSERT INTO pre_applications (person_id, program_id, start_from, note, source, created_by)
                    VALUES (:person, :program, :start, :note, :source, :actor)
                    ON CONFLICT (person_id, program_id) DO UPDATE SET start_from = excluded.start_from,
                        note = excluded.note
                    RETURNING id""").bind("person", personId).bind("program", programId).bind("start", from)
                    .bind("note", text).bind("source", source).bind("actor", actor).mapTo(Long.class).one();
        });
    }

    public List<PreApplication> ofPerson(UUID personId) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " WHERE a.person_id = :person ORDER BY a.created_at")
                .bind("person", personId).map(PreApplications::row).list());
    }

    /** The programs this user may list pre-applications of: all for admins and CRM managers, their projects' for project admins. */
    public List<Program> programs(CurrentUser user) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT pg.id, pg.code, pg.name, " + OPEN
                + " AS open FROM programs pg WHERE " + scope(user) + " ORDER BY pg.name")
                .bind("account", user.id()).map((rs, ctx) -> new Program(rs.getLong("id"), rs.getString("code"),
                        rs.getString("name"), rs.getBoolean("open"))).list());
    }

    /** The programs not open now, which an applicant may say they want when they open. */
    public List<Program> notOpen() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT pg.id, pg.code, pg.name, false AS open "
                + "FROM programs pg WHERE NOT " + OPEN + " ORDER BY pg.name").map((rs, ctx) -> new Program(
                        rs.getLong("id"), rs.getString("code"), rs.getString("name"), false)).list());
    }

    /** The CRM person of an applicant's account, if the platform's feed has brought it in yet. */
    public java.util.Optional<UUID> personOf(UUID account) {
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT person_id FROM person_accounts WHERE account_id = :account LIMIT 1").bind("account", account)
                .mapTo(UUID.class).findOne());
    }

    /** A program this user may see, else not found. */
    public Program program(CurrentUser user, long programId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT pg.id, pg.code, pg.name, " + OPEN
                + " AS open FROM programs pg WHERE pg.id = :id AND " + scope(user))
                .bind("account", user.id()).bind("id", programId).map((rs, ctx) -> new Program(rs.getLong("id"),
                        rs.getString("code"), rs.getString("name"), rs.getBoolean("open"))).findOne())
                .orElseThrow(() -> NotFoundException.localized("refusal.crmProgram.missing", String.valueOf(programId)));
    }

    /** The pre-applications to a program this user may see (else not found), oldest first. */
    public List<PreApplication> ofProgram(CurrentUser user, long programId) {
        program(user, programId);
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " WHERE a.program_id = :program AND "
                + scope(user) + " ORDER BY a.created_at, a.id").bind("program", programId).bind("account", user.id())
                .map(PreApplications::row).list());
    }

    /**
     * Mails the pre-applicants of an open program who were not mailed yet, through the outbox, and
     * marks them mailed in the same transaction: each person is mailed once per program. A program
     * that is not open is refused (409). Answers how many were mailed.
     */
    public int mailOpened(CurrentUser user, long programId, Locale locale) {
        Program program = program(user, programId);
        if (!program.open()) {
            throw Conflict.localized("crm.preApplications.notOpen", program.name());
        }
        return jdbi.inTransaction(handle -> {
            List<Map<String, Object>> due = handle.createQuery("""
                    SELECT a.id, p.email, coalesce(nullif(p.first_name, ''), p.full_name) AS name
                    FROM pre_applications a JOIN persons p ON p.id = a.person_id
                    WHERE a.program_id = :program AND a.notified_at IS NULL AND p.email <> ''
                    ORDER BY a.id FOR UPDATE OF a SKIP LOCKED""").bind("program", programId).mapToMap().list();
            for (Map<String, Object> row : due) {
                outbox.mail(handle, new MailMessage((String) row.get("email"),
                        Messages.text(locale, "crm.preApplications.mail.subject", program.name()),
                        Messages.text(locale, "crm.preApplications.mail.body", row.get("name"), program.name())));
                handle.createUpdate("UPDATE pre_applications SET notified_at = now() WHERE id = :id")
                        .bind("id", row.get("id")).execute();
            }
            return due.size();
        });
    }

    /**
     * Mails every pre-applicant of a program that is open now and who was not mailed yet, in the
     * language of their latest declaration (Russian when none), and marks each mailed in the same
     * transaction: run by {@link OpenedPrograms} on every node, one node at a time (a transaction
     * advisory lock), the rows locked and skipped if the button is mailing them at that moment.
     * Answers how many were mailed.
     */
    public int mailEveryOpened(int batch) {
        return jdbi.inTransaction(handle -> {
            if (!handle.createQuery("SELECT pg_try_advisory_xact_lock(hashtext('matricula.crm.pre-applications'))")
                    .mapTo(Boolean.class).one()) {
                return 0;
            }
            List<Map<String, Object>> due = handle.createQuery("""
                    SELECT a.id, p.email, coalesce(nullif(p.first_name, ''), p.full_name) AS name, pg.name AS program,
                           (SELECT d.locale FROM person_declarations pd JOIN declarations d ON d.id = pd.declaration_id
                            WHERE pd.person_id = p.id ORDER BY d.submitted_at DESC LIMIT 1) AS locale
                    FROM pre_applications a JOIN persons p ON p.id = a.person_id JOIN programs pg ON pg.id = a.program_id
                    WHERE a.notified_at IS NULL AND p.email <> '' AND """ + OPEN + """
                    ORDER BY a.id LIMIT :batch FOR UPDATE OF a SKIP LOCKED""").bind("batch", batch).mapToMap().list();
            for (Map<String, Object> row : due) {
                Locale locale = Messages.language((String) row.get("locale")).orElse(Messages.RUSSIAN);
                outbox.mail(handle, new MailMessage((String) row.get("email"),
                        Messages.text(locale, "crm.preApplications.mail.subject", row.get("program")),
                        Messages.text(locale, "crm.preApplications.mail.body", row.get("name"), row.get("program"))));
                handle.createUpdate("UPDATE pre_applications SET notified_at = now() WHERE id = :id AND notified_at IS NULL")
                        .bind("id", row.get("id")).execute();
            }
            return due.size();
        });
    }

    private static String scope(CurrentUser user) {
        return switch (user.role()) {
            case ADMIN, CRM_MANAGER -> "CAST(:account AS uuid) IS NOT NULL";
            case PROJECT_ADMIN -> """
                    pg.id IN (SELECT pp.program_id FROM project_programs pp JOIN project_admins pa
                              ON pa.project_id = pp.project_id WHERE pa.account_id = :account)""";
            default -> "CAST(:account AS uuid) IS NULL";
        };
    }

    private static PreApplication row(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws java.sql.SQLException {
        Instant notified = rs.getTimestamp("notified_at") == null ? null : rs.getTimestamp("notified_at").toInstant();
        return new PreApplication(rs.getLong("id"), rs.getObject("person_id", UUID.class), rs.getString("person"),
                rs.getString("email"), rs.getLong("program_id"), rs.getString("program"),
                rs.getObject("start_from", LocalDate.class), rs.getString("note"), rs.getString("source"),
                rs.getTimestamp("created_at").toInstant(), notified);
    }
}
