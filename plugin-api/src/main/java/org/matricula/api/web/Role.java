package org.matricula.api.web;

/**
 * The platform's account roles, as a plugin's routes name them.
 *
 * @since 1.2.0
 */
public enum Role {
    /** Applies to programs; sees their own profile and declarations. @since 1.2.0 */
    APPLICANT,
    /** Works on the declarations of the projects given to them. @since 1.2.0 */
    PROJECT_ADMIN,
    /** Reads the declarations and figures of their organization's applicants. @since 1.2.0 */
    COORDINATOR,
    /** A platform admin. @since 1.2.0 */
    ADMIN,
    /** Works with the education CRM: persons, organizations, their timeline and tasks. @since 1.3.0 */
    CRM_MANAGER
}
