package org.matricula.platform.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Set;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.SignedIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides access on the resource method Jersey matched, from what that method declares (see
 * {@link RouteAccess}); never from the request's path. Each method gets its own check at start-up:
 * anyone for {@code @PermitAll}, the listed roles for {@code @RolesAllowed}, and nobody for
 * {@code @DenyAll} or for a method that declares nothing (deny by default). Methods that let in
 * automation also get the admin token check, which runs before the role check.
 *
 * <p>Who is calling comes from the request's {@link SecurityContext}, which the session filter
 * and the token filter set. An anonymous caller is sent to log in on a page, and answered 401 on
 * the API; a signed-in caller without the role gets 403.
 */
public final class AccessFeature implements DynamicFeature {

    private static final Logger log = LoggerFactory.getLogger(AccessFeature.class);

    private static final String JERSEY_OWN = "org.glassfish.jersey.";

    private final AdminTokenFilter tokens;
    public AccessFeature(AdminTokenFilter tokens) {
        this.tokens = tokens;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        if (resource.getResourceClass().getName().startsWith(JERSEY_OWN)) {
            return; // Jersey's automatic OPTIONS answers, which only list a route's methods
        }
        RouteAccess access = RouteAccess.of(resource.getResourceClass(), resource.getResourceMethod());
        if (!access.declared()) {
            log.error("{}.{} declares no access (@PermitAll, @RolesAllowed or @DenyAll); every call is refused",
                    resource.getResourceClass().getSimpleName(), resource.getResourceMethod().getName());
        }
        if (access.permitAll()) {
            return;
        }
        if (access.allowsAutomation()) {
            context.register(tokens, Priorities.AUTHENTICATION);
        }
        context.register(new RoleCheck(access), Priorities.AUTHORIZATION);
    }

    /** Lets a request through when its caller holds one of the roles. */
    @Priority(Priorities.AUTHORIZATION)
    static final class RoleCheck implements ContainerRequestFilter {

        private final Set<String> roles;
        private final boolean html;
        private final boolean automation;

        RoleCheck(RouteAccess access) {
            this.roles = access.roles();
            this.html = access.html();
            this.automation = access.allowsAutomation();
        }

        @Override
        public void filter(ContainerRequestContext request) {
            if (roles.isEmpty()) {
                throw new ForbiddenException(Messages.text(Language.of(request), "problem.access.nobody"));
            }
            SecurityContext caller = request.getSecurityContext();
            if (caller == null || caller.getUserPrincipal() == null) {
                if (html) {
                    throw SignedIn.logInFirst(request.getUriInfo().getRequestUri());
                }
                if (automation) {
                    throw new NotAuthorizedException(Messages.text(Language.of(request), "problem.access.adminOrToken"),
                            "Bearer realm=\"matricula-admin\"");
                }
                throw new NotAuthorizedException(Messages.text(Language.of(request), "problem.access.logIn"),
                        "Cookie realm=\"matricula\"");
            }
            if (roles.stream().noneMatch(caller::isUserInRole)) {
                throw new ForbiddenException(Messages.text(Language.of(request), "problem.access.role"));
            }
        }
    }
}
