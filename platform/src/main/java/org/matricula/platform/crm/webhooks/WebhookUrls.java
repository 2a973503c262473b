package org.matricula.platform.crm.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * The guard on where webhooks may be sent: only {@code http} and {@code https} URLs with a host,
 * no user information, and (unless {@code webhooks.allow-private-targets} is on) no host that
 * resolves to this machine, a private, link-local, unique-local, shared or multicast address, so
 * that an endpoint cannot make the platform reach inside its own network. Checked when an endpoint
 * or a scenario's webhook step is saved and again before each call (a name may resolve elsewhere
 * later).
 */
public final class WebhookUrls {

    private final boolean allowPrivate;

    public WebhookUrls(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Why the URL is refused (a message key), or empty when it may be used. */
    public Optional<String> refusal(String url) {
        if (url == null || url.isBlank() || url.length() > 2000) {
            return Optional.of("webhooks.urlRequired");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return Optional.of("webhooks.urlInvalid");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("webhooks.urlScheme");
        }
        if (uri.getHost() == null || uri.getHost().isBlank() || uri.getRawUserInfo() != null) {
            return Optional.of("webhooks.urlInvalid");
        }
        if (allowPrivate) {
            return Optional.empty();
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (internal(address)) {
                    return Optional.of("webhooks.urlPrivate");
                }
            }
        } catch (UnknownHostException e) {
            return Optional.of("webhooks.urlUnknownHost");
        }
        return Optional.empty();
    }

    static boolean internal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second <= 127) // shared address space
                    || (first == 192 && second == 0 && (bytes[2] & 0xff) == 0) || first >= 240;
        }
        return (bytes[0] & 0xfe) == 0xfc; // unique local fc00::/7
    }
}
