package org.matricula.api.payments;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A call the provider made to the platform's notification address, as received: the platform
 * hands it over unread.
 *
 * @param headers the request's headers, names in lower case
 * @param body the body as text (UTF-8)
 * @param remoteAddress the caller's IP address, for providers that publish theirs
 * @since 1.3.0
 */
public record ProviderNotification(Map<String, List<String>> headers, String body, String remoteAddress) {

    /** @since 1.3.0 */
    public ProviderNotification {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? "" : body;
    }

    /**
     * The first value of a header, by its name in any case.
     *
     * @since 1.3.0
     */
    public Optional<String> header(String name) {
        List<String> values = headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
