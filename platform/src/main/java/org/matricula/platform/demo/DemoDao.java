package org.matricula.platform.demo;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The few writes of the demo seed that have no place in the product's own services. */
public interface DemoDao {

    /** A verified applicant whose profile holds what they typed; nothing when the address is taken. */
    @SqlQuery("""
            INSERT INTO accounts (email, password_hash, display_name, profile, verified_at)
            VALUES (:email, :passwordHash, :displayName, CAST(:profile AS jsonb), now())
            ON CONFLICT (lower(email)) DO NOTHING RETURNING id""")
    Optional<UUID> insertApplicant(@Bind("email") String email, @Bind("passwordHash") String passwordHash,
            @Bind("displayName") String displayName, @Bind("profile") String profile);

    @SqlQuery("SELECT id FROM declarations WHERE status = 'SUBMITTED' ORDER BY number")
    List<UUID> submitted();

    /** Moves the declarations back over the last 30 days, more of them lately, so the dashboard has history. */
    @SqlUpdate("""
            UPDATE declarations SET submitted_at = LEAST(now(),
                (current_date - floor(30 * power(random(), 1.5))::int) + random() * interval '1 day')""")
    void spreadSubmissions();

    /** Each declaration's history follows it: the first entry at submission, later ones a step apart. */
    @SqlUpdate("""
            UPDATE declaration_history h
            SET created_at = LEAST(now(), d.submitted_at + interval '20 hours' * (
                    SELECT count(*) FROM declaration_history e
                    WHERE e.declaration_id = h.declaration_id AND e.id < h.id))
            FROM declarations d WHERE d.id = h.declaration_id""")
    void followWithHistory();

    @SqlUpdate("""
            UPDATE declarations d SET updated_at = (
                SELECT max(h.created_at) FROM declaration_history h WHERE h.declaration_id = d.id)""")
    void followWithLastChange();

    /** Applicants signed up just before they applied. */
    @SqlUpdate("""
            UPDATE accounts a SET created_at = d.submitted_at - interval '15 minutes'
            FROM declarations d WHERE d.account_id = a.id""")
    void followWithSignUps();
}
