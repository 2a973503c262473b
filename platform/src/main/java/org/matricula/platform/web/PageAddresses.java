package org.matricula.platform.web;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.uri.PathTemplate;

/**
 * The addresses a browser can open: those of the application's GET routes. A page answering a form
 * post stands at the post's address, which may take posts only; its language links then lead to the
 * nearest address above it that a browser can open (the deal a refused move belongs to, say).
 */
public final class PageAddresses {

    private final Supplier<List<PathTemplate>> routes;
    private volatile List<PathTemplate> pages;

    private PageAddresses(Supplier<List<PathTemplate>> routes) {
        this.routes = routes;
    }

    /**
     * The GET routes of the resources registered with the application, read at the first page: the
     * filter that asks is registered before the modules add their resources.
     */
    public static PageAddresses of(ResourceConfig application) {
        return new PageAddresses(() -> routesOf(application));
    }

    private static List<PathTemplate> routesOf(ResourceConfig application) {
        List<PathTemplate> pages = new ArrayList<>();
        Stream.concat(application.getInstances().stream().map(Object::getClass), application.getClasses().stream())
                .filter(type -> type.isAnnotationPresent(Path.class))
                .map(type -> Resource.from(type, true))
                .forEach(resource -> collect(resource, "", pages));
        application.getResources().forEach(resource -> collect(resource, "", pages));
        return List.copyOf(pages);
    }

    private static void collect(Resource resource, String above, List<PathTemplate> pages) {
        String path = joined(above, resource.getPath());
        for (ResourceMethod method : resource.getResourceMethods()) {
            if (HttpMethod.GET.equals(method.getHttpMethod())) {
                pages.add(new PathTemplate(path));
                break;
            }
        }
        for (Resource child : resource.getChildResources()) {
            collect(child, path, pages);
        }
    }

    private static String joined(String above, String path) {
        String tail = path == null ? "" : path.replaceAll("^/+|/+$", "");
        return tail.isEmpty() ? (above.isEmpty() ? "/" : above) : above.replaceAll("/+$", "") + "/" + tail;
    }

    /** Whether a GET route answers this path (without a query). */
    public boolean opens(String path) {
        List<PathTemplate> known = pages;
        if (known == null) {
            known = routes.get();
            pages = known;
        }
        for (PathTemplate page : known) {
            if (page.match(path, new HashMap<>())) {
                return true;
            }
        }
        return false;
    }

    /** The path itself if a browser can open it, or else the nearest one above it that it can; at worst the home page. */
    public String nearest(String path) {
        String candidate = path == null || path.isEmpty() ? "/" : path;
        while (!candidate.equals("/")) {
            if (opens(candidate)) {
                return candidate;
            }
            candidate = candidate.substring(0, Math.max(candidate.lastIndexOf('/'), 0));
            if (candidate.isEmpty()) {
                candidate = "/";
            }
        }
        return "/";
    }
}
