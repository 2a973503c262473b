package org.matricula.platform.plugins;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.glassfish.jersey.media.multipart.MultiPartFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.matricula.api.web.PluginRoutes;
import org.matricula.api.web.Role;
import org.matricula.api.web.Route;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Navigation;
import org.matricula.platform.web.Views;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the plugin admin API and screen (install, enable, disable, upgrade and remove at run
 * time) and the plugins' own routes, pages and assets under {@code /plugins/<id>/}.
 */
public final class PluginsModule {

    private static final Logger log = LoggerFactory.getLogger(PluginsModule.class);

    private PluginsModule() {
    }

    public static void register(ResourceConfig app, PluginService plugins, Views views) {
        app.register(new PluginAdminResource(plugins)).register(new PluginPages(plugins, views))
                .register(new PluginRoutesResource(plugins, views)).register(MultiPartFeature.class);
        views.navigation().add("plugins", "admin.nav.plugins", "/admin/plugins", 88, Navigation.ADMINS)
                .addSource(() -> pluginScreens(plugins));
    }

    /** The started plugins' pages that asked for a menu entry ({@link Route#inMenu}), after the platform's own. */
    static List<Navigation.Entry> pluginScreens(PluginService plugins) {
        List<Navigation.Entry> screens = new ArrayList<>();
        for (PluginRoutes routes : plugins.extensions(PluginRoutes.class)) {
            String pluginId = plugins.pluginIdOf(routes).orElse(null);
            if (pluginId == null) {
                continue;
            }
            List<Route> listed;
            try {
                listed = PluginRoutesResource.routesOf(plugins, pluginId, routes);
            } catch (PluginFailure failure) {
                // the others' entries and the platform's own pages are shown all the same
                log.warn("Menu shown without the pages of {}", failure.getMessage());
                continue;
            }
            for (Route route : listed) {
                route.menuTitle().ifPresent(title -> screens.add(new Navigation.Entry(
                        "plugin-" + pluginId + route.path().replace('/', '-'), title::in,
                        "/plugins/" + pluginId + route.path(), 100 + screens.size(), roles(route))));
            }
        }
        return screens;
    }

    private static Set<CurrentUser.Role> roles(Route route) {
        Set<CurrentUser.Role> roles = EnumSet.noneOf(CurrentUser.Role.class);
        for (Role role : route.access().roles()) {
            roles.add(CurrentUser.Role.valueOf(role.name()));
        }
        return roles;
    }
}
