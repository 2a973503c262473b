package org.matricula.platform.crm.interest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.errors.Problem.FieldProblem;
import org.matricula.platform.i18n.Messages;

/**
 * A person's community activity (posts and comments) as counts: entries made by hand, plus the
 * LMS's statements about the person whose verb ends in {@code /posted} or {@code /commented}
 * (e.g. {@code http://id.tincanapi.com/verb/commented}), voided ones left out, counted when read.
 */
public final class Community {

    public static final List<String> KINDS = List.of("POST", "COMMENT");

    private final Jdbi jdbi;

    public Community(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void add(UUID personId, String kind, String count, UUID actor, Locale locale) {
        String code = kind == null ? "" : kind.strip().toUpperCase(Locale.ROOT);
        int times;
        try {
            times = Integer.parseInt(count == null || count.isBlank() ? "1" : count.strip());
        } catch (NumberFormatException e) {
            times = 0;
        }
        List<FieldProblem> problems = new java.util.ArrayList<>();
        if (!KINDS.contains(code)) {
            problems.add(new FieldProblem("kind", Messages.text(locale, "crm.community.kind")));
        }
        if (times < 1 || times > 10_000) {
            problems.add(new FieldProblem("count", Messages.text(locale, "crm.community.count")));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(Messages.text(locale, "crm.preApplication.problem"), problems);
        }
        int n = times;
        jdbi.useHandle(handle -> {
            handle.createQuery("SELECT id FROM persons WHERE id = :id").bind("id", personId).mapTo(UUID.class)
                    .findOne().orElseThrow(() -> NotFoundException.localized("refusal.person.missing", String.valueOf(personId)));
            handle.createUpdate("""
                    INSERT INTO community_activity (person_id, kind, count, created_by)
                    VALUES (:person, :kind, :count, :actor)""").bind("person", personId).bind("kind", code)
                    .bind("count", n).bind("actor", actor).execute();
        });
    }

    /** Posts and comments of the person: {@code POST -> n, COMMENT -> n}. */
    public Map<String, Long> counts(UUID personId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        KINDS.forEach(kind -> counts.put(kind, 0L));
        jdbi.useHandle(handle -> handle.createQuery("""
                SELECT kind, sum(n) AS n FROM (
                    SELECT kind, count AS n FROM community_activity WHERE person_id = :person
                    UNION ALL
                    SELECT CASE WHEN s.verb ~ '/posted$' THEN 'POST' ELSE 'COMMENT' END, 1
                    FROM xapi_statements s
                    WHERE s.actor_email IN (SELECT value FROM person_contacts WHERE person_id = :person AND kind = 'EMAIL')
                    AND s.verb ~ '/(posted|commented)$' AND NOT s.voided AND s.voids IS NULL) a
                GROUP BY kind""").bind("person", personId)
                .map((rs, ctx) -> Map.entry(rs.getString("kind"), rs.getLong("n")))
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue())));
        return counts;
    }
}
