package org.matricula.platform.catalog;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Projects, programs and the links between them. */
@RegisterRowMapper(ProjectRowMapper.class)
@RegisterRowMapper(ProgramRowMapper.class)
public interface CatalogDao {

    @SqlQuery("""
            INSERT INTO projects (slug, name, description, family_id, active, digest_recipients, open_until,
                                  name_i18n, description_i18n)
            VALUES (:slug, :name, :description, :familyId, :active, :digestRecipients, :openUntil,
                    CAST(:names AS jsonb), CAST(:descriptions AS jsonb))
            RETURNING *""")
    Project insertProject(@Bind("slug") String slug, @Bind("name") String name,
            @Bind("description") String description, @Bind("familyId") String familyId,
            @Bind("active") boolean active, @Bind("digestRecipients") String digestRecipients,
            @Bind("openUntil") LocalDate openUntil, @Bind("names") String names,
            @Bind("descriptions") String descriptions);

    @SqlQuery("""
            UPDATE projects SET slug = :slug, name = :name, description = :description, family_id = :familyId,
                   active = :active, digest_recipients = :digestRecipients, open_until = :openUntil,
                   name_i18n = CAST(:names AS jsonb), description_i18n = CAST(:descriptions AS jsonb)
            WHERE id = :id RETURNING *""")
    Optional<Project> updateProject(@Bind("id") long id, @Bind("slug") String slug, @Bind("name") String name,
            @Bind("description") String description, @Bind("familyId") String familyId,
            @Bind("active") boolean active, @Bind("digestRecipients") String digestRecipients,
            @Bind("openUntil") LocalDate openUntil, @Bind("names") String names,
            @Bind("descriptions") String descriptions);

    @SqlUpdate("DELETE FROM projects WHERE id = :id")
    int deleteProject(@Bind("id") long id);

    @SqlQuery("SELECT * FROM projects ORDER BY name, id")
    List<Project> projects();

    @SqlQuery("SELECT * FROM projects WHERE id = :id")
    Optional<Project> project(@Bind("id") long id);

    @SqlQuery("""
            INSERT INTO programs (code, name, description, active, places, waitlist, name_i18n, description_i18n)
            VALUES (:code, :name, :description, :active, :places, :waitlist, CAST(:names AS jsonb),
                    CAST(:descriptions AS jsonb)) RETURNING *""")
    Program insertProgram(@Bind("code") String code, @Bind("name") String name,
            @Bind("description") String description, @Bind("active") boolean active,
            @Bind("places") Integer places, @Bind("waitlist") boolean waitlist, @Bind("names") String names,
            @Bind("descriptions") String descriptions);

    @SqlQuery("""
            UPDATE programs SET code = :code, name = :name, description = :description, active = :active,
                   places = :places, waitlist = :waitlist,
                   name_i18n = CAST(:names AS jsonb), description_i18n = CAST(:descriptions AS jsonb),
                   taken = (SELECT count(*) FROM declarations WHERE program_id = :id AND holds_place)
            WHERE id = :id RETURNING *""")
    Optional<Program> updateProgram(@Bind("id") long id, @Bind("code") String code, @Bind("name") String name,
            @Bind("description") String description, @Bind("active") boolean active,
            @Bind("places") Integer places, @Bind("waitlist") boolean waitlist, @Bind("names") String names,
            @Bind("descriptions") String descriptions);

    @SqlUpdate("DELETE FROM programs WHERE id = :id")
    int deleteProgram(@Bind("id") long id);

    @SqlQuery("SELECT * FROM programs ORDER BY name, id")
    List<Program> programs();

    @SqlQuery("SELECT * FROM programs WHERE id = :id")
    Optional<Program> program(@Bind("id") long id);

    @SqlQuery("SELECT * FROM programs WHERE code = :code")
    Optional<Program> programByCode(@Bind("code") String code);

    @SqlUpdate("""
            INSERT INTO project_programs (project_id, program_id, position)
            VALUES (:projectId, :programId,
                    (SELECT coalesce(max(position), 0) + 1 FROM project_programs WHERE project_id = :projectId))
            ON CONFLICT DO NOTHING""")
    int link(@Bind("projectId") long projectId, @Bind("programId") long programId);

    @SqlUpdate("DELETE FROM project_programs WHERE project_id = :projectId AND program_id = :programId")
    int unlink(@Bind("projectId") long projectId, @Bind("programId") long programId);

    @SqlQuery("SELECT count(*) FROM declarations WHERE project_id = :projectId")
    int declarationsOfProject(@Bind("projectId") long projectId);

    @SqlQuery("SELECT count(*) FROM declarations WHERE program_id = :programId")
    int declarationsOfProgram(@Bind("programId") long programId);
}
