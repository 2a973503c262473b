package org.matricula.platform.plugins;

import org.glassfish.jersey.media.multipart.MultiPartFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.matricula.platform.web.Navigation;
import org.matricula.platform.web.Views;

/**
 * Registers the plugin admin API and screen (install, enable, disable, upgrade and remove at run
 * time) and the plugins' own routes, pages and assets under {@code /plugins/<id>/}.
 */
public final class PluginsModule {

    private PluginsModule() {
    }

    public static void register(ResourceConfig app, PluginService plugins, Views views) {
        app.register(new PluginAdminResource(plugins)).register(new PluginPages(plugins, views))
                .register(new PluginRoutesResource(plugins, views)).register(MultiPartFeature.class);
        views.navigation().add("plugins", "admin.nav.plugins", "/admin/plugins", 80, Navigation.ADMINS);
    }
}
