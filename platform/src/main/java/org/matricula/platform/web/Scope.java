package org.matricula.platform.web;

import java.util.Map;
import java.util.Set;

/**
 * The declarations a staff member may see: all of them for a platform admin, those of the
 * projects they are given for a project admin, those of applicants from their organization for
 * a coordinator. Used as a SQL condition in lists, exports and figures, and as a check on one
 * declaration, so every way to a declaration applies the same rule.
 */
public record Scope(CurrentUser.Role role, Set<Long> projects, String organization, String rows,
        Map<String, Object> rowParameters) {

    public Scope(CurrentUser.Role role, Set<Long> projects, String organization) {
        this(role, projects, organization, null, Map.of());
    }

    /**
     * A scope a feature states as a condition on its own list's rows (text, numbers, dates or
     * arrays of them as parameters, whose names start with {@code scope_}), decided from the
     * signed-in account; it replaces the declarations' condition of the role.
     */
    public static Scope ofRows(CurrentUser.Role role, String condition, Map<String, Object> parameters) {
        return new Scope(role, Set.of(), "", condition, Map.copyOf(parameters));
    }

    public static Scope everything() {
        return new Scope(CurrentUser.Role.ADMIN, Set.of(), "");
    }

    public boolean seesEverything() {
        return role == CurrentUser.Role.ADMIN && rows == null;
    }

    /** Coordinators only read. */
    public boolean mayChange() {
        return role == CurrentUser.Role.ADMIN || role == CurrentUser.Role.PROJECT_ADMIN;
    }

    public boolean covers(long projectId, String applicantOrganization) {
        return switch (role) {
            case ADMIN -> true;
            case PROJECT_ADMIN -> projects.contains(projectId);
            case COORDINATOR -> !organization.isBlank() && organization.equalsIgnoreCase(applicantOrganization.strip());
            case APPLICANT, CRM_MANAGER -> false;
        };
    }

    /** A condition on declarations aliased {@code d}, with parameters named {@code scope_*}. */
    public String condition() {
        if (rows != null) {
            return rows;
        }
        return switch (role) {
            case ADMIN -> "TRUE";
            case PROJECT_ADMIN -> "d.project_id = ANY(:scope_projects)";
            case COORDINATOR -> "(:scope_organization <> '' AND lower(d.organization) = lower(:scope_organization))";
            case APPLICANT, CRM_MANAGER -> "FALSE";
        };
    }

    /**
     * A condition on a projects table's id column: the projects whose declarations this scope may
     * reach, for offering only those as filter choices. Coordinators' applicants may be in any.
     */
    public String projectCondition(String idColumn) {
        return switch (role) {
            case ADMIN, COORDINATOR -> "TRUE";
            case PROJECT_ADMIN -> idColumn + " = ANY(:scope_projects)";
            case APPLICANT, CRM_MANAGER -> "FALSE";
        };
    }

    public Map<String, Object> parameters() {
        if (rows != null) {
            return rowParameters;
        }
        return Map.of("scope_projects", projects.toArray(new Long[0]), "scope_organization", organization);
    }
}
