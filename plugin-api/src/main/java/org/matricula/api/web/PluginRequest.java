package org.matricula.api.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One call of a plugin route, as the platform read it.
 *
 * @since 1.2.0
 */
public interface PluginRequest {

    /** {@code GET}, {@code POST}, {@code PUT} or {@code DELETE}. @since 1.2.0 */
    String method();

    /** The path under {@code /plugins/<plugin id>}, for instance {@code /notes/7}. @since 1.2.0 */
    String path();

    /** A {@code {name}} segment of the route's path; empty when the route has none of that name. @since 1.2.0 */
    Optional<String> pathParameter(String name);

    /** The query string's parameters. @since 1.2.0 */
    Map<String, List<String>> query();

    /** The first value of a query parameter. @since 1.2.0 */
    default Optional<String> query(String name) {
        List<String> values = query().getOrDefault(name, List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The body as text (UTF-8); empty for a call without one. @since 1.2.0 */
    String body();

    /**
     * The body read as JSON: maps, lists, strings, numbers, booleans and nulls.
     *
     * @throws IllegalArgumentException when the body is not JSON; the platform answers 400
     * @since 1.2.0
     */
    Object json();

    /** The fields of a posted HTML form ({@code application/x-www-form-urlencoded}), first value each. @since 1.2.0 */
    Map<String, String> form();

    /** Who is signed in; empty for an anonymous caller. @since 1.2.0 */
    Optional<Caller> caller();

    /** The caller's language: {@code ?lang=}, their choice, or the browser's. @since 1.2.0 */
    Locale locale();

    /**
     * The session's CSRF token, for the hidden field {@code _csrf} of the plugin's forms or the
     * {@code X-CSRF-Token} header of its scripts; empty without a session.
     *
     * @since 1.2.0
     */
    String csrfToken();

    /**
     * The URL of a file of the plugin's static assets, packed in its JAR under
     * {@code assets/<plugin id>/}: {@code assetUrl("app.css")} gives
     * {@code /plugins/<id>/assets/<version>/app.css}. The version in the path makes browsers fetch
     * the file again after an upgrade, and lets them keep it for a year until then.
     *
     * @since 1.2.0
     */
    String assetUrl(String file);
}
