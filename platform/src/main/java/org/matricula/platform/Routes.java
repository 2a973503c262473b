package org.matricula.platform;

import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.matricula.platform.accounts.AccountsModule;
import org.matricula.platform.audit.AuditModule;
import org.matricula.platform.catalog.CatalogModule;
import org.matricula.platform.config.Settings;
import org.matricula.platform.crm.CrmModule;
import org.matricula.platform.crm.automation.AutomationModule;
import org.matricula.platform.crm.embed.EmbedModule;
import org.matricula.platform.crm.campaigns.CampaignsModule;
import org.matricula.platform.crm.webhooks.WebhooksModule;
import org.matricula.platform.crm.segments.Segments;
import org.matricula.platform.crm.segments.SegmentsModule;
import org.matricula.platform.crm.xapi.XapiModule;
import org.matricula.platform.crm.acquiring.AcquiringModule;
import org.matricula.platform.crm.analytics.AnalyticsModule;
import org.matricula.platform.crm.bank.BankModule;
import org.matricula.platform.crm.billing.Billing;
import org.matricula.platform.crm.billing.BillingModule;
import org.matricula.platform.crm.deals.DealsModule;
import org.matricula.platform.dashboard.DashboardModule;
import org.matricula.platform.families.FamiliesModule;
import org.matricula.platform.health.HealthModule;
import org.matricula.platform.http.AccessFeature;
import org.matricula.platform.http.AdminTokenFilter;
import org.matricula.platform.http.CsrfFilter;
import org.matricula.platform.http.ErrorMappers;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.http.LegacyApiPaths;
import org.matricula.platform.http.OpenApiResource;
import org.matricula.platform.http.ProblemResponses;
import org.matricula.platform.http.RequestBodies;
import org.matricula.platform.http.RequestContextParams;
import org.matricula.platform.http.RouteMetrics;
import org.matricula.platform.http.TextWriter;
import org.matricula.platform.http.SecurityHeaders;
import org.matricula.platform.http.SectionRoots;
import org.matricula.platform.lists.ListsModule;
import org.matricula.platform.lists.NamedLists;
import org.matricula.platform.notify.NotifyModule;
import org.matricula.platform.plugins.PluginsModule;
import org.matricula.platform.privacy.PrivacyModule;
import org.matricula.platform.registration.RegistrationModule;
import org.matricula.platform.web.ApiDocsPage;
import org.matricula.platform.web.AssetsResource;
import org.matricula.platform.web.FaviconResource;
import org.matricula.platform.web.HtmlPage;
import org.matricula.platform.web.LanguageCookie;
import org.matricula.platform.web.Navigation;
import org.matricula.platform.web.PageAddresses;
import org.matricula.platform.web.PageRequests;
import org.matricula.platform.web.Views;

/**
 * Every HTTP route, filter and error mapper of the platform: the kernel's own, then one line per
 * feature, each registering its resources through its module class.
 */
final class Routes {

    private Routes() {
    }

    static ResourceConfig of(Services services) {
        Views views = new Views();
        boolean secureCookies = Settings.baseUrl(services.config()).startsWith("https");
        ResourceConfig application = new ResourceConfig()
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .register(RequestContextParams.binder())
                .register(new SectionRoots("/admin", "/office", "/api/v1/admin", "/api/v1/crm"))
                .register(JacksonFeature.withoutExceptionMappers())
                .register(new JsonMapper())
                .register(new TextWriter())
                .register(new HtmlPage.BodyWriter())
                .register(new RequestBodies()).register(new RequestBodies.Limits())
                .register(new LegacyApiPaths())
                .register(new RouteMetrics(services.registry()))
                .register(new SecurityHeaders())
                .register(new LanguageCookie())
                .register(new AccessFeature(new AdminTokenFilter(services.config().get(Settings.ADMIN_TOKEN))))
                .register(new CsrfFilter(views));
        application.register(new PageRequests(views.navigation(), PageAddresses.of(application), secureCookies))
                .register(new AssetsResource())
                .register(new FaviconResource())
                .register(new ApiDocsPage(views));
        views.navigation().add("api", "admin.nav.apiDocs", "/api/docs", 90, Navigation.ADMINS);

        HealthModule.register(application, services.database(), services.plugins(), services.registry());
        PluginsModule.register(application, services.plugins(), views);
        FamiliesModule.register(application, services.families(), views);
        NotifyModule.register(application, services.database().jdbi(), services.deadLetters(), views);
        NamedLists lists = ListsModule.register(application);
        AuditModule.register(application, services.database().jdbi(), views, services.clock(), lists);
        AccountsModule.register(application, services.accounts(), services.database().jdbi(), views, services.clock(),
                lists, secureCookies);
        CatalogModule.register(application, services.catalog(), services.families(), services.clock(), views);
        DashboardModule.register(application, services.database().jdbi(), services.scopes(), views);
        RegistrationModule.register(application, services.database().jdbi(), services.declarations(),
                services.catalog(), services.families(), services.accounts(), services.scopes(), services.clock(),
                views);
        CrmModule.register(application, services.database().jdbi(), views, services.clock(), services.plugins(),
                services.leads());
        EmbedModule.register(application, services.database().jdbi(), views, services.clock(), services.leads());
        Billing billing = BillingModule.register(application, services.database().jdbi(), services.config(), views,
                services.clock());
        BankModule.register(application, services.database().jdbi(), services.config(), billing);
        DealsModule.register(application, services.database().jdbi(), billing, services.config(), views,
                services.clock());
        AcquiringModule.register(application, services.database().jdbi(), services.config(), services.plugins(),
                billing, views, services.clock());
        AnalyticsModule.register(application, services.database().jdbi(), services.config(), views, services.clock());
        PrivacyModule.register(application, services.database().jdbi(), services.accounts(), services.plugins(), views,
                services.clock(), secureCookies);
        XapiModule.register(application, services.database().jdbi(), views, services.clock(),
                services.config().get(Settings.BASE_URL));
        Segments segments = SegmentsModule.register(application, services.database().jdbi(), views, services.clock());
        CampaignsModule.register(application, services.database().jdbi(), segments, views, services.clock(),
                Settings.baseUrl(services.config()));
        WebhooksModule.register(application, services.database().jdbi(), services.config(), views, services.clock());
        AutomationModule.register(application, services.database().jdbi(), services.config(), segments,
                services.plugins(), views, services.clock());

        ErrorMappers.all(new ProblemResponses(views)).forEach(application::register);
        // Last, so the document describes every /api resource registered above.
        return application.register(OpenApiResource.of(application));
    }
}
