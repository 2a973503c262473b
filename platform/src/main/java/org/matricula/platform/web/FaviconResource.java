package org.matricula.platform.web;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * The address browsers ask for an icon on their own, whatever the page links to: sent on to the
 * site's icon instead of filling the logs with a not-found on every first visit.
 */
@PermitAll
@Path("/favicon.ico")
public final class FaviconResource {

    @GET
    public Response icon() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(86400);
        return Response.status(Response.Status.MOVED_PERMANENTLY).location(URI.create("/assets/favicon.svg"))
                .cacheControl(cache).build();
    }
}
