package org.matricula.platform.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.matricula.platform.i18n.Messages;

/**
 * The scope every page starts from: language, the {@code t} text helper, the languages offered (each
 * link keeping the page's address and query; see {@link #at}), title, who is signed in and the CSRF token the forms
 * carry, the administration menu for staff on admin pages, and a flash message left by the previous
 * action. Pages add their own entries with {@link #with}.
 */
public final class Page {

    /** One link of the language switcher. */
    public record LanguageLink(String code, String label, String name, boolean first, boolean current, String href) {
    }

    /**
     * Query parameters never copied into a language link: the form's CSRF token, and a mailed link's
     * one-time token, which a second visit would find used up.
     */
    private static final Set<String> NOT_KEPT = Set.of("lang", AdminAccess.CSRF_FIELD, "token");

    private final Map<String, Object> scope = new HashMap<>();
    private final Locale locale;
    private final Slots slots;

    /** What stands for the signed-in user in a page's shape: the page's links are the same for every applicant. */
    private static final String SIGNED_IN = "signed-in";

    private Page(String title, Locale locale, CurrentUser user, Slots slots) {
        scope.put("title", title);
        scope.put("lang", locale.getLanguage());
        scope.put("t", Messages.helper(locale));
        this.locale = locale;
        this.slots = slots;
        PageRequests.Current request = PageRequests.current();
        String path = request == null ? null : request.path;
        if (request == null || request.opened) {
            scope.put("languages", languageLinks(locale, path, request == null ? null : request.query, slots));
        } else {
            // A form's answer stands at the address the form was sent to, which may take posts only.
            scope.put("languages", languageLinks(locale, request.addresses.nearest(path), null, slots));
        }
        if (user != null) {
            scope.put("user", slots.either(user, SIGNED_IN));
            scope.put("csrf", slots.of(user.csrfToken()));
            scope.put("admin", user.isAdmin());
            scope.put("staff", user.isStaff());
            if (request != null && user.isStaff() && path != null
                    && (path.equals("/admin") || path.startsWith("/admin/") || path.startsWith("/plugins/"))) {
                List<Navigation.Link> links = request.navigation.links(user, path, locale);
                if (!links.isEmpty()) {
                    scope.put("shell", Map.of("links", links));
                }
            }
        }
        if (request != null && request.flashKey != null) {
            Flash.shown(request.flashKey, locale).ifPresent(shown -> {
                scope.put("flash", shown);
                request.flashShown = true;
            });
        }
    }

    public static Page of(String title, Locale locale, CurrentUser user) {
        return new Page(title, locale, user, Slots.asIs());
    }

    /** The scope of a page filled from its shape (see {@link Views#render(String, java.util.function.Function)}). */
    public static Page of(String title, Locale locale, CurrentUser user, Slots slots) {
        return new Page(title, locale, user, slots);
    }

    /**
     * The address of this page for its language links, when the page answers a form sent elsewhere or
     * its own address may not be visited twice: a path, with a query if the page needs one.
     */
    public Page at(String address) {
        int query = address.indexOf('?');
        scope.put("languages", query < 0 ? languageLinks(locale, address, null, slots)
                : languageLinks(locale, address.substring(0, query), address.substring(query + 1), slots));
        return this;
    }

    /** Leaves out the previous action's flash message when the page says itself what that action did. */
    public Page withoutFlashWhen(boolean ownNotice) {
        if (ownNotice) {
            scope.remove("flash");
        }
        return this;
    }

    public Page with(String key, Object value) {
        scope.put(key, value);
        return this;
    }

    public Map<String, Object> scope() {
        return scope;
    }

    /** The switcher's links: this page again, with its query, in each language ({@code lang} replaced, tokens left out). */
    static List<LanguageLink> languageLinks(Locale locale, String path, String rawQuery) {
        return languageLinks(locale, path, rawQuery, Slots.asIs());
    }

    private static List<LanguageLink> languageLinks(Locale locale, String path, String rawQuery, Slots slots) {
        StringBuilder kept = new StringBuilder();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                String name = decoded(pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair);
                if (pair.isEmpty() || NOT_KEPT.contains(name)) {
                    continue;
                }
                kept.append(pair).append('&');
            }
        }
        List<LanguageLink> links = new ArrayList<>();
        for (LanguageChoice choice : LanguageChoice.all()) {
            String href = (path == null ? "" : path) + "?" + kept + "lang=" + choice.code();
            links.add(new LanguageLink(choice.code(), choice.label(), choice.name(), choice.first(),
                    choice.code().equals(locale.getLanguage()), slots.of(href)));
        }
        return links;
    }

    private static String decoded(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return part;
        }
    }
}
