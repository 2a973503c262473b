package org.matricula.platform.crm.admin;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.persons.Person;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Scope;

/**
 * Which persons of the CRM a signed-in staff member may see, always decided from their account:
 * platform admins and CRM managers all of them; a project admin those with a declaration to one
 * of the projects they are given ({@code project_admins}); a coordinator the members of the
 * organizations they are given ({@code organization_coordinators}); anyone else none. The rule is
 * a SQL condition on {@code persons p}, put into every query that reaches a person, so a person
 * outside it is never read; asked for by id, such a person is not found (404), not forbidden.
 */
public final class PersonAccess {

    /** The persons with a declaration to a project of the account. */
    static final String PROJECTS = """
            p.id IN (SELECT l.person_id FROM person_declarations l JOIN declarations d ON d.id = l.declaration_id
                     JOIN project_admins pa ON pa.project_id = d.project_id
                     WHERE pa.account_id = CAST(:scope_account AS uuid))""";
    /** The members of the organizations the account coordinates. */
    static final String ORGANIZATIONS = """
            p.id IN (SELECT om.person_id FROM organization_members om
                     JOIN organization_coordinators oc ON oc.organization_id = om.organization_id
                     WHERE oc.account_id = CAST(:scope_account AS uuid))""";

    private final Jdbi jdbi;

    public PersonAccess(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The condition on {@code persons p} for this user; {@code TRUE} for those who see every person. */
    public static String condition(CurrentUser user) {
        return switch (user.role()) {
            case ADMIN, CRM_MANAGER -> "TRUE";
            case PROJECT_ADMIN -> PROJECTS;
            case COORDINATOR -> ORGANIZATIONS;
            case APPLICANT -> "FALSE";
        };
    }

    /** The persons list's scope for this user. */
    public static Scope listScope(CurrentUser user) {
        return switch (user.role()) {
            case ADMIN, CRM_MANAGER -> Scope.everything();
            default -> Scope.ofRows(user.role(), condition(user), Map.of("scope_account", user.id().toString()));
        };
    }

    /** Refuses, as not found, a person this user may not see. */
    public void require(CurrentUser user, UUID personId) {
        if (!sees(user, personId)) {
            throw NotFoundException.localized("refusal.person.missing", String.valueOf(personId));
        }
    }

    /** Whether this user may see the person (false for an unknown id too). */
    public boolean sees(CurrentUser user, UUID personId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT EXISTS (SELECT 1 FROM persons p WHERE p.id = :id AND (<scope>))")
                .define("scope", condition(user)).bind("id", personId).bind("scope_account", user.id().toString())
                .mapTo(Boolean.class).one());
    }

    /**
     * One page of the persons this user may see, newest first, with the persons list's default
     * columns (name, email, phone, stage, created), and whether another page follows.
     */
    public List<Map<String, Object>> page(CurrentUser user, int page, int size) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT p.id, p.full_name, p.email, p.phone, p.stage, p.created_at FROM persons p
                WHERE (<scope>) ORDER BY p.created_at DESC, p.id LIMIT :limit OFFSET :offset""")
                .define("scope", condition(user)).bind("scope_account", user.id().toString())
                .bind("limit", size + 1).bind("offset", (long) page * size)
                .map((rs, ctx) -> {
                    Map<String, Object> row = new java.util.LinkedHashMap<>();
                    row.put("id", rs.getObject("id", UUID.class).toString());
                    row.put("fullName", rs.getString("full_name"));
                    row.put("email", rs.getString("email"));
                    row.put("phone", rs.getString("phone"));
                    row.put("stage", rs.getString("stage"));
                    row.put("createdAt", rs.getTimestamp("created_at").toInstant().toString());
                    return row;
                }).list());
    }

    /** The person's declarations to the projects the user is given (all of them for those who see everything). */
    public List<Person.DeclarationLink> declarations(CurrentUser user, UUID personId) {
        String projects = user.role() == CurrentUser.Role.ADMIN || user.role() == CurrentUser.Role.CRM_MANAGER ? "TRUE"
                : "d.project_id IN (SELECT project_id FROM project_admins WHERE account_id = :account)";
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT d.id, d.number, pg.name AS program, d.status, d.submitted_at
                FROM person_declarations l JOIN declarations d ON d.id = l.declaration_id
                JOIN programs pg ON pg.id = d.program_id
                WHERE l.person_id = :id AND (<projects>) ORDER BY d.submitted_at DESC""")
                .define("projects", projects).bind("id", personId).bind("account", user.id())
                .map((r, c) -> new Person.DeclarationLink(r.getObject("id", UUID.class), r.getString("number"),
                        r.getString("program"), r.getString("status"), r.getTimestamp("submitted_at").toInstant()))
                .list());
    }
}
