package org.matricula.platform.crm.organizations;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.matricula.platform.crm.persons.Contacts;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.errors.Problem.FieldProblem;
import org.matricula.platform.i18n.Messages;

/** Employers, partner universities and corporate universities, and the persons linked to them with a role. */
public final class Organizations {

    /** The kinds in the order the form offers them, so a refusal names them in that order too. */
    private static final List<String> KIND_ORDER = List.of("EMPLOYER", "UNIVERSITY", "CORPORATE_UNIVERSITY", "OTHER");
    public static final Set<String> KINDS = Set.copyOf(KIND_ORDER);
    public static final Set<String> ROLES = Set.of("STUDENT", "EMPLOYEE", "CONTACT");

    private final Jdbi jdbi;

    /**
     * The SQL of the organizations a list filter's value names: the one whose id it is (as links
     * from an organization's card give), else those whose name contains it, in any case. A list of
     * every organization to pick from would be thousands of entries on every page.
     *
     * @param parameter the filter's bound parameter, such as {@code :f_organization}
     */
    public static String named(String parameter) {
        return """
                (SELECT o.id FROM organizations o
                 WHERE o.id::text = %1$s
                    OR (NOT EXISTS (SELECT 1 FROM organizations x WHERE x.id::text = %1$s)
                        AND strpos(lower(o.name), lower(%1$s)) > 0))""".formatted(parameter);
    }

