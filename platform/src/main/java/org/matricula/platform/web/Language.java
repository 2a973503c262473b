package org.matricula.platform.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.matricula.platform.i18n.Messages;

/**
 * The page language: an explicit {@code lang} parameter wins, then the language chosen earlier
 * (remembered in a cookie by {@link LanguageCookie}), then the browser's preference; Russian by
 * default. Only languages with a message bundle are chosen (see {@link Messages#languages}).
 */
public final class Language {

    public static final Locale RUSSIAN = Messages.RUSSIAN;
    public static final String COOKIE = "matricula_lang";

    private Language() {
    }

    public static Locale of(String lang, HttpHeaders headers) {
        return of(lang, RequestCookies.of(headers), () -> acceptable(headers::getAcceptableLanguages));
    }

    /**
     * As {@link #of(String, HttpHeaders)}, from the request a resource method has anyway: one
     * {@code @Context} parameter fewer for Jersey to look up on every request.
     */
    public static Locale of(String lang, ContainerRequestContext request) {
        return of(lang, RequestCookies.of(request), () -> acceptable(request::getAcceptableLanguages));
    }

    /** The language of a request seen by a filter, before any resource method. */
    public static Locale of(ContainerRequestContext request) {
        return of(request.getUriInfo().getQueryParameters().getFirst("lang"), RequestCookies.of(request),
                () -> acceptable(request::getAcceptableLanguages));
    }

    private static Locale of(String lang, Map<String, Cookie> cookies, Supplier<List<Locale>> preferences) {
        Cookie remembered = cookies.get(COOKIE);
        return of(lang, remembered == null ? null : remembered.getValue(), preferences);
    }

    /**
     * The language of a request read below JAX-RS (Jetty's own refusals): {@code lang} is the
     * query parameter, {@code remembered} the language cookie's value, both possibly null.
     */
    public static Locale of(String lang, String remembered, Supplier<List<Locale>> preferences) {
        Locale chosen = parse(lang);
        if (chosen != null) {
            return chosen;
        }
        chosen = parse(remembered);
        if (chosen != null) {
            return chosen;
        }
        for (Locale preferred : acceptable(preferences)) {
            Optional<Locale> offered = Messages.language(preferred.toLanguageTag());
            if (offered.isPresent()) {
                return offered.get();
            }
        }
        return RUSSIAN;
    }

    /** The Accept-Language preferences; none when the header cannot be parsed, which is no reason to fail. */
    private static List<Locale> acceptable(Supplier<List<Locale>> header) {
        try {
            return header.get();
        } catch (RuntimeException malformed) {
            return List.of();
        }
    }

    /** The offered language a tag such as {@code en} or {@code ru-RU} names; nothing for anything else. */
    static Locale parse(String lang) {
        return Messages.language(lang).orElse(null);
    }
}
