package org.matricula.platform.catalog;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.Views;

/** The public course catalog, which is also the home page. */
@PermitAll
@Path("/")
@Produces(MediaType.TEXT_HTML)
public final class CatalogPage {

    /** An open project as the page shows it: its last day as the reader's language writes dates. */
    record ShownProject(String slug, String name, String description, String openUntil,
            List<Offer.OfferedProgram> programs) {

        static ShownProject of(Offer.OfferedProject project, Locale locale) {
            return new ShownProject(project.slug(), project.name(), project.description(),
                    project.openUntil() == null ? null : TimeDisplay.date(locale, project.openUntil()),
                    project.programs());
        }
    }

    private final Offer offer;
    private final Views views;

    public CatalogPage(Offer offer, Views views) {
        this.offer = offer;
        this.views = views;
    }

    @GET
    public Response home() {
        return Response.seeOther(URI.create("/catalog")).build();
    }

    @GET
    @Path("catalog")
    public String catalog(@Context ContainerRequestContext request, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        Locale locale = Language.of(lang, headers);
        Page page = Page.of(Messages.text(locale, "catalog.title"), locale, CurrentUser.of(request).orElse(null))
                .with("projects", offer.today(locale).stream().map(project -> ShownProject.of(project, locale))
                        .toList());
        return views.render("catalog", page.scope());
    }
}
