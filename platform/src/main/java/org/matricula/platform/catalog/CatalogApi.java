package org.matricula.platform.catalog;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The public course catalog as JSON: the same projects and programs the catalog page shows. */
@PermitAll
@Path("/api/v1/catalog")
@Produces(MediaType.APPLICATION_JSON)
public final class CatalogApi {

    private final Offer offer;

    public CatalogApi(Offer offer) {
        this.offer = offer;
    }

    @GET
    public List<Offer.OfferedProject> catalog() {
        return offer.today();
    }
}
