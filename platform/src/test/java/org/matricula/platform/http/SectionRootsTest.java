package org.matricula.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceModel;
import org.junit.jupiter.api.Test;

/** A section's screens under one root answer every path as they did each under its own. */
class SectionRootsTest {

    @Path("/admin")
    public static final class Home {
        @GET
        public String home() {
            return "home";
        }

        @GET
        @Path("notes")
        public String notes() {
            return "notes";
        }
    }

    @Path("/admin/projects")
    public static final class Projects {
        @GET
        public String list() {
            return "projects";
        }

        @GET
        @Path("{id: [0-9]+}")
        public String one(@PathParam("id") long id) {
            return "project " + id;
        }

        @POST
        @Path("{id: [0-9]+}/archive")
        public String archive(@PathParam("id") long id) {
            return "archived " + id;
        }
    }

    @Path("/admin/projects/{id: [0-9]+}/programs")
    public static final class ProjectPrograms {
        @GET
        public String list(@PathParam("id") long id) {
            return "programs of " + id;
        }

        @GET
        @Path("{code}")
        public String one(@PathParam("id") long id, @PathParam("code") String code) {
            return "program " + code + " of " + id;
        }
    }

    @Path("/admin/users/{id: [0-9a-f]{4}}/")
    public static final class User {
        @GET
        public String get(@PathParam("id") String id) {
            return "user " + id;
        }

        @POST
        @Path("/role")
        public String role(@PathParam("id") String id) {
            return "role of " + id;
        }
    }

    /** Only sub-resource methods: nothing of its own to add at its path. */
    @Path("/admin/billing")
    public static final class Billing {
        @GET
        @Path("invoices")
        public String invoices() {
            return "invoices";
        }
    }

    @Path("/apply/{slug}")
    public static final class Apply {
        @GET
        public String form(@PathParam("slug") String slug) {
            return "form " + slug;
        }
    }

    /** The route as the metrics and the access log name it, from the templates Jersey matched. */
    public static final class MatchedRoute implements ContainerResponseFilter {
        @Override
        public void filter(ContainerRequestContext request, ContainerResponseContext response) {
            UriInfo uri = request.getUriInfo();
            response.getHeaders().putSingle("X-Route",
                    RouteMetrics.routeOf(((ExtendedUriInfo) uri).getMatchedTemplates()));
        }
    }

    private static final List<Class<?>> RESOURCES = List.of(Home.class, Projects.class, ProjectPrograms.class,
            User.class, Billing.class, Apply.class);

    @Test
    void theSectionIsOneRootAndTheRestAsDeclared() {
        ResourceModel declared = new ResourceModel.Builder(
                RESOURCES.stream().map(Resource::from).toList(), false).build();
        ResourceModel regrouped = new SectionRoots("/admin", "/office").processResourceModel(declared, null);
        assertEquals(List.of("/admin", "/apply/{slug}"),
                regrouped.getRootResources().stream().map(Resource::getPath).sorted().toList());
        Resource admin = regrouped.getRootResources().stream().filter(root -> root.getPath().equals("/admin"))
                .findFirst().orElseThrow();
        List<String> empty = admin.getChildResources().stream()
                .filter(child -> child.getResourceMethods().isEmpty() && child.getResourceLocator() == null)
                .map(Resource::getPath).toList();
        assertEquals(List.of(), empty, "Jersey warns of every empty resource");
    }

    @Test
    void everyPathIsAnsweredAsBeforeWithTheSameRouteName() {
        ApplicationHandler asDeclared = app(false);
        ApplicationHandler grouped = app(true);
        List<String> calls = List.of("GET /admin", "GET /admin/", "GET /admin/notes", "GET /admin/projects",
                "GET /admin/projects/", "GET /admin/projects/7", "GET /admin/projects/x", "POST /admin/projects/7/archive",
                "GET /admin/projects/7/archive", "GET /admin/projects/7/programs", "GET /admin/projects/7/programs/a1",
                "GET /admin/projects/7/programs/a1/b", "GET /admin/users/00af", "POST /admin/users/00af/role",
                "GET /admin/users/00ag", "GET /admin/users/00af/role", "DELETE /admin/projects",
                "GET /admin/nothing", "GET /admin/billing", "GET /admin/billing/invoices", "GET /apply/chairs",
                "GET /apply/chairs/more", "GET /office", "GET /");
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        for (String call : calls) {
            before.add(call + " -> " + answer(asDeclared, call));
            after.add(call + " -> " + answer(grouped, call));
        }
        assertEquals(String.join("\n", before), String.join("\n", after));
        assertEquals("GET /admin/projects/7/programs/a1 -> 200 program a1 of 7 /admin/projects/{id: [0-9]+}/programs/{code}",
                before.get(10), "the comparison compares answers");
        assertTrue(before.get(18).startsWith("GET /admin/billing -> 404"), before.get(18));
        assertTrue(before.get(19).startsWith("GET /admin/billing/invoices -> 200 invoices"), before.get(19));
    }

    private static ApplicationHandler app(boolean grouped) {
        ResourceConfig config = new ResourceConfig().register(new MatchedRoute());
        RESOURCES.forEach(config::register);
        if (grouped) {
            config.register(new SectionRoots("/admin", "/office"));
        }
        return new ApplicationHandler(config);
    }

    private static String answer(ApplicationHandler app, String call) {
        String[] methodAndPath = call.split(" ");
        ContainerRequest request = new ContainerRequest(URI.create("http://localhost/"),
                URI.create("http://localhost" + methodAndPath[1]), methodAndPath[0], null, new MapPropertiesDelegate(),
                app.getConfiguration());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            ContainerResponse response = app.apply(request, body).get();
            return response.getStatus() + " " + body.toString(StandardCharsets.UTF_8) + " "
                    + response.getHeaders().getOrDefault("X-Route", List.of()).stream().map(String::valueOf)
                            .collect(Collectors.joining());
        } catch (Exception e) {
            throw new IllegalStateException(call, e);
        }
    }
}
