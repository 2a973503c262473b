package org.matricula.platform.testing;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Declaration rows written straight into the database, for tests that only need them to exist. */
public final class TestDeclarations {

    private TestDeclarations() {
    }

    /** A declaration of a fresh applicant, with the family of the project. */
    public static UUID insert(Jdbi jdbi, long projectId, long programId, String status, OffsetDateTime submittedAt) {
        return jdbi.withHandle(handle -> {
            UUID account = handle.createQuery("""
                    INSERT INTO accounts (email, password_hash) VALUES (:email, 'not-a-hash') RETURNING id""")
                    .bind("email", "applicant-" + UUID.randomUUID() + "@example.org").mapTo(UUID.class).one();
            return handle.createQuery("""
                    INSERT INTO declarations (number, account_id, project_id, program_id, family_id, status, values,
                                              submitted_at)
                    SELECT 'T-' || nextval('declaration_numbers'), :account, p.id, :program, p.family_id, :status,
                           '{}', :submittedAt
                    FROM projects p WHERE p.id = :project RETURNING id""")
                    .bind("account", account).bind("project", projectId).bind("program", programId)
                    .bind("status", status).bind("submittedAt", submittedAt).mapTo(UUID.class).one();
        });
    }
}
