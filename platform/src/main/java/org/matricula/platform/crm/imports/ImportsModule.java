package org.matricula.platform.crm.imports;

import java.time.Duration;
import java.util.function.Consumer;
import org.glassfish.jersey.media.multipart.MultiPartFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.organizations.Organizations;
import org.matricula.platform.crm.persons.Persons;
import org.matricula.platform.web.Navigation;
import org.matricula.platform.web.Views;

/** Registers the import of persons from CSV (its pages and menu entry) and starts its background worker. */
public final class ImportsModule {

    private ImportsModule() {
    }

    public static PersonImports imports(Jdbi jdbi) {
        return new PersonImports(jdbi, new Persons(jdbi), new Organizations(jdbi));
    }

    public static void register(ResourceConfig app, Jdbi jdbi, Views views) {
        views.navigation().add("imports", "admin.nav.imports", "/admin/crm/imports", 45, Navigation.CRM);
        app.register(new ImportPages(imports(jdbi), views)).register(MultiPartFeature.class);
    }

    public static void start(Jdbi jdbi, Duration tick, Consumer<AutoCloseable> stopLater) {
        ImportWorker worker = new ImportWorker(imports(jdbi));
        stopLater.accept(worker);
        worker.start(tick);
    }
}
