package org.matricula.platform.crm.campaigns;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Base64;
import java.util.Locale;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.i18n.Messages;

/**
 * The open pixel and click-through links of tracked campaign mails: no sign-in, the token is the
 * recipient's; a click leads only to a link the campaign's mails carried.
 */
@PermitAll
@Path("/t")
public final class TrackingResource {

    /** A transparent 1x1 GIF. */
    private static final byte[] PIXEL = Base64.getDecoder()
            .decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    private final Tracking tracking;

    public TrackingResource(Tracking tracking) {
        this.tracking = tracking;
    }

    @GET
    @Path("o/{token}")
    public Response open(@PathParam("token") String token) {
        if (!tracking.open(token)) {
            throw unknown();
        }
        return Response.ok(PIXEL, "image/gif").header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("c/{token}/{n: [0-9]{1,6}}")
    public Response click(@PathParam("token") String token, @PathParam("n") int position) {
        String url = tracking.click(token, position).orElseThrow(TrackingResource::unknown);
        return Response.seeOther(URI.create(url)).header("Cache-Control", "no-store").build();
    }

    private static NotFoundException unknown() {
        return new NotFoundException(Messages.text(Locale.ENGLISH, "campaigns.tracking.unknown"));
    }
}
