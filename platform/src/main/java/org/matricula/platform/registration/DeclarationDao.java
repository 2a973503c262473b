package org.matricula.platform.registration;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Declarations, their history and the place each holds in its program. */
@RegisterRowMapper(DeclarationRowMapper.class)
public interface DeclarationDao {

    String SELECT = """
            SELECT d.*, pj.name AS project_name, pj.slug AS project_slug, pg.code AS program_code,
                   pg.name AS program_name, pj.name_i18n AS project_names, pg.name_i18n AS program_names
            FROM declarations d JOIN projects pj ON pj.id = d.project_id JOIN programs pg ON pg.id = d.program_id
            """;

    /** Takes a place if one is free; answers nothing when the program is full. */
    @SqlQuery("""
            UPDATE programs SET taken = taken + 1
            WHERE id = :programId AND (places IS NULL OR taken < places) RETURNING taken""")
    Optional<Integer> takePlace(@Bind("programId") long programId);

    @SqlUpdate("UPDATE programs SET taken = taken - 1 WHERE id = :programId AND taken > 0")
    int releasePlace(@Bind("programId") long programId);

    @SqlQuery("SELECT nextval('declaration_numbers')")
    long nextNumber();

    @SqlUpdate("""
            INSERT INTO declarations (id, number, account_id, project_id, program_id, family_id, status, holds_place,
                                      values, full_name, email, category, organization, locale)
            VALUES (:id, :number, :accountId, :projectId, :programId, :familyId, :status, :holdsPlace,
                    CAST(:values AS jsonb), :fullName, :email, :category, :organization, :locale)""")
    void insert(@Bind("id") UUID id, @Bind("number") String number, @Bind("accountId") UUID accountId,
            @Bind("projectId") long projectId, @Bind("programId") long programId, @Bind("familyId") String familyId,
            @Bind("status") String status, @Bind("holdsPlace") boolean holdsPlace, @Bind("values") String values,
            @Bind("fullName") String fullName, @Bind("email") String email, @Bind("category") String category,
            @Bind("organization") String organization, @Bind("locale") String locale);

    @SqlUpdate("""
            INSERT INTO declaration_history (declaration_id, from_status, to_status, comment, actor_id)
            VALUES (:id, :from, :to, :comment, :actor)""")
    void history(@Bind("id") UUID id, @Bind("from") String from, @Bind("to") String to,
            @Bind("comment") String comment, @Bind("actor") UUID actor);

    @SqlQuery(SELECT + " WHERE d.id = :id")
    Optional<Declaration> find(@Bind("id") UUID id);

    /** Where the mails about the declaration go (see {@link DeclarationMails}); null when nowhere. */
    @SqlQuery("SELECT " + DeclarationMails.RECIPIENT + " FROM declarations d WHERE d.id = :id")
    String mailRecipient(@Bind("id") UUID id);

    /** Locks the declaration for a status change, so two admins cannot race each other. */
    @SqlQuery(SELECT + " WHERE d.id = :id FOR UPDATE OF d")
    Optional<Declaration> lock(@Bind("id") UUID id);

    @SqlQuery(SELECT + " WHERE d.account_id = :accountId ORDER BY d.submitted_at DESC")
    List<Declaration> ofAccount(@Bind("accountId") UUID accountId);

    @SqlUpdate("UPDATE declarations SET status = :status, holds_place = :holdsPlace, updated_at = now() WHERE id = :id")
    void setStatus(@Bind("id") UUID id, @Bind("status") String status, @Bind("holdsPlace") boolean holdsPlace);

    /** The longest-waiting declaration of a program, skipped if another node is promoting it. */
    @SqlQuery(SELECT + """
             WHERE d.program_id = :programId AND d.status = 'WAITLISTED'
            ORDER BY d.submitted_at, d.id LIMIT 1 FOR UPDATE OF d SKIP LOCKED""")
    Optional<Declaration> firstWaiting(@Bind("programId") long programId);

    @SqlQuery("""
            SELECT h.from_status, h.to_status, h.comment, a.email AS actor_email, h.created_at
            FROM declaration_history h LEFT JOIN accounts a ON a.id = h.actor_id
            WHERE h.declaration_id = :id ORDER BY h.id""")
    @RegisterRowMapper(HistoryRowMapper.class)
    List<HistoryEntry> history(@Bind("id") UUID id);
}
