package org.matricula.platform.catalog;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.matricula.platform.web.Language;

/** The public course catalog as JSON: the same projects and programs the catalog page shows. */
@PermitAll
@Path("/api/v1/catalog")
@Produces(MediaType.APPLICATION_JSON)
public final class CatalogApi {

    private final Offer offer;

    public CatalogApi(Offer offer) {
        this.offer = offer;
    }

    /** Names and descriptions in the request's language (lang, cookie, Accept-Language), and per language. */
    @GET
    public List<Offer.OfferedProject> catalog(@QueryParam("lang") String lang, @Context HttpHeaders headers) {
        return offer.today(Language.of(lang, headers));
    }
}
