package org.matricula.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.jackson.TypeNameResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.matricula.api.MatriculaApi;
import org.matricula.platform.http.CsrfFilter;
import org.matricula.platform.http.SessionCookies;
import org.matricula.platform.http.LegacyApiPaths;
import org.matricula.platform.http.Roles;
import org.matricula.platform.http.RouteAccess;

/**
 * Builds the OpenAPI 3 document of the JSON API with swagger-core's JAX-RS reader, then states on
 * every operation the credentials it takes, from the access each resource method declares.
 */
final class ApiDocument {

    static final String SESSION = "session";
    static final String CSRF = "csrfToken";
    static final String ADMIN = "adminToken";

    private ApiDocument() {
    }

    /** The document of these resource classes, as JSON. */
    static String json(Set<Class<?>> resources) {
        try {
            // swagger's own mapper: it knows how to write its model (no nulls, OpenAPI field names).
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(read(resources));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the OpenAPI document", e);
        }
    }

    private static OpenAPI read(Set<Class<?>> resources) {
        OpenAPI base = new OpenAPI()
                .info(new Info().title("Matricula API").version(MatriculaApi.VERSION)
                        .description("The JSON API of the Matricula course-registration platform."))
                .servers(List.of(new Server().url("/")))
                .components(new Components()
                        .addSecuritySchemes(SESSION, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.COOKIE).name(SessionCookies.SESSION)
                                .description("The session cookie set by POST /api/v1/auth/login or /api/v1/auth/signup;"
                                        + " /api/v1/admin needs an administrator's session"))
                        .addSecuritySchemes(CSRF, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name(CsrfFilter.HEADER)
                                .description("The session's csrfToken (from login or sign-up), on state-changing calls"))
                        .addSecuritySchemes(ADMIN, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("The admin.token of the configuration")));
        SwaggerConfiguration config = new SwaggerConfiguration().openAPI(base).readAllResources(true);
        nameSchemasByEnclosingClass(config);
        OpenAPI api = new Reader(config).read(resources);
        api.setPaths(sorted(withLegacyAliases(api.getPaths())));
        Map<String, RouteAccess> access = accessByOperation(resources);
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String served = LegacyApiPaths.successorOf(path).map(successor -> "/" + successor).orElse(path);
            secure(method, operation, access.get(method.name() + " " + served));
            rawBodies(operation);
        }));
        return api;
    }

    /**
     * Has every schema of a nested class named after its enclosing classes as well (Webhooks.Draft
     * is {@code WebhooksDraft}): by their simple names alone, the many {@code Draft} and
     * {@code Input} records of the features would share one schema, each overwriting the last.
     * swagger-core keeps its converters per configuration kind for the JVM, so this is done once.
     */
    private static synchronized void nameSchemasByEnclosingClass(SwaggerConfiguration config) {
        ModelConverters converters = ModelConverters.getInstance(config.toConfiguration());
        if (converters.getConverters().stream().noneMatch(converter -> converter instanceof NestedNames)) {
            converters.addConverter(new NestedNames());
        }
    }

    /** The schema name of a class: its simple name, after those of the classes it is nested in. */
    static String schemaName(Class<?> type) {
        StringBuilder name = new StringBuilder(type.getSimpleName());
        for (Class<?> enclosing = type.getEnclosingClass(); enclosing != null; enclosing = enclosing.getEnclosingClass()) {
            name.insert(0, enclosing.getSimpleName());
        }
        return name.toString();
    }

    /** swagger-core's reader of Java types, naming schemas by {@link #schemaName}. */
    private static final class NestedNames extends ModelResolver {
        NestedNames() {
            super(Json.mapper(), new TypeNameResolver() {
                @Override
                protected String getNameOfClass(Class<?> type) {
                    return schemaName(type);
                }
            });
        }
    }

    /** A body of a type other than JSON (a plugin JAR, say) is read as a stream: it is bytes, not an object. */
    private static void rawBodies(Operation operation) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return;
        }
        operation.getRequestBody().getContent().forEach((type, media) -> {
            if (!type.equals("application/json") && !type.endsWith("+json") && !type.startsWith("multipart/")
                    && !type.equals("application/x-www-form-urlencoded")) {
                media.setSchema(new StringSchema().format("binary"));
            }
        });
    }

    /** The unversioned addresses still served for one minor version, each marked deprecated. */
    private static Paths withLegacyAliases(Paths paths) {
        Paths all = new Paths();
        if (paths == null) {
            return all;
        }
        paths.forEach((path, item) -> {
            all.addPathItem(path, item);
            String legacy = "/api/" + path.substring("/api/v1/".length());
            if (path.startsWith("/api/v1/") && LegacyApiPaths.successorOf(legacy).isPresent()) {
                PathItem alias = Json.mapper().convertValue(item, PathItem.class);
                alias.readOperations().forEach(operation -> operation.deprecated(true)
                        .operationId(operation.getOperationId() + "Unversioned")
                        .description("Deprecated: use " + path + ", which answers the same."));
                all.addPathItem(legacy, alias);
            }
        });
        return all;
    }

    /** Paths in order, so the document reads (and diffs) the same from one build to the next. */
    private static Paths sorted(Paths paths) {
        Paths sorted = new Paths();
        new TreeMap<>(paths == null ? Map.of() : paths).forEach(sorted::addPathItem);
        return sorted;
    }

    /** What each operation's resource method declares, by "METHOD /path/{param}" as the document names it. */
    private static Map<String, RouteAccess> accessByOperation(Set<Class<?>> resources) {
        Map<String, RouteAccess> access = new HashMap<>();
        for (Class<?> type : resources) {
            collect(Resource.from(type), "", type, access);
        }
        return access;
    }

    private static void collect(Resource resource, String parent, Class<?> type, Map<String, RouteAccess> access) {
        String path = parent + "/" + (resource.getPath() == null ? "" : resource.getPath());
        String documented = path.replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/")
                .replaceAll("(.)/$", "$1");
        for (ResourceMethod method : resource.getResourceMethods()) {
            access.put(method.getHttpMethod() + " " + documented,
                    RouteAccess.of(type, method.getInvocable().getDefinitionMethod()));
        }
        resource.getChildResources().forEach(child -> collect(child, path, type, access));
    }

    private static void secure(PathItem.HttpMethod method, Operation operation, RouteAccess access) {
        if (operation.getSecurity() != null) {
            return; // stated on the resource itself
        }
        if (access == null || !access.declared() || (!access.permitAll() && access.roles().isEmpty())) {
            operation.setSecurity(List.of()); // nobody is let in: nothing to state
            return;
        }
        List<SecurityRequirement> alternatives = new ArrayList<>();
        if (access.permitAll() || access.roles().stream().anyMatch(role -> !role.equals(Roles.AUTOMATION))) {
            SecurityRequirement session = new SecurityRequirement().addList(SESSION);
            if (CsrfFilter.guardsApiCall(method.name(), access)) {
                session.addList(CSRF);
            }
            alternatives.add(session);
        }
        if (access.allowsAutomation()) {
            alternatives.add(new SecurityRequirement().addList(ADMIN));
        }
        if (access.permitAll()) {
            alternatives.add(new SecurityRequirement()); // anonymous callers are served
        }
        operation.setSecurity(alternatives);
    }
}
