package org.matricula.platform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.matricula.api.MatriculaApi;
import org.matricula.platform.accounts.CsrfFilter;
import org.matricula.platform.accounts.SessionCookies;
import org.matricula.platform.accounts.SessionFilter;
import org.matricula.platform.http.AdminTokenFilter;

/**
 * Builds the OpenAPI 3 document of the JSON API with swagger-core's JAX-RS reader, then states on
 * every operation the credentials it takes, asking the same filters that enforce them.
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
                                .description("The session cookie set by POST /api/auth/login or /api/auth/signup;"
                                        + " /api/v1/admin needs an administrator's session"))
                        .addSecuritySchemes(CSRF, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name(CsrfFilter.HEADER)
                                .description("The session's csrfToken (from login or sign-up), on state-changing calls"))
                        .addSecuritySchemes(ADMIN, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("The admin.token of the configuration")));
        SwaggerConfiguration config = new SwaggerConfiguration().openAPI(base).readAllResources(true);
        OpenAPI api = new Reader(config).read(resources);
        api.setPaths(sorted(api.getPaths()));
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            secure(path, method, operation);
            rawBodies(operation);
        }));
        return api;
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

    /** Paths in order, so the document reads (and diffs) the same from one build to the next. */
    private static Paths sorted(Paths paths) {
        Paths sorted = new Paths();
        new TreeMap<>(paths == null ? Map.of() : paths).forEach(sorted::addPathItem);
        return sorted;
    }

    private static void secure(String path, PathItem.HttpMethod method, Operation operation) {
        if (operation.getSecurity() != null) {
            return; // stated on the resource itself
        }
        String relative = path.substring(1);
        List<SecurityRequirement> alternatives = new ArrayList<>();
        if (AdminTokenFilter.guards(relative)) {
            alternatives.add(new SecurityRequirement().addList(ADMIN));
        } else {
            SecurityRequirement session = new SecurityRequirement().addList(SESSION);
            if (CsrfFilter.guardsApiCall(method.name(), relative)) {
                session.addList(CSRF);
            }
            alternatives.add(session);
            if (!SessionFilter.requiresSession(relative)) {
                alternatives.add(new SecurityRequirement()); // anonymous callers are served too
            }
        }
        operation.setSecurity(alternatives);
    }
}
