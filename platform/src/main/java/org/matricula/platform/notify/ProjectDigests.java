package org.matricula.platform.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.catalog.PerLanguage;
import org.matricula.platform.db.RepeatedWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once a period, each project's digest recipients get one mail listing the declarations that
 * arrived since the last digest, never a mail per declaration. A node locks the project's
 * digest row before reporting, so across nodes every declaration is reported once.
 */
public final class ProjectDigests implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProjectDigests.class);

    private final Jdbi jdbi;
    private final Outbox outbox;
    private final DigestMail mail;
    private final Duration period;
    private final Clock clock;
    private final RepeatedWork repeated = new RepeatedWork("project-digests", ProjectDigests.class,
            "Project digests failed this round and will be retried");

    public ProjectDigests(Jdbi jdbi, Outbox outbox, String baseUrl, Duration period, Clock clock) {
        this.jdbi = jdbi;
        this.outbox = outbox;
        this.mail = new DigestMail(baseUrl);
        this.period = period;
        this.clock = clock;
    }

    public void start(Duration tick) {
        repeated.start(tick, this::sendDue);
    }

    /** Queues the digests whose period has passed; answers how many mails were queued. */
    public int sendDue() {
        Instant now = clock.instant();
        jdbi.useHandle(handle -> handle.execute("""
                INSERT INTO project_digests (project_id, reported_until)
                SELECT id, created_at FROM projects ON CONFLICT DO NOTHING"""));
        List<Long> projects = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT id FROM projects WHERE digest_recipients <> '' ORDER BY id").mapTo(Long.class).list());
        int queued = 0;
        for (long project : projects) {
            queued += jdbi.inTransaction(handle -> report(handle, project, now));
        }
        return queued;
    }

    private int report(Handle handle, long project, Instant now) {
        Instant reportedUntil = handle.createQuery("""
                SELECT reported_until FROM project_digests
                WHERE project_id = :project AND reported_until <= :due FOR UPDATE SKIP LOCKED""")
                .bind("project", project).bind("due", now.minus(period)).mapTo(Instant.class).findOne().orElse(null);
        if (reportedUntil == null) {
            return 0;
        }
        List<DigestMail.Line> lines = handle.createQuery("""
                SELECT d.id, d.number, d.full_name, d.email, pg.name AS program
                FROM declarations d JOIN programs pg ON pg.id = d.program_id
                WHERE d.project_id = :project AND d.submitted_at > :from AND d.submitted_at <= :to
                ORDER BY d.submitted_at""")
                .bind("project", project).bind("from", reportedUntil).bind("to", now)
                .map((rs, ctx) -> new DigestMail.Line(rs.getString("id"), rs.getString("number"),
                        rs.getString("full_name"), rs.getString("email"), rs.getString("program")))
                .list();
        handle.createUpdate("UPDATE project_digests SET reported_until = :to WHERE project_id = :project")
                .bind("to", now).bind("project", project).execute();
        if (lines.isEmpty()) {
            return 0;
        }
        DigestMail.Project about = handle.createQuery(
                "SELECT name, name_i18n, digest_recipients FROM projects WHERE id = :project").bind("project", project)
                .map((rs, ctx) -> new DigestMail.Project(rs.getString("name"), PerLanguage.read(rs.getString("name_i18n")),
                        rs.getString("digest_recipients")))
                .one();
        List<MailMessage> mails = mail.digest(about, lines);
        mails.forEach(message -> outbox.mail(handle, message));
        return mails.size();
    }

    @Override
    public void close() {
        repeated.close();
    }
}
