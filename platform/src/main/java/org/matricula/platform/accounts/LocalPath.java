package org.matricula.platform.accounts;

import java.net.URI;

/** Where a log-in may send the browser next: only a path on this site, never another host. */
final class LocalPath {

    private LocalPath() {
    }

    static String orDefault(String next, String fallback) {
        if (next == null || !next.startsWith("/") || next.startsWith("//")) {
            return fallback;
        }
        // Browsers read "/\host" as "//host", and control characters can split headers.
        for (char c : next.toCharArray()) {
            if (c == '\\' || c < 0x20 || c == 0x7f) {
                return fallback;
            }
        }
        try {
            URI.create(next);
            return next;
        } catch (IllegalArgumentException notAUri) {
            return fallback;
        }
    }
}
