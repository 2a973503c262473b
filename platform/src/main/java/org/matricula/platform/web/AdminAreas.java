package org.matricula.platform.web;

import java.util.List;

/**
 * Where the administration lives, for the filters that guard and record it: the admin pages and
 * their JSON API, behind staff sessions, and the plugin admin API, for platform admins' sessions
 * or the admin token. Paths are as Jersey gives them, relative, with or without a leading slash.
 */
public final class AdminAreas {

    private static final List<String> ADMINISTRATION = List.of("admin", "api/v1/admin");
    private static final List<String> PLUGIN_ADMIN_API = List.of("api/admin");

    private AdminAreas() {
    }

    public static boolean isAdministration(String path) {
        return within(path, ADMINISTRATION);
    }

    public static boolean isPluginAdminApi(String path) {
        return within(path, PLUGIN_ADMIN_API);
    }

    /** Whether the path is one of the areas or below one of them. */
    public static boolean within(String path, List<String> areas) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return areas.stream().anyMatch(area -> trimmed.equals(area) || trimmed.startsWith(area + "/"));
    }
}
