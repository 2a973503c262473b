package org.matricula.api.web;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * The routes a plugin serves under {@code /plugins/<plugin id>/}: JSON for its own scripts and
 * clients, and pages (for instance an admin page of its settings or figures). The platform asks
 * for them on every request to the plugin's path, so they follow the plugin's life: a disabled or
 * removed plugin's paths answer 404, and an upgrade serves the new version's handlers at once.
 *
 * <pre>
 * &#64;Extension
 * public class StatsRoutes implements PluginRoutes {
 *     public List&lt;Route&gt; routes() {
 *         return List.of(
 *                 Route.get("/stats", request -&gt; PluginResponse.json(Map.of("count", 3)))
 *                         .allow(Access.roles(Role.ADMIN, Role.PROJECT_ADMIN)),
 *                 Route.post("/notes", this::addNote).allow(Access.signedIn()));
 *     }
 * }
 * </pre>
 *
 * <p>Every route states who may call it with {@link Route#allow(Access)}; a route that does not is
 * refused to everyone. A call that changes something ({@code POST}, {@code PUT}, {@code DELETE})
 * with a session must carry the session's CSRF token, as a form field {@code _csrf} or the header
 * {@code X-CSRF-Token} ({@link PluginRequest#csrfToken()}); the platform refuses it otherwise,
 * before the handler runs.
 *
 * @since 1.2.0
 */
public interface PluginRoutes extends ExtensionPoint {

    /**
     * The plugin's routes; paths start with {@code /} and may hold parameters as {@code {name}}
     * segments, read with {@link PluginRequest#pathParameter(String)}.
     *
     * @since 1.2.0
     */
    List<Route> routes();
}
