package org.matricula.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.registration.MyDeclarationsApi;
import org.matricula.platform.web.ApiDocsPage;
import org.matricula.platform.testing.PlatformExtension;

/** The OpenAPI document of the JSON API, checked against the resources the running platform serves. */
class OpenApiIT {

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static HttpResponse<String> response;
    static JsonNode document;

    @BeforeAll
    static void start() throws IOException {
        response = server.get("/openapi.json");
        document = new ObjectMapper().readTree(response.body());
    }

    @Test
    void isAnOpenApi3JsonDocument() {
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                response.headers().toString());
        assertTrue(document.path("openapi").asText().startsWith("3."), document.path("openapi").asText());
        assertEquals("Matricula API", document.path("info").path("title").asText());
        assertFalse(document.path("info").path("version").asText().isEmpty());
        assertEquals("/", document.path("servers").path(0).path("url").asText());
    }

    @Test
    void describesTheApiAndNothingElse() {
        JsonNode paths = document.path("paths");
        for (String path : List.of("/api/families", "/api/families/{id}/validate", "/api/me/declarations",
                "/api/v1/admin/declarations/{id}/status", "/api/admin/plugins")) {
            assertTrue(paths.has(path), path + " in " + fieldNames(paths));
        }
        JsonNode submit = paths.path("/api/me/declarations").path("post");
        assertTrue(submit.isObject(), "POST /api/me/declarations");
        assertTrue(submit.path("requestBody").path("content").has("application/json"), submit.toString());
        assertEquals("binary", paths.path("/api/admin/plugins").path("post").path("requestBody").path("content")
                .path("application/java-archive").path("schema").path("format").asText(), "a plugin JAR is bytes");

        for (String page : List.of("/office", "/apply/{slug}", "/families/{id}/form", "/openapi.json")) {
            assertFalse(paths.has(page), page);
        }
        for (String path : fieldNames(paths)) {
            assertTrue(path.equals("/api") || path.startsWith("/api/"), path);
        }
    }

    @Test
    void statesTheCredentialsEachCallTakes() {
        JsonNode schemes = document.path("components").path("securitySchemes");
        assertEquals("cookie", schemes.path(ApiDocument.SESSION).path("in").asText());
        assertEquals("matricula_session", schemes.path(ApiDocument.SESSION).path("name").asText());
        assertEquals("header", schemes.path(ApiDocument.CSRF).path("in").asText());
        assertEquals("X-CSRF-Token", schemes.path(ApiDocument.CSRF).path("name").asText());
        assertEquals("bearer", schemes.path(ApiDocument.ADMIN).path("scheme").asText());

        JsonNode paths = document.path("paths");
        assertEquals(List.of(List.of(ApiDocument.SESSION), List.of(ApiDocument.ADMIN)),
                security(paths.path("/api/admin/plugins").path("get")));
        assertEquals(List.of(List.of(ApiDocument.SESSION, ApiDocument.CSRF)),
                security(paths.path("/api/me/declarations").path("post")));
        assertEquals(List.of(List.of(ApiDocument.SESSION)), security(paths.path("/api/me/declarations").path("get")));
        assertEquals(List.of(List.of(ApiDocument.SESSION), List.of()),
                security(paths.path("/api/families").path("get")), "public, a session is optional");
    }

    @Test
    void everyJsonRouteIsVersionedAndTheUnversionedOnesAreMarkedDeprecated() {
        JsonNode paths = document.path("paths");
        for (String path : fieldNames(paths)) {
            boolean legacy = !path.startsWith("/api/v1/");
            paths.path(path).forEach(operation -> assertEquals(legacy, operation.path("deprecated").asBoolean(),
                    path + " " + operation.path("operationId")));
            if (legacy) {
                assertTrue(paths.has("/api/v1/" + path.substring("/api/".length())), path + " has a successor");
            }
        }
        assertTrue(paths.has("/api/v1/me/declarations") && paths.has("/api/v1/admin/plugins/{id}/enable"));
    }

    @Test
    void unversionedAddressesAnswerAsTheirSuccessorAndSaySoInHeaders() {
        HttpResponse<String> legacy = server.get("/api/families");
        HttpResponse<String> current = server.get("/api/v1/families");
        assertEquals(200, legacy.statusCode());
        assertEquals(current.body(), legacy.body());
        assertEquals("true", legacy.headers().firstValue("Deprecation").orElse(""));
        assertEquals("</api/v1/families>; rel=\"successor-version\"", legacy.headers().firstValue("Link").orElse(""));
        assertTrue(current.headers().firstValue("Deprecation").isEmpty());
        assertEquals(200, server.send(server.admin("/api/admin/plugins")).statusCode());
        assertEquals(401, server.get("/api/admin/plugins").statusCode(), "access is the successor's");
    }

    @Test
    void coversEveryApiResourceTheApplicationRegisters() {
        ResourceConfig application = server.platform().application();
        Set<Class<?>> api = new HashSet<>();
        Stream.concat(application.getInstances().stream().map(Object::getClass), application.getClasses().stream())
                .filter(type -> type.isAnnotationPresent(Path.class))
                .filter(type -> ("/" + type.getAnnotation(Path.class).value()).replaceAll("/+", "/")
                        .matches("/api(/.*)?"))
                // the HTML page that shows the document (Swagger UI) is no API resource
                .filter(type -> type != ApiDocsPage.class)
                .forEach(api::add);
        assertTrue(api.contains(MyDeclarationsApi.class), api.toString());

        JsonNode paths = document.path("paths");
        for (Class<?> type : api) {
            List<String> missing = new ArrayList<>();
            for (String operation : operations(Resource.from(type), "")) {
                String[] methodAndPath = operation.split(" ", 2);
                if (!paths.path(methodAndPath[1]).has(methodAndPath[0].toLowerCase(Locale.ROOT))) {
                    missing.add(operation);
                }
            }
            assertTrue(missing.isEmpty(), type.getSimpleName() + " lacks " + missing);
        }
    }

    @Test
    void everyJsonRequestBodyIsTheSchemaOfItsOwnRecord() {
        JsonNode schemas = document.path("components").path("schemas");
        List<String> dangling = new ArrayList<>();
        document.findValues("$ref").forEach(ref -> {
            String name = ref.asText().replaceFirst("^#/components/schemas/", "");
            if (!schemas.has(name)) {
                dangling.add(ref.asText());
            }
        });
        assertEquals(List.of(), dangling, "every $ref names a schema of the document");

        Map<String, Class<?>> classByName = new java.util.HashMap<>();
        List<String> wrong = new ArrayList<>();
        for (Class<?> type : OpenApiResource.apiResourcesOf(server.platform().application())) {
            bodies(Resource.from(type), "", (operation, body) -> {
                if (!body.isRecord()) {
                    return;
                }
                String name = ApiDocument.schemaName(body);
                Class<?> earlier = classByName.putIfAbsent(name, body);
                if (earlier != null && earlier != body) {
                    wrong.add(name + " names both " + earlier.getName() + " and " + body.getName());
                }
                String[] methodAndPath = operation.split(" ", 2);
                JsonNode documented = document.path("paths").path(methodAndPath[1])
                        .path(methodAndPath[0].toLowerCase(Locale.ROOT)).path("requestBody").path("content")
                        .path("application/json").path("schema");
                if (!documented.path("$ref").asText().equals("#/components/schemas/" + name)) {
                    wrong.add(operation + " documents " + documented + ", not " + name);
                    return;
                }
                Set<String> components = new java.util.TreeSet<>();
                for (java.lang.reflect.RecordComponent component : body.getRecordComponents()) {
                    components.add(component.getName());
                }
                Set<String> properties = new java.util.TreeSet<>(fieldNames(schemas.path(name).path("properties")));
                if (!properties.equals(components)) {
                    wrong.add(operation + ": " + name + " has " + properties + ", " + body.getName() + " has " + components);
                }
            });
        }
        assertEquals(List.of(), wrong);
        assertTrue(classByName.containsKey("WebhooksDraft") && classByName.containsKey("CampaignsDraft"),
                classByName.keySet().toString());
    }

    /** Every operation of a resource with the class of the JSON body it reads, if any. */
    private static void bodies(Resource resource, String parent,
            java.util.function.BiConsumer<String, Class<?>> consumer) {
        String path = join(parent, resource.getPath());
        for (ResourceMethod method : resource.getResourceMethods()) {
            boolean json = method.getConsumedTypes().isEmpty() || method.getConsumedTypes().stream()
                    .anyMatch(type -> type.isCompatible(jakarta.ws.rs.core.MediaType.APPLICATION_JSON_TYPE));
            method.getInvocable().getParameters().stream()
                    .filter(parameter -> parameter.getSource() == org.glassfish.jersey.model.Parameter.Source.ENTITY)
                    .filter(parameter -> json)
                    .forEach(parameter -> consumer.accept(method.getHttpMethod() + " " + path, parameter.getRawType()));
        }
        for (Resource child : resource.getChildResources()) {
            bodies(child, path, consumer);
        }
    }

    /** Every operation a resource serves, as "METHOD /path" the way the document writes the path. */
    private static List<String> operations(Resource resource, String parent) {
        List<String> found = new ArrayList<>();
        String path = join(parent, resource.getPath());
        for (ResourceMethod method : resource.getResourceMethods()) {
            found.add(method.getHttpMethod() + " " + path);
        }
        for (Resource child : resource.getChildResources()) {
            found.addAll(operations(child, path));
        }
        return found;
    }

    private static String join(String parent, String path) {
        String joined = (parent + "/" + (path == null ? "" : path)).replaceAll("/+", "/");
        // The document writes templates without their regular expressions: {id: [0-9]+} is {id}.
        joined = joined.replaceAll("\\{\\s*([\\w.-]+)\\s*:[^}]*}", "{$1}");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    private static List<List<String>> security(JsonNode operation) {
        List<List<String>> alternatives = new ArrayList<>();
        operation.path("security").forEach(requirement -> alternatives.add(fieldNames(requirement)));
        return alternatives;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
