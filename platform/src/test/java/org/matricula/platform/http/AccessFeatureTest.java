package org.matricula.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.security.Principal;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/** The access feature on an application of its own, in memory: deny by default, roles, 401 vs log-in. */
class AccessFeatureTest {

    private static final String TOKEN = "automation-token";

    @Path("/open")
    @PermitAll
    public static final class Open {
        @GET
        public String get() {
            return "open";
        }
    }

    /** Declares nothing: a resource someone forgot to guard. */
    @Path("/forgotten")
    public static final class Forgotten {
        @GET
        public String get() {
            return "should never be served";
        }
    }

    @Path("/admin")
    @RolesAllowed(Roles.ADMIN)
    public static final class AdminOnly {
        @GET
        @Produces(MediaType.TEXT_HTML)
        public String page() {
            return "page";
        }

        @GET
        @Path("data")
        @Produces(MediaType.APPLICATION_JSON)
        public String data() {
            return "{}";
        }

        @POST
        @Path("closed")
        @DenyAll
        public String closed() {
            return "never";
        }

        @POST
        @Path("automated")
        @RolesAllowed({Roles.ADMIN, Roles.AUTOMATION})
        public String automated() {
            return "done";
        }
    }

    /** Signs the request in with the role named in the test header, standing in for the session filter. */
    @PreMatching
    public static final class HeaderRole implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            String role = request.getHeaderString("X-Role");
            if (role == null) {
                return;
            }
            request.setSecurityContext(new SecurityContext() {
                public Principal getUserPrincipal() {
                    return () -> "someone";
                }

                public boolean isUserInRole(String asked) {
                    return asked.equals(role);
                }

                public boolean isSecure() {
                    return false;
                }

                public String getAuthenticationScheme() {
                    return "test";
                }
            });
        }
    }

    private final ApplicationHandler app = new ApplicationHandler(new ResourceConfig()
            .register(new HeaderRole()).register(new AccessFeature(new AdminTokenFilter(TOKEN)))
            .register(Open.class).register(Forgotten.class).register(AdminOnly.class));

    @Test
    void aMethodThatDeclaresNothingIsRefusedToEveryone() {
        assertEquals(403, call("GET", "/forgotten", null, null).getStatus());
        assertEquals(403, call("GET", "/forgotten", "ADMIN", null).getStatus());
        assertEquals(200, call("GET", "/open", null, null).getStatus());
    }

    @Test
    void rolesAreCheckedOnTheMatchedMethod() {
        assertEquals(200, call("GET", "/admin", "ADMIN", null).getStatus());
        assertEquals(403, call("GET", "/admin", "APPLICANT", null).getStatus());
        assertEquals(403, call("POST", "/admin/closed", "ADMIN", null).getStatus());
    }

    @Test
    void anonymousCallersAreSentToLogInOnPagesAndGet401OnTheApi() {
        ContainerResponse page = call("GET", "/admin?tab=1", null, null);
        assertEquals(303, page.getStatus());
        assertEquals("/login?next=%2Fadmin%3Ftab%3D1", page.getLocation().getRawPath() + "?"
                + page.getLocation().getRawQuery());
        assertEquals(401, call("GET", "/admin/data", null, null).getStatus());
    }

    @Test
    void theTokenOpensOnlyMethodsThatLetAutomationIn() {
        assertEquals(200, call("POST", "/admin/automated", null, "Bearer " + TOKEN).getStatus());
        assertEquals(401, call("POST", "/admin/automated", null, "Bearer wrong").getStatus());
        assertEquals(401, call("GET", "/admin/data", null, "Bearer " + TOKEN).getStatus());
    }

    @Test
    void theTokensSchemeIsReadInAnyCase() {
        for (String scheme : new String[] {"bearer", "BEARER", "bEaReR"}) {
            assertEquals(200, call("POST", "/admin/automated", null, scheme + " " + TOKEN).getStatus(), scheme);
        }
        assertEquals(401, call("POST", "/admin/automated", null, "bearer wrong").getStatus());
        assertEquals(401, call("POST", "/admin/automated", null, "Basic " + TOKEN).getStatus());
    }

    private ContainerResponse call(String method, String path, String role, String authorization) {
        ContainerRequest request = new ContainerRequest(URI.create("http://localhost/"),
                URI.create("http://localhost" + path), method, null, new MapPropertiesDelegate(), app.getConfiguration());
        if (role != null) {
            request.header("X-Role", role);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return app.apply(request).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
