package org.matricula.platform;

import java.util.List;
import java.util.Map;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.matricula.platform.accounts.AccountsModule;
import org.matricula.platform.accounts.UsersList;
import org.matricula.platform.accounts.UsersListApi;
import org.matricula.platform.accounts.UsersListPages;
import org.matricula.platform.config.Settings;
import org.matricula.platform.health.HealthResource;
import org.matricula.platform.health.MetricsResource;
import org.matricula.platform.http.AdminTokenFilter;
import org.matricula.platform.http.ErrorMappers;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.http.ProblemResponses;
import org.matricula.platform.http.RouteMetrics;
import org.matricula.platform.plugins.PluginAdminResource;
import org.matricula.platform.plugins.PluginService;
import org.matricula.platform.lists.AdminList;
import org.matricula.platform.registration.DeclarationsList;
import org.matricula.platform.registration.DeclarationsListApi;
import org.matricula.platform.registration.DeclarationsListPages;
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
        registerAdminLists(application, services, views);
        AccountsModule.register(application, services.accounts(), views, baseUrl.startsWith("https"));
        ErrorMappers.all(new ProblemResponses(views)).forEach(application::register);
        return application;
    }

    private static void registerAdminLists(ResourceConfig application, Services services, Views views) {
        AdminList declarations = DeclarationsList.adminList(services.database().jdbi(), services.families(), views,
                services.clock());
        AdminList users = UsersList.adminList(services.database().jdbi(), views, services.clock());
        application.register(new DeclarationsListPages(declarations)).register(new DeclarationsListApi(declarations))
                .register(new UsersListPages(users)).register(new UsersListApi(users));
    }

    private static List<Map<String, String>> pluginStates(PluginService plugins) {
        return plugins.list().stream().map(info -> Map.of("id", info.id(), "state", info.state())).toList();
    }
}
