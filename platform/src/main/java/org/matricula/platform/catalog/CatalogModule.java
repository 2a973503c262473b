package org.matricula.platform.catalog;

import java.time.Clock;
import org.glassfish.jersey.server.ResourceConfig;
import org.matricula.platform.families.Families;
import org.matricula.platform.web.Navigation;
import org.matricula.platform.web.Views;

/** Registers the public catalog and the catalog admin pages and API. */
public final class CatalogModule {

    private CatalogModule() {
    }

    public static void register(ResourceConfig app, Catalog catalog, Families families, Clock clock, Views views) {
        Offer offer = new Offer(catalog, clock);
        views.navigation().add("projects", "admin.nav.projects", "/admin/projects", 30, Navigation.ADMINS)
                .add("programs", "admin.nav.programs", "/admin/programs", 40, Navigation.ADMINS);
        app.register(new CatalogPage(offer, views))
                .register(new CatalogApi(offer))
                .register(new ProjectAdminPages(catalog, families, views))
                .register(new ProjectProgramPages(catalog, new ProjectPages(catalog, families, views)))
                .register(new ProgramAdminPages(catalog, views))
                .register(new ProgramCuratorPages(catalog, new ProgramPages(catalog, views)))
                .register(new ProjectAdminApi(catalog))
                .register(new ProgramAdminApi(catalog));
    }
}
