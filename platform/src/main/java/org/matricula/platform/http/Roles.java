package org.matricula.platform.http;

/**
 * The role names resource methods declare with {@code @RolesAllowed}. Besides the four account
 * roles there are two groups, so a method need not list every staff role, and the automation
 * role of a caller presenting the configured admin token instead of a session.
 */
public final class Roles {

    /** A platform admin: everything, plugins, users and the audit log included. */
    public static final String ADMIN = "ADMIN";
    /** Works on the declarations of the projects given to them. */
    public static final String PROJECT_ADMIN = "PROJECT_ADMIN";
    /** Reads the declarations and figures of their organization's applicants. */
    public static final String COORDINATOR = "COORDINATOR";
    /** An applicant: their own profile and declarations. */
    public static final String APPLICANT = "APPLICANT";
    /** Any staff member: platform admin, project admin or coordinator, each within their scope. */
    public static final String STAFF = "STAFF";
    /** Anyone signed in, whatever their role. */
    public static final String SIGNED_IN = "SIGNED_IN";
    /** Automation presenting the admin token ({@code Authorization: Bearer <admin.token>}). */
    public static final String AUTOMATION = "AUTOMATION";
    /** A learning management system sending xAPI statements with the HTTP Basic credentials an admin gave it. */
    public static final String LMS_CLIENT = "LMS_CLIENT";

    private Roles() {
    }
}
