package org.matricula.api;

/**
 * The version of this plugin API. The platform hands it to PF4J as the system version, so a
 * plugin's {@code Plugin-Requires} manifest entry (for example {@code >=1.0.0 & <2.0.0}) is
 * checked against it before the plugin starts.
 *
 * <p>Minor versions only add (new extension points, new {@code default} methods); a major version
 * may remove.
 *
 * @since 1.0.0
 */
public final class MatriculaApi {

    /**
     * The semantic version of the plugin API offered by this build of the platform. 1.1.0 added
     * texts in any number of languages, plugin message bundles and typed declaration statuses;
     * 1.2.0 a plugin's own routes, pages and static assets ({@code org.matricula.api.web});
     * 1.3.0 menu entries for a plugin's pages ({@code Route.inMenu}), acquiring providers
     * ({@code org.matricula.api.payments}) and timeline kinds of the CRM ({@code org.matricula.api.timeline}).
     */
    public static final String VERSION = "1.3.0";

    private MatriculaApi() {
    }
}