    public Organizations(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public record Organization(long id, String name, String kind, String email, String phone, String website,
            Instant createdAt) {
    }

    /** A person's tie to an organization. */
    public record Membership(long organizationId, String organization, UUID personId, String person, String role) {
    }

    public record Input(String name, String kind, String email, String phone, String website) {
    }

    public Organization create(Input input, Locale locale) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = input.name() == null ? "" : input.name().strip();
        if (name.isEmpty() || name.length() > 300) {
            problems.add(new FieldProblem("name", Messages.text(locale, "crm.organization.name")));
        }
        String kind = input.kind() == null ? "" : input.kind().strip().toUpperCase(Locale.ROOT);
        if (!KINDS.contains(kind)) {
            problems.add(new FieldProblem("kind", Messages.text(locale, "crm.organization.kind",
                    KIND_ORDER.stream().map(code -> Messages.text(locale, "crm.organization.kind." + code))
                            .collect(Collectors.joining(", ")))));
        }
        String email = "";
        if (input.email() != null && !input.email().isBlank()) {
            email = Contacts.email(input.email()).orElse(null);
            if (email == null) {
                problems.add(new FieldProblem("email", Messages.text(locale, "crm.person.email")));
            }
        }
        String phone = "";
        if (input.phone() != null && !input.phone().isBlank()) {
            phone = Contacts.phone(input.phone()).orElse(null);
            if (phone == null) {
                problems.add(new FieldProblem("phone", Messages.text(locale, "crm.person.phone")));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.get(0).message(), problems);
        }
        String emailValue = email;
        String phoneValue = phone;
        try {
            long id = jdbi.withHandle(handle -> handle.createQuery("""
                    INSERT INTO organizations (name, kind, email, phone, website)
                    VALUES (:name, :kind, :email, :phone, :website) RETURNING id""")
                    .bind("name", name).bind("kind", kind).bind("email", emailValue).bind("phone", phoneValue)
                    .bind("website", input.website() == null ? "" : input.website().strip()).mapTo(Long.class).one());
            return require(id);
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                throw InvalidInputException.field("name", Messages.text(locale, "crm.organization.nameTaken"));
            }
            throw e;
        }
    }

    public Organization require(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM organizations WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> new Organization(rs.getLong("id"), rs.getString("name"), rs.getString("kind"),
                        rs.getString("email"), rs.getString("phone"), rs.getString("website"),
                        rs.getTimestamp("created_at").toInstant())).findOne())
                .orElseThrow(() -> NotFoundException.localized("refusal.organization.missing", String.valueOf(id)));
    }

    public void link(long organizationId, UUID personId, String role, Locale locale) {
        String chosen = role == null ? "" : role.strip().toUpperCase(Locale.ROOT);
        if (!ROLES.contains(chosen)) {
            throw InvalidInputException.field("role", Messages.text(locale, "crm.organization.role"));
        }
        require(organizationId);
        jdbi.useHandle(handle -> {
            if (handle.createQuery("SELECT 1 FROM persons WHERE id = :id").bind("id", personId).mapTo(Integer.class)
                    .findOne().isEmpty()) {
                throw InvalidInputException.field("person", Messages.text(locale, "crm.organization.person"));
            }
            handle.createUpdate("""
                    INSERT INTO organization_members (organization_id, person_id, role) VALUES (:org, :person, :role)
                    ON CONFLICT DO NOTHING""").bind("org", organizationId).bind("person", personId).bind("role", chosen)
                    .execute();
        });
    }

    /** An organization found by its name (any case), or made with the kind OTHER; in the caller's transaction. */
    public record Found(long id, boolean created) {
    }

    public Found findOrCreate(org.jdbi.v3.core.Handle handle, String name) {
        handle.createQuery("SELECT count(pg_advisory_xact_lock(hashtext('organization:' || lower(:name))))")
                .bind("name", name).mapTo(Long.class).one();
        return handle.createQuery("SELECT id FROM organizations WHERE lower(name) = lower(:name)").bind("name", name)
                .mapTo(Long.class).findOne().map(id -> new Found(id, false))
                .orElseGet(() -> new Found(handle.createQuery(
                        "INSERT INTO organizations (name, kind) VALUES (:name, 'OTHER') RETURNING id")
                        .bind("name", name).mapTo(Long.class).one(), true));
    }

    /** Links a person with a role in the caller's transaction; false when the link was there. */
    public boolean link(org.jdbi.v3.core.Handle handle, long organizationId, UUID personId, String role) {
        return handle.createUpdate("""
                INSERT INTO organization_members (organization_id, person_id, role) VALUES (:org, :person, :role)
                ON CONFLICT DO NOTHING""").bind("org", organizationId).bind("person", personId).bind("role", role)
                .execute() > 0;
    }

    public void unlink(long organizationId, UUID personId, String role) {
        jdbi.useHandle(handle -> handle.createUpdate(
                "DELETE FROM organization_members WHERE organization_id = :org AND person_id = :person AND role = :role")
                .bind("org", organizationId).bind("person", personId).bind("role", role).execute());
    }

    public List<Membership> ofPerson(UUID personId) {
        return memberships("m.person_id = :id", personId);
    }

    public List<Membership> members(long organizationId) {
        return memberships("m.organization_id = :id", organizationId);
    }

    private List<Membership> memberships(String condition, Object id) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT m.organization_id, o.name AS organization, m.person_id, p.full_name AS person, m.role
                FROM organization_members m JOIN organizations o ON o.id = m.organization_id
                JOIN persons p ON p.id = m.person_id WHERE\s""" + condition + " ORDER BY o.name, p.full_name, m.role")
                .bind("id", id)
                .map((rs, ctx) -> new Membership(rs.getLong("organization_id"), rs.getString("organization"),
                        rs.getObject("person_id", UUID.class), rs.getString("person"), rs.getString("role"))).list());
    }

    /** Per funnel stage, how many of the organization's persons stand in it. */
    public List<java.util.Map<String, Object>> figures(long organizationId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT coalesce(p.stage, '') AS stage, count(DISTINCT p.id) AS persons
                FROM organization_members m JOIN persons p ON p.id = m.person_id
                WHERE m.organization_id = :id GROUP BY 1 ORDER BY 1""").bind("id", organizationId)
                .map((rs, ctx) -> java.util.Map.<String, Object>of("stage", rs.getString("stage"),
                        "persons", rs.getLong("persons"))).list());
    }
}
