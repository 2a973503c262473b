package org.matricula.platform.accounts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.i18n.Messages;

/** Gives an account its role and, for scoped roles, its projects or its organization. */
public final class StaffRoles {

    private final Jdbi jdbi;
    private final Accounts accounts;

    public StaffRoles(Jdbi jdbi, Accounts accounts) {
        this.jdbi = jdbi;
        this.accounts = accounts;
    }

    /** What a platform admin assigns; projects count for project admins, the organization for coordinators. */
    public record Assignment(String role, List<Long> projects, String organization) {
    }

    /** The account's role and scope as stored. */
    public record Current(UUID id, String email, String role, List<Long> projects, String organization) {
    }

    public Current assign(UUID accountId, Assignment assignment, Locale locale) {
        CurrentUser.Role role = checked(assignment, locale);
        List<Long> projects = role == CurrentUser.Role.PROJECT_ADMIN ? List.copyOf(Set.copyOf(assignment.projects()))
                : List.of();
        String organization = role == CurrentUser.Role.COORDINATOR ? assignment.organization().strip() : "";
        jdbi.useTransaction(handle -> {
            if (role != CurrentUser.Role.ADMIN) {
                // The admins' rows locked, so two admins taking each other's role at once cannot both succeed.
                List<UUID> admins = handle.createQuery("SELECT id FROM accounts WHERE role = 'ADMIN'"
                        + " AND erased_at IS NULL ORDER BY id FOR UPDATE").mapTo(UUID.class).list();
                if (admins.equals(List.of(accountId))) {
                    throw InvalidInputException.field("role", Messages.text(locale, "accounts.roles.lastAdmin"));
                }
            }
            int updated = handle.createUpdate("UPDATE accounts SET role = :role, organization = :organization "
                    + "WHERE id = :id").bind("role", role.name()).bind("organization", organization)
                    .bind("id", accountId).execute();
            if (updated == 0) {
                throw NotFoundException.localized("refusal.account.missing", accountId);
            }
            handle.createUpdate("DELETE FROM project_admins WHERE account_id = :id").bind("id", accountId).execute();
            for (long project : projects) {
                handle.createUpdate("INSERT INTO project_admins (account_id, project_id) VALUES (:id, :project)")
                        .bind("id", accountId).bind("project", project).execute();
            }
        });
        accounts.sessionsChanged(accountId);
        return current(accountId);
    }

    /** A project to choose from, named in the reader's language. */
    public record ProjectChoice(long id, String name) {
    }

    /** Every project, by name in the reader's language (else the default one), for the project admins' choice. */
    public List<ProjectChoice> projects(Locale locale) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT id, COALESCE(NULLIF(name_i18n ->> :lang, ''), name) AS shown FROM projects ORDER BY shown, id""")
                .bind("lang", locale.getLanguage())
                .map((rs, ctx) -> new ProjectChoice(rs.getLong("id"), rs.getString("shown"))).list());
    }

    public Current current(UUID accountId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT id, email, role, organization FROM accounts WHERE id = :id").bind("id", accountId)
                .map((rs, ctx) -> new Current(accountId, rs.getString("email"), rs.getString("role"),
                        handle.createQuery("SELECT project_id FROM project_admins WHERE account_id = :id ORDER BY 1")
                                .bind("id", accountId).mapTo(Long.class).list(), rs.getString("organization")))
                .findOne().orElseThrow(() -> NotFoundException.localized("refusal.account.missing", accountId)));
    }

    private CurrentUser.Role checked(Assignment assignment, Locale locale) {
        List<Problem.FieldProblem> problems = new ArrayList<>();
        CurrentUser.Role role = null;
        try {
            role = CurrentUser.Role.valueOf(assignment.role() == null ? "" : assignment.role().strip());
        } catch (IllegalArgumentException e) {
            problems.add(new Problem.FieldProblem("role", Messages.text(locale, "accounts.roles.oneOf",
                    Arrays.stream(CurrentUser.Role.values()).map(Enum::name).collect(Collectors.joining(", ")))));
        }
        List<Long> projects = assignment.projects() == null ? List.of() : assignment.projects();
        boolean nullIds = false;
        for (int i = 0; i < projects.size(); i++) {
            if (projects.get(i) == null) {
                problems.add(new Problem.FieldProblem("projects[" + i + "]", Messages.text(locale, "accounts.roles.nullProject")));
                nullIds = true;
            }
        }
        if (role == CurrentUser.Role.PROJECT_ADMIN && !nullIds) {
            int known = jdbi.withHandle(handle -> handle.createQuery(
                    "SELECT count(*) FROM projects WHERE id = ANY(:ids)").bindArray("ids", Long.class, projects.toArray())
                    .mapTo(Integer.class).one());
            if (projects.isEmpty() || known != Set.copyOf(projects).size()) {
                problems.add(new Problem.FieldProblem("projects", Messages.text(locale, "accounts.roles.projects")));
            }
        }
        if (role == CurrentUser.Role.COORDINATOR
                && (assignment.organization() == null || assignment.organization().isBlank())) {
            problems.add(new Problem.FieldProblem("organization", Messages.text(locale, "accounts.roles.organization")));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(Messages.text(locale, "accounts.roles.check"), problems);
        }
        return role;
    }
}
