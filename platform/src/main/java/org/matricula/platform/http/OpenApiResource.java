package org.matricula.platform.http;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The OpenAPI 3 document of the JSON API at {@code GET /openapi.json}, read from the resource
 * classes themselves so a new {@code /api} resource is described as soon as it is registered.
 */
@PermitAll
@Path("/openapi.json")
public final class OpenApiResource {

    private final Set<Class<?>> resources;
    // Built on the first request rather than at start: reading the resources takes a moment.
    private volatile String document;

    // Private, with a factory: Jersey warns at start about a public constructor whose parameters it cannot inject.
    private OpenApiResource(Collection<Class<?>> resources) {
        // In a fixed order: swagger numbers clashing operation ids (list, list_1) in reading order.
        this.resources = Collections.unmodifiableSet(new LinkedHashSet<>(resources));
    }

    /** Describes the {@code /api} resources registered so far with the application. */
    public static OpenApiResource of(ResourceConfig application) {
        return new OpenApiResource(apiResourcesOf(application));
    }

    /** The classes of the resources registered with the application whose path starts with {@code /api}. */
    static Set<Class<?>> apiResourcesOf(ResourceConfig application) {
        Set<Class<?>> api = new LinkedHashSet<>();
        Stream.concat(application.getInstances().stream().map(Object::getClass), application.getClasses().stream())
                .filter(OpenApiResource::underApi)
                .sorted(Comparator.comparing(Class::getName))
                .forEach(api::add);
        return api;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String document() {
        String built = document;
        if (built == null) {
            synchronized (this) {
                if (document == null) {
                    document = ApiDocument.json(resources);
                }
                built = document;
            }
        }
        return built;
    }

    private static boolean underApi(Class<?> type) {
        Path path = type.getAnnotation(Path.class);
        String value = path == null ? "" : path.value().replaceFirst("^/+", "");
        // The page that shows the document is no part of it.
        return (value.equals("api") || value.startsWith("api/")) && !value.equals("api/docs");
    }
}
