package org.matricula.platform.web;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import org.matricula.platform.i18n.Messages;

/**
 * The API's OpenAPI document ({@code /openapi.json}, public like the document itself) to browse and
 * try, in Swagger UI served from the application's own jar.
 */
@PermitAll
@Path("/api/docs")
@Produces(MediaType.TEXT_HTML)
public final class ApiDocsPage {

    private final Views views;

    public ApiDocsPage(Views views) {
        this.views = views;
    }

    @GET
    public String show(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        return views.render("api-docs", Page.of(Messages.text(locale, "apiDocs.title"), locale,
                CurrentUser.of(request).orElse(null)).scope());
    }
}
