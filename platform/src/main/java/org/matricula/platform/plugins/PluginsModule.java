package org.matricula.platform.plugins;

import org.glassfish.jersey.server.ResourceConfig;

/** Registers the plugin admin API: install, enable, disable, upgrade and remove at run time. */
public final class PluginsModule {

    private PluginsModule() {
    }

    public static void register(ResourceConfig app, PluginService plugins) {
        app.register(new PluginAdminResource(plugins));
    }
}
