package org.matricula.platform;

import java.util.List;
import java.util.Map;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.matricula.platform.accounts.AccountsModule;
import org.matricula.platform.accounts.SessionFilter;
import org.matricula.platform.catalog.CatalogApi;
import org.matricula.platform.catalog.CatalogPage;
import org.matricula.platform.catalog.Offer;
import org.matricula.platform.catalog.ProgramAdminApi;
import org.matricula.platform.catalog.ProgramAdminPages;
import org.matricula.platform.catalog.ProjectAdminApi;
import org.matricula.platform.catalog.ProjectAdminPages;
import org.matricula.platform.catalog.ProjectProgramPages;
import org.matricula.platform.config.Settings;
import org.matricula.platform.dashboard.Dashboard;
import org.matricula.platform.dashboard.DashboardApi;
import org.matricula.platform.dashboard.DashboardPage;
import org.matricula.platform.health.HealthResource;
import org.matricula.platform.health.MetricsResource;
import org.matricula.platform.http.AdminTokenFilter;
import org.matricula.platform.http.ErrorMappers;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.http.ProblemResponses;
import org.matricula.platform.http.RouteMetrics;
import org.matricula.platform.plugins.PluginAdminResource;
import org.matricula.platform.plugins.PluginService;
import org.matricula.platform.registration.FamiliesResource;
import org.matricula.platform.web.AssetsResource;
import org.matricula.platform.web.FamilyFormPage;
import org.matricula.platform.web.Views;

/** Every HTTP route, filter and error mapper of the platform, in one place. */
final class Routes {

    private Routes() {
    }

    static ResourceConfig of(Services services) {
        Views views = new Views();
        String baseUrl = services.config().get(Settings.BASE_URL);
        ResourceConfig application = new ResourceConfig()
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .register(JacksonFeature.withoutExceptionMappers())
                .register(new JsonMapper())
                .register(new RouteMetrics(services.registry()))
                .register(new AdminTokenFilter(services.config().get(Settings.ADMIN_TOKEN)))
                .register(new HealthResource(services.database(), () -> pluginStates(services.plugins())))
                .register(new MetricsResource(services.registry()))
                .register(new PluginAdminResource(services.plugins()))
                .register(new FamiliesResource(services.families()))
                .register(new FamilyFormPage(services.families(), views))
                .register(new AssetsResource());
        registerCatalog(application, services, views);
        AccountsModule.register(application, services.accounts(), views, baseUrl.startsWith("https"));
        ErrorMappers.all(new ProblemResponses(views)).forEach(application::register);
        return application;
    }

    private static void registerCatalog(ResourceConfig application, Services services, Views views) {
        Offer offer = new Offer(services.catalog(), services.clock());
        Dashboard dashboard = new Dashboard(services.database().jdbi());
        application
                // Puts the signed-in user on each request and closes the admin areas to everyone else.
                .register(new SessionFilter(services.accounts()))
                .register(new CatalogPage(offer, views))
                .register(new CatalogApi(offer))
                .register(new ProjectAdminPages(services.catalog(), services.families(), views))
                .register(new ProjectProgramPages(services.catalog()))
                .register(new ProgramAdminPages(services.catalog(), views))
                .register(new ProjectAdminApi(services.catalog()))
                .register(new ProgramAdminApi(services.catalog()))
                .register(new DashboardPage(dashboard, views))
                .register(new DashboardApi(dashboard));
    }

    private static List<Map<String, String>> pluginStates(PluginService plugins) {
        return plugins.list().stream().map(info -> Map.of("id", info.id(), "state", info.state())).toList();
    }
}
