package org.matricula.platform.web;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.i18n.Messages;

/**
 * The scope every page starts from: language, the {@code t} text helper, the languages offered, title, who is signed in and the CSRF token the
 * forms carry. Pages add their own entries with {@link #with}.
 */
public final class Page {

    private final Map<String, Object> scope = new HashMap<>();

    private Page(String title, Locale locale, CurrentUser user) {
        scope.put("title", title);
        scope.put("lang", locale.getLanguage());
        scope.put("t", Messages.helper(locale));
        scope.put("languages", LanguageChoice.all());
        if (user != null) {
            scope.put("user", user);
            scope.put("csrf", user.csrfToken());
            scope.put("admin", user.isAdmin());
        }
    }

    public static Page of(String title, Locale locale, CurrentUser user) {
        return new Page(title, locale, user);
    }

    public Page with(String key, Object value) {
        scope.put(key, value);
        return this;
    }

    public Map<String, Object> scope() {
        return scope;
    }
}
