package org.matricula.platform.plugins;

import org.glassfish.jersey.server.ResourceConfig;
import org.matricula.platform.web.Views;

/**
 * Registers the plugin admin API (install, enable, disable, upgrade and remove at run time) and
 * the plugins' own routes, pages and assets under {@code /plugins/<id>/}.
 */
public final class PluginsModule {

    private PluginsModule() {
    }

    public static void register(ResourceConfig app, PluginService plugins, Views views) {
        app.register(new PluginAdminResource(plugins))
                .register(new PluginRoutesResource(plugins, views));
    }
}
