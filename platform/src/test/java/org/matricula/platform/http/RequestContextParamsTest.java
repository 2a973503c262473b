package org.matricula.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.model.Parameter;
import org.junit.jupiter.api.Test;

/** Resource methods get their request, headers and URI information from the request itself, the rest from Jersey. */
class RequestContextParamsTest {

    @Path("/echo/{name}")
    public static final class Echo {
        @GET
        public String get(@PathParam("name") String name, @Context ContainerRequestContext request,
                @Context HttpHeaders headers, @Context UriInfo uri, @Context SecurityContext caller) {
            return String.join("|", name, String.valueOf(request.getProperty("seen")),
                    headers.getHeaderString("X-Greeting"), uri.getPath(), uri.getPathParameters().getFirst("name"),
                    caller.getUserPrincipal().getName());
        }
    }

    /** Sets what the method should find on the request, as the platform's filters do. */
    public static final class Marks implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            request.setProperty("seen", "marked");
            Principal principal = () -> "ada";
            request.setSecurityContext(new SecurityContext() {
                public Principal getUserPrincipal() {
                    return principal;
                }

                public boolean isUserInRole(String role) {
                    return false;
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

    @Test
    void answersForTheRequestItsHeadersAndItsUriAndLeavesTheRestToJersey() throws Exception {
        RequestContextParams provider = new RequestContextParams();
        Method get = Echo.class.getMethod("get", String.class, ContainerRequestContext.class, HttpHeaders.class,
                UriInfo.class, SecurityContext.class);
        ContainerRequest request = request("/echo/x");

        assertNull(provider.getValueProvider(parameter(get, 0)), "a path parameter");
        assertSame(request, provider.getValueProvider(parameter(get, 1)).apply(request));
        assertSame(request, provider.getValueProvider(parameter(get, 2)).apply(request));
        assertSame(request.getUriInfo(), provider.getValueProvider(parameter(get, 3)).apply(request));
        assertNull(provider.getValueProvider(parameter(get, 4)), "the security context, which filters replace");
    }

    @Test
    void theMethodSeesWhatTheFiltersSetOnItsRequest() throws Exception {
        ApplicationHandler app = new ApplicationHandler(new ResourceConfig().register(RequestContextParams.binder())
                .register(new Marks()).register(Echo.class));
        ContainerRequest request = request("/echo/ada");
        request.header("X-Greeting", "hello");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ContainerResponse response = app.apply(request, body).get();

        assertEquals(200, response.getStatus());
        assertEquals("ada|marked|hello|echo/ada|ada|ada", body.toString(StandardCharsets.UTF_8));
    }

    private static Parameter parameter(Method method, int index) {
        return Parameter.create(Echo.class, Echo.class, false, method.getParameterTypes()[index],
                method.getGenericParameterTypes()[index], method.getParameterAnnotations()[index]);
    }

    private static ContainerRequest request(String path) {
        return new ContainerRequest(URI.create("http://localhost/"), URI.create("http://localhost" + path), "GET", null,
                new MapPropertiesDelegate(), new ResourceConfig());
    }
}
