package org.matricula.platform;

import java.util.List;
import java.util.Map;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.media.multipart.MultiPartFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.matricula.platform.accounts.AccountsModule;
import org.matricula.platform.accounts.ProfileApi;
import org.matricula.platform.accounts.StaffRoles;
import org.matricula.platform.accounts.StaffRolesApi;
import org.matricula.platform.accounts.ProfilePage;
import org.matricula.platform.accounts.Profiles;
import org.matricula.platform.accounts.UsersList;
import org.matricula.platform.audit.AuditList;
import org.matricula.platform.audit.AuditTrail;
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
import org.matricula.platform.http.AccessFeature;
import org.matricula.platform.http.AdminTokenFilter;
import org.matricula.platform.http.ErrorMappers;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.http.LegacyApiPaths;
import org.matricula.platform.http.ProblemResponses;
import org.matricula.platform.http.RequestBodies;
import org.matricula.platform.http.RouteMetrics;
import org.matricula.platform.http.SecurityHeaders;
import org.matricula.platform.notify.DeadLetterPages;
import org.matricula.platform.notify.DeadLetters;
import org.matricula.platform.notify.DeadLettersApi;
import org.matricula.platform.notify.MailLogPage;
import org.matricula.platform.plugins.PluginAdminResource;
import org.matricula.platform.plugins.PluginService;
import org.matricula.platform.privacy.PrivacyModule;
import org.matricula.platform.registration.AdminDeclarationApi;
import org.matricula.platform.registration.AdminDeclarationPages;
import org.matricula.platform.registration.ApplyPage;
import org.matricula.platform.registration.DeclarationDocument;
import org.matricula.platform.registration.DeclarationPdfs;
import org.matricula.platform.registration.DeclarationRecord;
import org.matricula.platform.registration.DeclarationTemplates;
import org.matricula.platform.registration.Documents;
import org.matricula.platform.lists.AdminList;
import org.matricula.platform.lists.NamedLists;
import org.matricula.platform.lists.PlatformAdminListApi;
import org.matricula.platform.lists.PlatformAdminListPages;
import org.matricula.platform.registration.DeclarationsList;
import org.matricula.platform.registration.DeclarationsListApi;
import org.matricula.platform.registration.DeclarationsListPages;
import org.matricula.platform.registration.FamiliesResource;
import org.matricula.platform.registration.MyDeclarationsApi;
import org.matricula.platform.registration.OfficePages;
import org.matricula.platform.registration.PdfRenderer;
import org.matricula.platform.registration.StaffDeclarations;
import org.matricula.platform.web.AssetsResource;
import org.matricula.platform.web.FamilyFormPage;
import org.matricula.platform.web.LanguageCookie;
import org.matricula.platform.web.OpenApiResource;
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
                .register(new RequestBodies())
                .register(new LegacyApiPaths())
                .register(new RouteMetrics(services.registry()))
                .register(new SecurityHeaders())
                .register(new AuditTrail(services.database().jdbi()))
                .register(new LanguageCookie())
                .register(new AccessFeature(new AdminTokenFilter(services.config().get(Settings.ADMIN_TOKEN)), "/login"))
                .register(new HealthResource(services.database(), () -> pluginStates(services.plugins())))
                .register(new MetricsResource(services.registry()))
                .register(new PluginAdminResource(services.plugins()))
                .register(new FamiliesResource(services.families()))
                .register(new FamilyFormPage(services.families(), views))
                .register(new AssetsResource())
                .register(new MailLogPage(services.database().jdbi(), services.deadLetters(), views))
                .register(new DeadLetterPages(services.deadLetters()))
                .register(new DeadLettersApi(services.deadLetters()));
        registerAdminLists(application, services, views);
        registerCatalog(application, services, views);
        AccountsModule.register(application, services.accounts(), views, baseUrl.startsWith("https"));
        registration(application, services, views);
        PrivacyModule.register(application, services.database().jdbi(), services.accounts(), services.plugins(), views,
                services.clock(), baseUrl.startsWith("https"));
        ErrorMappers.all(new ProblemResponses(views)).forEach(application::register);
        // Last, so the document describes every /api resource registered above.
        return application.register(OpenApiResource.of(application));
    }

    /** The applicant's side: declaration forms, the private office and the profile. */
    private static void registration(ResourceConfig application, Services services, Views views) {
        Profiles profiles = new Profiles(services.database().jdbi());
        PdfRenderer renderer = new PdfRenderer();
        DeclarationPdfs pdfs = new DeclarationPdfs(services.families(),
                new DeclarationDocument(new DeclarationTemplates(), renderer));
        Documents documents = new Documents(services.database().jdbi());
        StaffDeclarations staff = new StaffDeclarations(services.declarations(), services.scopes());
        application.register(MultiPartFeature.class)
                .register(new ApplyPage(services.catalog(), services.families(), services.declarations(), profiles,
                        views))
                .register(new OfficePages(services.declarations(), services.accounts(), documents, pdfs, views))
                .register(new ProfilePage(profiles, views))
                .register(new ProfileApi(profiles))
                .register(new MyDeclarationsApi(services.declarations(), services.catalog(), pdfs, documents))
                .register(new AdminDeclarationPages(services.declarations(), staff, documents, pdfs,
                        new DeclarationRecord(services.families()), views))
                .register(new AdminDeclarationApi(services.declarations(), staff, documents));
    }

    /** The registrations and users lists: columns, sort, filters, search, saved views, CSV. */
    private static void registerAdminLists(ResourceConfig application, Services services, Views views) {
        AdminList declarations = DeclarationsList.adminList(services.database().jdbi(), services.families(), views,
                services.clock(), services.scopes());
        NamedLists platformLists = new NamedLists(Map.of(
                "users", UsersList.adminList(services.database().jdbi(), views, services.clock()),
                "audit", AuditList.adminList(services.database().jdbi(), views, services.clock())));
        application.register(new DeclarationsListPages(declarations)).register(new DeclarationsListApi(declarations))
                .register(new PlatformAdminListPages(platformLists)).register(new PlatformAdminListApi(platformLists))
                .register(new StaffRolesApi(new StaffRoles(services.database().jdbi())));
    }

    /** The public catalog, the catalog admin pages and API, and the dashboard. */
    private static void registerCatalog(ResourceConfig application, Services services, Views views) {
        Offer offer = new Offer(services.catalog(), services.clock());
        Dashboard dashboard = new Dashboard(services.database().jdbi(), services.scopes());
        application
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
