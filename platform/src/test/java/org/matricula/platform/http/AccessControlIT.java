package org.matricula.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.matricula.platform.plugins.fixtures.FixtureFamily;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.TestSessions;

/**
 * Access is decided on the route Jersey matched: every resource method declares who may call it,
 * and addresses that could be read two ways (path parameters, encoded slashes, dot segments) are
 * refused before routing, so no spelling of an admin address slips past its check.
 */
class AccessControlIT {

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());

    @Test
    void everyResourceMethodDeclaresWhoMayCallIt() {
        List<String> undeclared = new ArrayList<>();
        int methods = 0;
        for (Class<?> type : resourceClasses()) {
            for (ResourceMethod method : resourceMethods(Resource.from(type))) {
                methods++;
                if (!RouteAccess.of(type, method.getInvocable().getDefinitionMethod()).declared()) {
                    undeclared.add(type.getSimpleName() + "." + method.getInvocable().getDefinitionMethod().getName());
                }
            }
        }
        assertTrue(methods > 90, "walked " + methods + " resource methods");
        assertEquals(List.of(), undeclared, "resource methods that declare no access");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api;/admin/plugins", "/api/admin;x=1/plugins", "/api/admin/plugins;", "/admin;x/mail",
        "/api%2Fadmin/plugins", "/api%2fadmin%2fplugins", "/office/../api/admin/plugins", "/./api/admin/plugins",
        "//api/admin/plugins", "/api/admin//plugins", "/api/admin/%2E%2E/admin/plugins", "/admin%5Cmail",
        "/api/admin/plugins%00"})
    void ambiguousAddressesAreRefusedBeforeRouting(String target) {
        RawResponse response = raw("GET", target, "", new byte[0]);
        assertEquals(400, response.status(), target + " -> " + response.head());
    }

    @Test
    void pluginInstallThroughAPathParameterInstallsNothing(@TempDir Path uploads) throws IOException {
        byte[] jar = Files.readAllBytes(PluginJar.plugin("intruder", "1.0.0").pluginClass(FixturePlugin.class)
                .extension(FixtureFamily.class).writeTo(uploads, "intruder.jar"));
        for (String target : List.of("/api;/admin/plugins?fileName=x.jar", "/api/admin;x=1/plugins?fileName=x.jar",
                "/api/admin/plugins?fileName=x.jar")) {
            RawResponse response = raw("POST", target, "Content-Type: application/java-archive\r\n", jar);
            assertTrue(response.status() == 400 || response.status() == 401, target + " -> " + response.head());
        }
        assertFalse(server.send(server.admin("/api/admin/plugins")).body().contains("intruder"));
        assertFalse(Files.exists(server.pluginsDir().resolve("x.jar")));

        for (String target : List.of("/api;/admin/plugins/intruder", "/api/admin/plugins/intruder")) {
            assertTrue(raw("DELETE", target, "", new byte[0]).status() >= 400, target);
        }
    }

    @Test
    void pluginAdminApiTakesOnlyPlatformAdminsAndTheToken() {
        assertEquals(401, server.get("/api/admin/plugins").statusCode());
        TestSessions.Session applicant = TestSessions.applicant(server);
        assertEquals(403, server.send(applicant.request("/api/admin/plugins")).statusCode());
        TestSessions.Session admin = TestSessions.admin(server);
        assertEquals(200, server.send(admin.request("/api/admin/plugins")).statusCode());
        assertEquals(200, server.send(server.admin("/api/admin/plugins")).statusCode());
        HttpResponse<String> wrongToken = server.send(HttpRequest.newBuilder(server.uri("/api/admin/plugins"))
                .header("Authorization", "Bearer not-the-token"));
        assertEquals(401, wrongToken.statusCode());
        // The token opens only what declares automation: not the rest of the administration.
        assertEquals(401, server.send(server.admin("/api/v1/admin/programs")).statusCode());
    }

    @Test
    void anApplicantCannotReadTheMailLogOrAnyAdminScreen() {
        TestSessions.Session applicant = TestSessions.applicant(server);
        for (String path : List.of("/admin/mail", "/admin/users", "/admin/audit", "/admin/projects",
                "/admin/declarations", "/admin", "/api/v1/admin/users", "/api/v1/admin/declarations")) {
            assertEquals(403, server.send(applicant.request(path)).statusCode(), path);
        }
        RawResponse sneaked = raw("GET", "/admin;x/mail", "Cookie: " + applicant.cookie() + "\r\n", new byte[0]);
        assertEquals(400, sneaked.status(), sneaked.head());
    }

    @Test
    void anonymousVisitorsAreSentToLogInOnPagesAndAnswered401OnTheApi() {
        HttpResponse<String> page = server.get("/admin/mail?page=2");
        assertEquals(303, page.statusCode());
        assertTrue(page.headers().firstValue("Location").orElse("").endsWith("/login?next=%2Fadmin%2Fmail%3Fpage%3D2"),
                page.headers().toString());
        assertEquals(401, server.get("/api/v1/admin/users").statusCode());
        assertEquals(401, server.get("/api/me/declarations").statusCode());
        assertEquals(200, server.get("/catalog").statusCode());
    }

    @Test
    void coordinatorsReadDeclarationsButChangeNothing() {
        TestSessions.Session coordinator = TestSessions.open(server, "COORDINATOR");
        assertEquals(200, server.send(coordinator.request("/api/v1/admin/declarations")).statusCode());
        HttpResponse<String> change = server.send(coordinator.json(
                "/api/v1/admin/declarations/00000000-0000-0000-0000-000000000000/status")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"ACCEPTED\"}")));
        assertEquals(403, change.statusCode(), change.body());
        assertEquals(403, server.send(coordinator.request("/admin/mail")).statusCode());
    }

    private static List<Class<?>> resourceClasses() {
        List<Class<?>> types = new ArrayList<>(server.platform().application().getClasses());
        server.platform().application().getInstances().forEach(instance -> types.add(instance.getClass()));
        return types.stream().filter(Resource::isAcceptable).filter(type -> Resource.getPath(type) != null).toList();
    }

    private static List<ResourceMethod> resourceMethods(Resource resource) {
        List<ResourceMethod> methods = new ArrayList<>(resource.getResourceMethods());
        resource.getChildResources().forEach(child -> methods.addAll(resourceMethods(child)));
        return methods;
    }

    private record RawResponse(int status, String head) {
    }

    /** Sends the request target exactly as given: the JDK client would refuse or tidy some of them. */
    private static RawResponse raw(String method, String target, String headers, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", server.platform().port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            in.transferTo(received);
            String text = received.toString(StandardCharsets.ISO_8859_1);
            String head = text.contains("\r\n\r\n") ? text.substring(0, text.indexOf("\r\n\r\n")) : text;
            return new RawResponse(Integer.parseInt(head.split(" ", 3)[1]), head);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
