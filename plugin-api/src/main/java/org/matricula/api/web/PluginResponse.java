package org.matricula.api.web;

import java.util.Objects;

/**
 * What a plugin route answers: JSON, a page inside the platform's layout, a whole HTML document,
 * a redirect, or just a status.
 *
 * @since 1.2.0
 */
public final class PluginResponse {

    /** How the platform writes the answer. @since 1.2.0 */
    public enum Kind {
        /** {@link #body()} written as JSON. @since 1.2.0 */
        JSON,
        /** {@link #body()} is HTML shown inside the platform's page, under {@link #title()}. @since 1.2.0 */
        PAGE,
        /** {@link #body()} is a whole HTML document, sent as it is. @since 1.2.0 */
        HTML,
        /** {@link #body()} is the location to go to (303 See Other). @since 1.2.0 */
        REDIRECT,
        /** No body. @since 1.2.0 */
        EMPTY
    }

    private final Kind kind;
    private final int status;
    private final String title;
    private final Object body;

    private PluginResponse(Kind kind, int status, String title, Object body) {
        this.kind = kind;
        this.status = status;
        this.title = title;
        this.body = body;
    }

    /**
     * 200 with this value as JSON: maps, lists, strings, numbers, booleans, nulls and records of them.
     *
     * @since 1.2.0
     */
    public static PluginResponse json(Object value) {
        return new PluginResponse(Kind.JSON, 200, null, value);
    }

    /**
     * A page in the platform's layout (header, navigation, language switch, styles): {@code html}
     * is the content of its {@code <main>}, shown under an {@code <h1>} of {@code title}. The
     * plugin escapes what it puts in {@code html}.
     *
     * @since 1.2.0
     */
    public static PluginResponse page(String title, String html) {
        return new PluginResponse(Kind.PAGE, 200, Objects.requireNonNull(title, "title"), Objects.requireNonNull(html, "html"));
    }

    /** 200 with this whole HTML document. @since 1.2.0 */
    public static PluginResponse html(String document) {
        return new PluginResponse(Kind.HTML, 200, null, Objects.requireNonNull(document, "document"));
    }

    /** 303 See Other to this location, as after a posted form. @since 1.2.0 */
    public static PluginResponse redirect(String location) {
        return new PluginResponse(Kind.REDIRECT, 303, null, Objects.requireNonNull(location, "location"));
    }

    /** Just a status, for instance 204 after a deletion. @since 1.2.0 */
    public static PluginResponse status(int status) {
        return new PluginResponse(Kind.EMPTY, status, null, null);
    }

    /** The same answer with another status, for instance {@code json(problem).withStatus(422)}. @since 1.2.0 */
    public PluginResponse withStatus(int newStatus) {
        if (newStatus < 100 || newStatus > 599) {
            throw new IllegalArgumentException("Not an HTTP status: " + newStatus);
        }
        return new PluginResponse(kind, newStatus, title, body);
    }

    /** @since 1.2.0 */
    public Kind kind() {
        return kind;
    }

    /** @since 1.2.0 */
    public int status() {
        return status;
    }

    /** The page's title for {@link Kind#PAGE}; otherwise null. @since 1.2.0 */
    public String title() {
        return title;
    }

    /** The value, HTML or location, as {@link #kind()} says. @since 1.2.0 */
    public Object body() {
        return body;
    }
}
