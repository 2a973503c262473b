package org.matricula.platform.crm.organizations;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.i18n.Messages;

/**
 * The coordinators of organizations: accounts with the {@code COORDINATOR} role an admin gives
 * organizations to, and what such a coordinator reads: the progress and figures of the members of
 * their organizations, and of no one else. Every query names the coordinator's account, so the
 * organizations and persons outside their scope are never read.
 */
public final class Coordinators {

    private static final String COMPLETED = "http://adlnet.gov/expapi/verbs/completed";
    private static final String PASSED = "http://adlnet.gov/expapi/verbs/passed";

    private final Jdbi jdbi;

    public Coordinators(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A coordinator of an organization. */
    public record Coordinator(UUID accountId, String email, String name, Instant since) {
    }

    /**
     * One member as their coordinator sees them: how many courses, how many completed, the mean
     * progress over their courses (a completed course counts 100) and the hours invested.
     */
    public record Learner(UUID personId, String name, String stage, int courses, int completed,
            Integer averageProgress, BigDecimal hours) {
    }

    /** An organization with its members' progress and the figures over them. */
    public record Overview(long id, String name, List<Learner> learners, Map<String, Integer> stages,
            Integer completionRate, Integer averageProgress, BigDecimal hours) {
    }

    public List<Coordinator> of(long organizationId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT a.id, a.email, a.display_name, oc.since FROM organization_coordinators oc
                JOIN accounts a ON a.id = oc.account_id WHERE oc.organization_id = :org ORDER BY a.email""")
                .bind("org", organizationId).map((rs, ctx) -> new Coordinator(rs.getObject("id", UUID.class),
                        rs.getString("email"), rs.getString("display_name"), rs.getTimestamp("since").toInstant()))
                .list());
    }

    /** Gives the organization to the coordinator account with this email; 422 when there is none. */
    public void add(long organizationId, String email, Locale locale) {
        String address = email == null ? "" : email.strip();
        jdbi.useTransaction(handle -> {
            handle.createQuery("SELECT id FROM organizations WHERE id = :id").bind("id", organizationId)
                    .mapTo(Long.class).findOne().orElseThrow(() -> NotFoundException.localized("refusal.organization.missing", String.valueOf(organizationId)));
            UUID account = handle.createQuery("""
                    SELECT id FROM accounts WHERE lower(email) = lower(:email) AND role = 'COORDINATOR'
                    AND erased_at IS NULL""")
                    .bind("email", address).mapTo(UUID.class).findOne()
                    .orElseThrow(() -> InvalidInputException.field("email",
                            Messages.text(locale, "crm.coordinators.noSuchAccount")));
            handle.createUpdate("""
                    INSERT INTO organization_coordinators (organization_id, account_id) VALUES (:org, :account)
                    ON CONFLICT DO NOTHING""").bind("org", organizationId).bind("account", account).execute();
        });
    }

    public void remove(long organizationId, UUID accountId) {
        jdbi.useHandle(handle -> handle.createUpdate(
                "DELETE FROM organization_coordinators WHERE organization_id = :org AND account_id = :account")
                .bind("org", organizationId).bind("account", accountId).execute());
    }

    /** The organizations this account coordinates, each with its members' progress and figures. */
    public List<Overview> overview(UUID account) {
        return jdbi.withHandle(handle -> {
            List<Map.Entry<Long, String>> organizations = handle.createQuery("""
                    SELECT o.id, o.name FROM organizations o JOIN organization_coordinators oc ON oc.organization_id = o.id
                    WHERE oc.account_id = :account ORDER BY o.name""").bind("account", account)
                    .map((rs, ctx) -> Map.entry(rs.getLong("id"), rs.getString("name"))).list();
            return organizations.stream().map(organization -> {
                List<Row> rows = handle.createQuery("""
                        WITH members AS (
                            SELECT DISTINCT p.id, p.full_name, p.email, p.stage FROM persons p
                            JOIN organization_members om ON om.person_id = p.id
                            JOIN organization_coordinators oc ON oc.organization_id = om.organization_id
                            WHERE om.organization_id = :org AND oc.account_id = :account),
                        courses AS (
                            SELECT m.id AS person_id, s.object_id, max(s.progress) AS progress,
                                   bool_or(coalesce(s.completion, false) OR s.verb IN (:completed, :passed)) AS completed,
                                   least(coalesce(sum(s.duration_ms), 0), 9223372036854775807) AS invested
                            FROM members m JOIN person_contacts c ON c.person_id = m.id AND c.kind = 'EMAIL'
                            JOIN xapi_statements s ON s.actor_email = c.value
                            WHERE NOT s.voided AND s.voids IS NULL
                            GROUP BY m.id, s.object_id)
                        SELECT m.id, coalesce(nullif(m.full_name, ''), m.email) AS name, m.stage,
                               count(c.object_id) AS courses, count(c.object_id) FILTER (WHERE c.completed) AS completed,
                               coalesce(sum(CASE WHEN c.completed THEN 100 ELSE coalesce(c.progress, 0) END), 0) AS progress_sum,
                               least(coalesce(sum(c.invested), 0), 9223372036854775807) AS invested
                        FROM members m LEFT JOIN courses c ON c.person_id = m.id
                        GROUP BY m.id, m.full_name, m.email, m.stage ORDER BY 2, 1""")
                        .bind("org", organization.getKey()).bind("account", account)
                        .bind("completed", COMPLETED).bind("passed", PASSED)
                        .map((rs, ctx) -> new Row(rs.getObject("id", UUID.class), rs.getString("name"),
                                rs.getString("stage"), rs.getInt("courses"), rs.getInt("completed"),
                                rs.getLong("progress_sum"), rs.getLong("invested"))).list();
                return overview(organization.getKey(), organization.getValue(), rows);
            }).toList();
        });
    }

    /** One member of an organization this account coordinates, or not found. */
    public void requireMember(UUID account, UUID personId) {
        boolean member = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT EXISTS (SELECT 1 FROM organization_members om
                               JOIN organization_coordinators oc ON oc.organization_id = om.organization_id
                               WHERE oc.account_id = :account AND om.person_id = :person)""")
                .bind("account", account).bind("person", personId).mapTo(Boolean.class).one());
        if (!member) {
            throw NotFoundException.localized("refusal.person.missing", String.valueOf(personId));
        }
    }

    private record Row(UUID id, String name, String stage, int courses, int completed, long progressSum,
            long investedMs) {
    }

    private static Overview overview(long id, String name, List<Row> rows) {
        Map<String, Integer> stages = new LinkedHashMap<>();
        int courses = 0;
        int completed = 0;
        long progress = 0;
        long invested = 0;
        List<Learner> learners = new java.util.ArrayList<>();
        for (Row row : rows) {
            stages.merge(row.stage() == null ? "" : row.stage(), 1, Integer::sum);
            courses += row.courses();
            completed += row.completed();
            progress += row.progressSum();
            invested = saturatedSum(invested, row.investedMs());
            learners.add(new Learner(row.id(), row.name(), row.stage(), row.courses(), row.completed(),
                    row.courses() == 0 ? null : (int) Math.round((double) row.progressSum() / row.courses()),
                    hours(row.investedMs())));
        }
        return new Overview(id, name, learners, stages,
                courses == 0 ? null : (int) Math.round(100.0 * completed / courses),
                courses == 0 ? null : (int) Math.round((double) progress / courses), hours(invested));
    }

    /** The sum, or Long.MAX_VALUE where it would overflow: durations stored before they were bounded are huge. */
    private static long saturatedSum(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private static BigDecimal hours(long ms) {
        return BigDecimal.valueOf(ms).divide(BigDecimal.valueOf(3_600_000), 1, RoundingMode.HALF_UP);
    }
}
