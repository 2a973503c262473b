package org.matricula.platform.web;

import org.matricula.platform.errors.NotFoundException;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The static files the pages use, from the class path: the platform's own (stylesheet, scripts) and
 * the few files of the front-end libraries it ships as webjars (Bootstrap, htmx, ECharts, Swagger UI). Only
 * names listed here are served; nothing comes from a CDN.
 */
@PermitAll
@Path("/assets")
public final class AssetsResource {

    private static final String JS = "text/javascript; charset=utf-8";
    private static final String CSS = "text/css; charset=utf-8";
    private static final String SVG = "image/svg+xml";

    private static final Map<String, Asset> ASSETS = Map.ofEntries(
            Map.entry("form.js", new Asset("/web/assets/form.js", JS)),
            Map.entry("lists.js", new Asset("/web/assets/lists.js", JS)),
            Map.entry("page.js", new Asset("/web/assets/page.js", JS)),
            Map.entry("api-docs.js", new Asset("/web/assets/api-docs.js", JS)),
            Map.entry("matricula.css", new Asset("/web/assets/matricula.css", CSS)),
            Map.entry("favicon.svg", new Asset("/web/assets/favicon.svg", SVG)),
            Map.entry("bootstrap.min.css",
                    new Asset(webjar("org.webjars.npm", "bootstrap", "dist/css/bootstrap.min.css"), CSS)),
            Map.entry("htmx.min.js", new Asset(webjar("org.webjars.npm", "htmx.org", "dist/htmx.min.js"), JS)),
            Map.entry("echarts.min.js", new Asset(webjar("org.webjars.npm", "echarts", "dist/echarts.min.js"), JS)),
            Map.entry("analytics.js", new Asset("/web/assets/analytics.js", JS)),
            Map.entry("swagger-ui.css", new Asset(webjar("org.webjars", "swagger-ui", "swagger-ui.css"), CSS)),
            Map.entry("swagger-ui-bundle.js",
                    new Asset(webjar("org.webjars", "swagger-ui", "swagger-ui-bundle.js"), JS)));

    private record Asset(String resource, String type) {
    }

    /** A file of a webjar on the class path, found through the version its Maven properties record. */
    static String webjar(String group, String artifact, String file) {
        try (InputStream in = AssetsResource.class.getResourceAsStream(
                "/META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("The webjar " + group + ":" + artifact + " is not on the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return "/META-INF/resources/webjars/" + artifact + "/" + properties.getProperty("version") + "/" + file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @Path("/{name}")
    public Response asset(@PathParam("name") String name) {
        Asset asset = ASSETS.get(name);
        if (asset == null) {
            throw NotFoundException.localized("refusal.asset.missing", name);
        }
        try (InputStream in = AssetsResource.class.getResourceAsStream(asset.resource())) {
            if (in == null) {
                throw NotFoundException.localized("refusal.asset.missing", name);
            }
            CacheControl cache = new CacheControl();
            cache.setMaxAge(3600);
            return Response.ok(in.readAllBytes(), asset.type()).cacheControl(cache).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
