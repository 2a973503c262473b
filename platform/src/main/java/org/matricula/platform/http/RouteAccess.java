package org.matricula.platform.http;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Who may call one resource method, as it declares with {@code @PermitAll}, {@code @RolesAllowed}
 * or {@code @DenyAll} on the method or, failing that, on its resource class (the class Jersey
 * serves, then the class declaring the method). A method that declares nothing is refused.
 *
 * @param declared whether the method or its class states its access at all
 * @param permitAll anyone, signed in or not
 * @param roles the roles allowed when not {@code permitAll}; empty means nobody
 * @param html whether the route answers browsers with pages, so an anonymous caller is sent to log in
 */
public record RouteAccess(boolean declared, boolean permitAll, Set<String> roles, boolean html) {

    /** Roles whose holders work in the administration; methods for them only are administrative. */
    private static final Set<String> ADMINISTRATIVE = Set.of(Roles.ADMIN, Roles.PROJECT_ADMIN, Roles.COORDINATOR,
            Roles.CRM_MANAGER, Roles.STAFF, Roles.AUTOMATION);

    public static RouteAccess of(Class<?> resourceClass, Method method) {
        boolean html = produces(resourceClass, method).anyMatch(type -> type.startsWith(MediaType.TEXT_HTML));
        return Stream.of(method, resourceClass, method.getDeclaringClass())
                .map(element -> declaredOn(element, html)).flatMap(Optional::stream).findFirst()
                .orElse(new RouteAccess(false, false, Set.of(), html));
    }

    /** Whether callers with the configured admin token are let in. */
    public boolean allowsAutomation() {
        return roles.contains(Roles.AUTOMATION);
    }

    /** Only staff or automation may call it: its writes and exports belong in the audit log. */
    public boolean administrative() {
        return !permitAll && !roles.isEmpty() && ADMINISTRATIVE.containsAll(roles);
    }

    private static Optional<RouteAccess> declaredOn(AnnotatedElement element, boolean html) {
        if (element.isAnnotationPresent(DenyAll.class)) {
            return Optional.of(new RouteAccess(true, false, Set.of(), html));
        }
        if (element.isAnnotationPresent(PermitAll.class)) {
            return Optional.of(new RouteAccess(true, true, Set.of(), html));
        }
        RolesAllowed allowed = element.getAnnotation(RolesAllowed.class);
        return allowed == null ? Optional.empty()
                : Optional.of(new RouteAccess(true, false, Set.copyOf(Arrays.asList(allowed.value())), html));
    }

    private static Stream<String> produces(Class<?> resourceClass, Method method) {
        Produces produces = Stream.of(method.getAnnotation(Produces.class), resourceClass.getAnnotation(Produces.class),
                method.getDeclaringClass().getAnnotation(Produces.class)).filter(p -> p != null).findFirst().orElse(null);
        return produces == null ? Stream.empty() : Arrays.stream(produces.value());
    }
}
