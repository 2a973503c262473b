package org.matricula.platform.crm.persons;

import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Pairs of persons who may be one human: the same full name and birth date, or emails at the same
 * domain whose local parts are at most two edits apart ({@code ivan.petrov} and {@code ivan.petorv}).
 * The second is found through a trigram index, so it does not compare every pair of addresses.
 */
public final class Duplicates {

    /** The most pairs one look lists. */
    public static final int LIMIT = 200;

    private final Jdbi jdbi;

    public Duplicates(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A suspected pair; {@code reason} is {@code NAME_BIRTH} or {@code EMAIL}. */
    public record Pair(UUID first, String firstName, String firstEmail, UUID second, String secondName,
            String secondEmail, String reason) {
    }

    public List<Pair> suspected() {
        return jdbi.inTransaction(handle -> {
            boolean fuzzy = handle.createQuery(
                    "SELECT count(*) = 2 FROM pg_extension WHERE extname IN ('pg_trgm', 'fuzzystrmatch')")
                    .mapTo(Boolean.class).one();
            String byEmail = "";
            if (fuzzy) {
                handle.execute("SET LOCAL pg_trgm.similarity_threshold = 0.2");
                byEmail = """
                        UNION
                        SELECT least(x.person_id, y.person_id), greatest(x.person_id, y.person_id), 'EMAIL'
                        FROM person_contacts x JOIN person_contacts y
                          ON y.kind = 'EMAIL' AND split_part(y.value, '@', 1) % split_part(x.value, '@', 1)
                         AND split_part(y.value, '@', 2) = split_part(x.value, '@', 2) AND y.person_id <> x.person_id
                        WHERE x.kind = 'EMAIL'
                          AND levenshtein(split_part(x.value, '@', 1), split_part(y.value, '@', 1)) <= 2""";
            }
            return handle.createQuery("""
                    WITH pairs AS (
                        SELECT a.id AS first, b.id AS second, 'NAME_BIRTH' AS reason
                        FROM persons a JOIN persons b ON lower(b.full_name) = lower(a.full_name)
                             AND b.birth_date = a.birth_date AND b.id > a.id
                        WHERE a.birth_date IS NOT NULL AND a.full_name <> ''
                        """ + byEmail + """
                    ), one AS (
                        SELECT DISTINCT ON (first, second) first, second, reason FROM pairs ORDER BY first, second, reason
                    )
                    SELECT one.first, a.full_name AS first_name, a.email AS first_email,
                           one.second, b.full_name AS second_name, b.email AS second_email, one.reason
                    FROM one JOIN persons a ON a.id = one.first JOIN persons b ON b.id = one.second
                    ORDER BY greatest(a.created_at, b.created_at) DESC LIMIT :limit""")
                    .bind("limit", LIMIT)
                    .map((rs, ctx) -> new Pair(rs.getObject("first", UUID.class), rs.getString("first_name"),
                            rs.getString("first_email"), rs.getObject("second", UUID.class), rs.getString("second_name"),
                            rs.getString("second_email"), rs.getString("reason"))).list();
        });
    }
}
