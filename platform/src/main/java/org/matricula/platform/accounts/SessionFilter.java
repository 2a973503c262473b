package org.matricula.platform.accounts;

import jakarta.annotation.Priority;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.matricula.platform.web.AdminAreas;

/**
 * Puts the signed-in user of the session cookie on the request, and keeps anonymous visitors out
 * of the office and everyone but admins out of the administration. Runs before matching, so a
 * closed area answers the same whether a page exists there or not.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class SessionFilter implements ContainerRequestFilter {

    private static final List<String> SIGNED_IN_AREAS = List.of("office", "api/me");
    // Where project admins and coordinators work too, each within their scope; the rest is platform admins'.
    private static final List<String> STAFF_AREAS = List.of("admin/declarations", "admin/declarations.csv",
            "api/v1/admin/declarations", "api/v1/admin/declarations.csv", "api/v1/admin/dashboard");

    private final Accounts accounts;

    public SessionFilter(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<CurrentUser> user = SessionCookies.read(request.getCookies(), SessionCookies.SESSION)
                .flatMap(accounts::session);
        user.ifPresent(signedIn -> request.setProperty(CurrentUser.PROPERTY, signedIn));
        String path = request.getUriInfo().getPath();
        if (!requiresSession(path)) {
            return;
        }
        // Not the plugin admin API: it has its own filter for sessions and the bearer token.
        boolean adminOnly = AdminAreas.isAdministration(path);
        if (user.isEmpty()) {
            if (path.startsWith("api/")) {
                throw new NotAuthorizedException("Log in first: this needs a session (POST /api/auth/login)",
                        "Cookie realm=\"matricula\"");
            }
            request.abortWith(Response.seeOther(loginFor(request.getUriInfo().getRequestUri())).build());
        } else if (adminOnly && !allowed(user.get(), path, request.getMethod())) {
            throw new ForbiddenException("Только для администраторов / Administrators only");
        }
    }

    /** Platform admins go everywhere; other staff to their areas, and coordinators only to read. */
    static boolean allowed(CurrentUser user, String path, String method) {
        if (user.isAdmin()) {
            return true;
        }
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        boolean staffArea = trimmed.equals("admin") || AdminAreas.within(path, STAFF_AREAS);
        boolean reading = method.equals("GET") || method.equals("HEAD");
        return user.isStaff() && staffArea && (reading || user.role() == CurrentUser.Role.PROJECT_ADMIN);
    }

    /** Whether requests to the path (relative, no leading slash) are refused without a session. */
    public static boolean requiresSession(String path) {
        return AdminAreas.within(path, SIGNED_IN_AREAS) || AdminAreas.isAdministration(path);
    }

    private static URI loginFor(URI requested) {
        String back = requested.getRawPath() + (requested.getRawQuery() == null ? "" : "?" + requested.getRawQuery());
        return URI.create("/login?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
    }
}
