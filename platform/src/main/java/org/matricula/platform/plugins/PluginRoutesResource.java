package org.matricula.platform.plugins;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.matricula.api.web.Caller;
import org.matricula.api.web.PluginRequest;
import org.matricula.api.web.PluginResponse;
import org.matricula.api.web.PluginRoutes;
import org.matricula.api.web.Role;
import org.matricula.api.web.Route;
import org.matricula.platform.errors.BadRequestException;
import org.matricula.platform.errors.ForbiddenException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.http.CsrfFilter;
import org.matricula.platform.http.ProblemResponses;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SignedIn;
import org.matricula.platform.web.Views;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves plugins' own routes ({@link PluginRoutes}) under {@code /plugins/<id>/...} and their
 * static assets under {@code /plugins/<id>/assets/<version>/...}. The JAX-RS methods are open to
 * all because the access is each plugin route's own: it is checked here, before the handler runs,
 * from what the route declares (nobody unless it says otherwise), with the platform's session,
 * and an unsafe call with a session must present its CSRF token. The routes are looked up on
 * every call among the started plugins, so a disabled plugin's paths answer 404 and an upgraded
 * one's new handlers serve at once.
 */
@Path("/plugins/{id}")
public final class PluginRoutesResource {

    private static final Logger log = LoggerFactory.getLogger(PluginRoutesResource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 2 * 1024 * 1024;
    private static final String ASSETS = "assets";
    private static final Map<String, String> MEDIA_TYPES = Map.ofEntries(
            Map.entry("css", "text/css; charset=UTF-8"), Map.entry("js", "text/javascript; charset=UTF-8"),
            Map.entry("mjs", "text/javascript; charset=UTF-8"), Map.entry("json", "application/json"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"), Map.entry("txt", "text/plain; charset=UTF-8"),
            Map.entry("html", "text/html; charset=UTF-8"), Map.entry("map", "application/json"));

    private final PluginService plugins;
    private final Views views;
    private final ProblemResponses problems;

    public PluginRoutesResource(PluginService plugins, Views views) {
        this.plugins = plugins;
        this.views = views;
        this.problems = new ProblemResponses(views);
    }

    @GET
    @Path("/assets/{version}/{file: .+}")
    @PermitAll
    public Response asset(@PathParam("id") String id, @PathParam("version") String version,
            @PathParam("file") String file) throws IOException {
        String current = plugins.startedVersion(id).orElseThrow(() -> notLive(id));
        if (file.contains("..") || file.contains("\\") || file.startsWith("/")) {
            throw new NotFoundException("No such asset");
        }
        URL resource = plugins.resourceOf(id, ASSETS + "/" + id + "/" + file)
                .orElseThrow(() -> new NotFoundException("Plugin '" + id + "' has no asset " + file));
        if (!current.equals(version)) {
            // an old page asks for an old version's file: the current one stands in, under its own address
            return Response.status(Response.Status.FOUND)
                    .location(URI.create("/plugins/" + id + "/" + ASSETS + "/" + current + "/" + file))
                    .header("Cache-Control", "no-cache").build();
        }
        byte[] content;
        try (InputStream in = resource.openStream()) {
            content = in.readAllBytes();
        }
        String extension = file.substring(file.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return Response.ok(content, MEDIA_TYPES.getOrDefault(extension, MediaType.APPLICATION_OCTET_STREAM))
                .header("Cache-Control", "public, max-age=31536000, immutable").build();
    }

    @GET
    @Path("{path: .*}")
    @PermitAll
    public Response get(@PathParam("id") String id, @PathParam("path") String path,
            @Context ContainerRequestContext request, @Context HttpHeaders headers) {
        return serve(id, path, request, headers, new byte[0]);
    }

    @POST
    @Path("{path: .*}")
    @PermitAll
    public Response post(@PathParam("id") String id, @PathParam("path") String path,
            @Context ContainerRequestContext request, @Context HttpHeaders headers) throws IOException {
        return serve(id, path, request, headers, body(request));
    }

    @PUT
    @Path("{path: .*}")
    @PermitAll
    public Response put(@PathParam("id") String id, @PathParam("path") String path,
            @Context ContainerRequestContext request, @Context HttpHeaders headers) throws IOException {
        return serve(id, path, request, headers, body(request));
    }

    @DELETE
    @Path("{path: .*}")
    @PermitAll
    public Response delete(@PathParam("id") String id, @PathParam("path") String path,
            @Context ContainerRequestContext request, @Context HttpHeaders headers) throws IOException {
        return serve(id, path, request, headers, body(request));
    }

    private Response serve(String id, String rawPath, ContainerRequestContext request, HttpHeaders headers,
            byte[] body) {
        String path = "/" + rawPath;
        String method = request.getMethod();
        Locale locale = Language.of(request);
        Matched matched;
        try {
            matched = match(id, method, path).orElseThrow(() -> new NotFoundException(
                    "Plugin '" + id + "' has no route " + method + " " + path));
        } catch (PluginFailure failure) {
            return failed(failure, locale, request, headers);
        }
        Optional<CurrentUser> user = CurrentUser.of(request);
        Optional<Role> role = user.map(u -> Role.valueOf(u.role().name()));
        if (!matched.route.access().allows(role)) {
            if (user.isEmpty() && !matched.route.access().roles().isEmpty()) {
                if ("GET".equals(method) && wantsHtml(request)) {
                    throw SignedIn.logInFirst(request.getUriInfo().getRequestUri());
                }
                throw new NotAuthorizedException(Messages.text(locale, "problem.access.logIn"),
                        "Cookie realm=\"matricula\"");
            }
            throw new ForbiddenException(Messages.text(locale, matched.route.access().roles().isEmpty()
                    ? "problem.access.nobody" : "problem.access.role"));
        }
        String text = new String(body, StandardCharsets.UTF_8);
        Map<String, String> form = isForm(request) ? parseForm(text) : Map.of();
        if (!CsrfFilter.presentsSessionToken(request, form)) {
            throw new ForbiddenException(Messages.text(locale, "problem.csrf", CsrfFilter.HEADER));
        }
        String version = plugins.pluginVersionOf(matched.routes).orElse("");
        Request call = new Request(id, version, method, path, matched.parameters,
                Map.copyOf(request.getUriInfo().getQueryParameters()), text, form,
                user.map(u -> new Caller(u.id(), u.email(), u.displayName(), Role.valueOf(u.role().name()))),
                locale, user.map(CurrentUser::csrfToken).orElse(""));
        PluginResponse answer;
        try {
            answer = matched.route.handler().handle(call);
        } catch (UnreadableJson e) {
            throw new BadRequestException("The body is not JSON: " + e.getMessage());
        } catch (Throwable e) {
            return failed(plugins.failure(id, matched.routes, "on route " + matched.route, e), locale, request, headers);
        }
        if (answer == null) {
            throw new IllegalStateException("Plugin '" + id + "' answered " + method + " " + path + " with nothing");
        }
        return respond(id, answer, locale, user.orElse(null));
    }

    /** The plugin's own failure: one line in the log, as every plugin failure (the trace at DEBUG), and a plain 500. */
    private Response failed(PluginFailure failure, Locale locale, ContainerRequestContext request,
            HttpHeaders headers) {
        log.warn("Answered 500, as {}", failure.getMessage());
        return problems.build(Response.Status.INTERNAL_SERVER_ERROR, Messages.text(locale, "problem.unexpected"),
                List.of(), request.getUriInfo(), headers);
    }

    private Response respond(String id, PluginResponse answer, Locale locale, CurrentUser user) {
        return switch (answer.kind()) {
            case JSON -> Response.status(answer.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(answer.body())
                    .build();
            case PAGE -> Response.status(answer.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(views.render("plugins/page", Page.of(answer.title(), locale, user)
                            .with("pluginId", id).with("html", answer.body()).scope()))
                    .build();
            case HTML -> Response.status(answer.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(answer.body()).build();
            case REDIRECT -> Response.status(answer.status()).location(URI.create((String) answer.body())).build();
            case EMPTY -> Response.status(answer.status()).build();
        };
    }

    private record Matched(PluginRoutes routes, Route route, Map<String, String> parameters) {
    }

    private Optional<Matched> match(String id, String method, String path) {
        for (PluginRoutes routes : plugins.extensions(PluginRoutes.class)) {
            if (!plugins.pluginIdOf(routes).filter(id::equals).isPresent()) {
                continue;
            }
            for (Route route : routesOf(plugins, id, routes)) {
                if (route.method().equals(method)) {
                    Optional<Map<String, String>> parameters = parameters(route.path(), path);
                    if (parameters.isPresent()) {
                        return Optional.of(new Matched(routes, route, parameters.get()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The routes a plugin lists, asked on every call and every menu shown.
     *
     * @throws PluginFailure when the plugin fails to list them
     */
    static List<Route> routesOf(PluginService plugins, String pluginId, PluginRoutes routes) {
        try {
            return List.copyOf(routes.routes());
        } catch (Throwable e) {
            throw plugins.failure(pluginId, routes, "to list its routes", e);
        }
    }

    /** The {@code {name}} segments of {@code pattern} in {@code path}, when the path fits the pattern. */
    static Optional<Map<String, String>> parameters(String pattern, String path) {
        String[] expected = trim(pattern).split("/", -1);
        String[] actual = trim(path).split("/", -1);
        if (expected.length != actual.length) {
            return Optional.empty();
        }
        Map<String, String> found = new LinkedHashMap<>();
        for (int i = 0; i < expected.length; i++) {
            String part = expected[i];
            if (part.length() > 2 && part.startsWith("{") && part.endsWith("}")) {
                if (actual[i].isEmpty()) {
                    return Optional.empty();
                }
                found.put(part.substring(1, part.length() - 1), actual[i]);
            } else if (!part.equals(actual[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(found);
    }

    private static String trim(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    private static NotFoundException notLive(String id) {
        return new NotFoundException("Plugin '" + id + "' is not live");
    }

    private static boolean wantsHtml(ContainerRequestContext request) {
        return request.getAcceptableMediaTypes().stream().anyMatch(type -> type.isCompatible(MediaType.TEXT_HTML_TYPE)
                && !type.isWildcardType());
    }

    private static boolean isForm(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        return type != null && type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
    }

    private static byte[] body(ContainerRequestContext request) throws IOException {
        byte[] body = request.getEntityStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new BadRequestException("The body is larger than " + MAX_BODY + " bytes");
        }
        return body;
    }

    private static Map<String, String> parseForm(String encoded) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                fields.putIfAbsent(URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8),
                        equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformed) {
                // a broken escape: the field is left out
            }
        }
        return Map.copyOf(fields);
    }

    private static final class UnreadableJson extends IllegalArgumentException {
        UnreadableJson(String message) {
            super(message);
        }
    }

    /** One call as the plugin sees it. */
    private record Request(String pluginId, String version, String method, String path,
            Map<String, String> parameters, Map<String, List<String>> query, String body, Map<String, String> form,
            Optional<Caller> caller, Locale locale, String csrfToken) implements PluginRequest {

        @Override
        public Optional<String> pathParameter(String name) {
            return Optional.ofNullable(parameters.get(name));
        }

        @Override
        public Object json() {
            try {
                return body.isBlank() ? null : JSON.readValue(body, Object.class);
            } catch (IOException e) {
                throw new UnreadableJson(e.getMessage() == null ? "" : firstLine(e.getMessage()));
            }
        }

        private static String firstLine(String message) {
            int end = message.indexOf('\n');
            return end < 0 ? message : message.substring(0, end);
        }

        @Override
        public String assetUrl(String file) {
            return "/plugins/" + pluginId + "/" + ASSETS + "/" + version + "/" + (file.startsWith("/") ? file.substring(1) : file);
        }
    }
}
