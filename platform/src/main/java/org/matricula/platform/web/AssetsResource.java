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

/** The few static files the pages use, from the class path; only names listed here are served. */
@PermitAll
@Path("/assets")
public final class AssetsResource {

    private static final Map<String, String> TYPES = Map.of(
            "form.js", "text/javascript; charset=utf-8",
            "matricula.css", "text/css; charset=utf-8");

    @GET
    @Path("/{name}")
    public Response asset(@PathParam("name") String name) {
        String type = TYPES.get(name);
        if (type == null) {
            throw NotFoundException.localized("refusal.asset.missing", name);
        }
        try (InputStream in = AssetsResource.class.getResourceAsStream("/web/assets/" + name)) {
            if (in == null) {
                throw NotFoundException.localized("refusal.asset.missing", name);
            }
            CacheControl cache = new CacheControl();
            cache.setMaxAge(3600);
            return Response.ok(in.readAllBytes(), type).cacheControl(cache).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
