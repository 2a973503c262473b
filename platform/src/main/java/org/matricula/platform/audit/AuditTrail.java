package org.matricula.platform.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.model.Invocable;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.http.AdminTokenFilter;
import org.matricula.platform.http.ChangesNothing;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.http.RouteAccess;
import org.slf4j.MDC;

/**
 * Writes an audit entry for every admin write and every export that succeeded: who (the signed-in
 * staff member, or the configured token), what (method and path), and the state of the thing
 * touched before and after. Which requests those are is decided on the matched resource method:
 * one only staff or automation may call (see {@link RouteAccess#administrative()}). Refused
 * requests change nothing and are left to the access log.
 */
public final class AuditTrail implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String BEFORE = "matricula.audit.before";
    private static final ObjectMapper JSON = JsonMapper.create();

    private final Map<Method, Boolean> administrative = new ConcurrentHashMap<>();
    private final AuditLog log;
    private final AuditSnapshots snapshots;

    @Context
    private HttpServletRequest servlet;

    public AuditTrail(Jdbi jdbi) {
        this.log = new AuditLog(jdbi);
        this.snapshots = new AuditSnapshots(jdbi);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (isWrite(request)) {
            request.setProperty(BEFORE, snapshots.of(path(request)).orElse(null));
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        boolean export = isExport(request);
        if ((!isWrite(request) && !export) || response.getStatus() >= 400) {
            return;
        }
        CurrentUser user = CurrentUser.of(request).orElse(null);
        boolean byToken = user == null && AdminTokenFilter.byToken(request);
        if (!(user != null && user.isStaff()) && !byToken) {
            return; // sent to the log-in page, or refused: nothing was done
        }
        String path = path(request);
        String after = export ? null : snapshots.of(path).or(() -> created(response))
                .orElseGet(() -> entityJson(response));
        String query = request.getUriInfo().getRequestUri().getRawQuery();
        log.append(new AuditEntry(user == null ? null : user.id(), user == null ? AdminTokenFilter.CALLER : user.email(),
                export ? "EXPORT" : request.getMethod(), "/" + path + (query == null ? "" : "?" + query),
                response.getStatus(), MDC.get("requestId") == null ? "" : MDC.get("requestId"),
                servlet == null ? "" : servlet.getRemoteAddr(), (String) request.getProperty(BEFORE), after));
    }

    /** The state of what a create made, found from where the response points. */
    private Optional<String> created(ContainerResponseContext response) {
        URI location = response.getLocation();
        if (location == null || location.getPath() == null) {
            return Optional.empty();
        }
        return snapshots.of(location.getPath().replaceFirst("^/", ""));
    }

    private boolean isWrite(ContainerRequestContext request) {
        String method = request.getMethod();
        return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS") && administrative(request)
                && !changesNothing(request);
    }

    private static boolean changesNothing(ContainerRequestContext request) {
        ResourceMethod matched = ((ExtendedUriInfo) request.getUriInfo()).getMatchedResourceMethod();
        return matched != null && matched.getInvocable().getDefinitionMethod().isAnnotationPresent(ChangesNothing.class);
    }

    private boolean isExport(ContainerRequestContext request) {
        return request.getMethod().equals("GET") && path(request).endsWith(".csv") && administrative(request);
    }

    private boolean administrative(ContainerRequestContext request) {
        ResourceMethod matched = ((ExtendedUriInfo) request.getUriInfo()).getMatchedResourceMethod();
        if (matched == null) {
            return false;
        }
        Invocable invocable = matched.getInvocable();
        return administrative.computeIfAbsent(invocable.getHandlingMethod(), method -> RouteAccess.of(
                invocable.getHandler().getHandlerClass(), invocable.getDefinitionMethod()).administrative());
    }

    private static String path(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private static String entityJson(ContainerResponseContext response) {
        Object entity = response.getEntity();
        if (entity == null || entity instanceof String || entity instanceof byte[]) {
            return null;
        }
        try {
            return JSON.writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
