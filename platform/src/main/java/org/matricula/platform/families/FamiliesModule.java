package org.matricula.platform.families;

import org.glassfish.jersey.server.ResourceConfig;
import org.matricula.platform.web.Views;

/** Registers the live course families: their models under /api/families and their forms as pages. */
public final class FamiliesModule {

    private FamiliesModule() {
    }

    public static void register(ResourceConfig app, Families families, Views views) {
        app.register(new FamiliesResource(families)).register(new FamilyFormPage(families, views));
    }
}
