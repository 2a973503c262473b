package org.matricula.platform.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Locale;
import java.util.Optional;
import org.matricula.platform.i18n.Messages;

/**
 * A message shown once on the page an action leads to ("Saved", "Declaration withdrawn"): the action
 * names it by message key, {@link PageRequests} carries the key in a short-lived cookie across the
 * redirect and the next page shows it in the reader's language. Keys under {@code flash.error.} read
 * as a failure, the others as a success. A form post answered by a redirect without a key of its own
 * gets {@value #DONE}.
 */
public final class Flash {

    static final String PROPERTY = "matricula.flash";
    public static final String COOKIE = "matricula_flash";
    public static final String DONE = "flash.done";

    /** What the next page shows. */
    public record Shown(String text, String kind) {
    }

    private Flash() {
    }

    /** Names the message the page after this action's redirect shows. */
    public static void put(ContainerRequestContext request, String key) {
        request.setProperty(PROPERTY, key);
    }

    /** Only known flash keys are ever shown, so a forged cookie cannot put text on a page. */
    static boolean known(String key) {
        return key != null && key.startsWith("flash.") && Messages.keys(Messages.RUSSIAN).contains(key);
    }

    static Optional<Shown> shown(String key, Locale locale) {
        if (!known(key)) {
            return Optional.empty();
        }
        return Optional.of(new Shown(Messages.text(locale, key), key.startsWith("flash.error.") ? "danger" : "success"));
    }
}
