package org.matricula.api.web;

/**
 * Answers one call of a plugin route. Runs on the request's thread; an exception is answered 500
 * and logged with the plugin's id.
 *
 * @since 1.2.0
 */
@FunctionalInterface
public interface RouteHandler {

    /** @since 1.2.0 */
    PluginResponse handle(PluginRequest request) throws Exception;
}
