package org.matricula.api.web;

import java.util.Objects;
import java.util.Optional;
import org.matricula.api.LocalizedText;

/**
 * One route of a plugin: an HTTP method, a path under {@code /plugins/<plugin id>}, who may call
 * it and what answers it. Made with {@link #get}, {@link #post}, {@link #put} or {@link #delete},
 * then {@link #allow(Access)}; without {@code allow} nobody may call it.
 *
 * @since 1.2.0
 */
public final class Route {

    private final String method;
    private final String path;
    private final RouteHandler handler;
    private final Access access;
    private final LocalizedText menuTitle;

    private Route(String method, String path, RouteHandler handler, Access access) {
        this(method, path, handler, access, null);
    }

    private Route(String method, String path, RouteHandler handler, Access access, LocalizedText menuTitle) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("A route's path starts with '/': " + path);
        }
        if (path.startsWith("/assets/") || path.equals("/assets")) {
            throw new IllegalArgumentException("/assets is where the platform serves the plugin's static files: " + path);
        }
        this.method = method;
        this.path = path;
        this.handler = Objects.requireNonNull(handler, "handler");
        this.access = Objects.requireNonNull(access, "access");
        this.menuTitle = menuTitle;
    }

    /** @since 1.2.0 */
    public static Route get(String path, RouteHandler handler) {
        return new Route("GET", path, handler, Access.nobody());
    }

    /** @since 1.2.0 */
    public static Route post(String path, RouteHandler handler) {
        return new Route("POST", path, handler, Access.nobody());
    }

    /** @since 1.2.0 */
    public static Route put(String path, RouteHandler handler) {
        return new Route("PUT", path, handler, Access.nobody());
    }

    /** @since 1.2.0 */
    public static Route delete(String path, RouteHandler handler) {
        return new Route("DELETE", path, handler, Access.nobody());
    }

    /** The same route, open to these callers. @since 1.2.0 */
    public Route allow(Access who) {
        return new Route(method, path, handler, who, menuTitle);
    }

    /**
     * The same route, listed in the administration's menu under this title for the staff roles its
     * access lets in (applicants have no menu). Only a {@code GET} route whose path holds no
     * {@code {name}} parameter can be a menu entry; the entry leads to
     * {@code /plugins/<plugin id><path>} and goes with the plugin when it is disabled or removed.
     *
     * @since 1.3.0
     */
    public Route inMenu(LocalizedText title) {
        Objects.requireNonNull(title, "title");
        if (!"GET".equals(method) || path.contains("{")) {
            throw new IllegalArgumentException("Only a GET route without parameters can be in the menu: " + this);
        }
        return new Route(method, path, handler, access, title);
    }

    /** The title of the route's menu entry, when it has one. @since 1.3.0 */
    public Optional<LocalizedText> menuTitle() {
        return Optional.ofNullable(menuTitle);
    }

    /** {@code GET}, {@code POST}, {@code PUT} or {@code DELETE}. @since 1.2.0 */
    public String method() {
        return method;
    }

    /** The path under {@code /plugins/<plugin id>}, with {@code {name}} parameter segments. @since 1.2.0 */
    public String path() {
        return path;
    }

    /** @since 1.2.0 */
    public Access access() {
        return access;
    }

    /** @since 1.2.0 */
    public RouteHandler handler() {
        return handler;
    }

    @Override
    public String toString() {
        return method + " " + path + " (" + access + ")";
    }
}
