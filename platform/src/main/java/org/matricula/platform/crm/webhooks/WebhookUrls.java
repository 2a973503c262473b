package org.matricula.platform.crm.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The guard on where webhooks may be sent: only {@code http} and {@code https} URLs with a host,
 * no user information and a port, if given, from 1 to 65535, and (unless
 * {@code webhooks.allow-private-targets} is on) no host that resolves to this machine, a private,
 * link-local, unique-local, shared, benchmarking, reserved or multicast address, nor to an IPv6
 * address carrying such an IPv4 one (IPv4-compatible, IPv4-mapped, NAT64 {@code 64:ff9b::/96}), so
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
        // URI reads any number as a port; one the HTTP client cannot open would never be delivered
        if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65_535)) {
            return Optional.of("webhooks.urlPort");
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
            return internalIpv4(bytes);
        }
        // an IPv6 address carrying an IPv4 one reaches that IPv4 address (through the host's
        // stack or a NAT64 gateway), so it is judged by the same rules
        if (embedsIpv4(bytes)) {
            return internalIpv4(Arrays.copyOfRange(bytes, 12, 16));
        }
        return (bytes[0] & 0xfe) == 0xfc; // unique local fc00::/7
    }

    /** Whether an IPv6 address is IPv4-compatible (::/96), IPv4-mapped (::ffff:0:0/96) or NAT64 (64:ff9b::/96). */
    private static boolean embedsIpv4(byte[] ipv6) {
        for (int i = 4; i < 10; i++) {
            if (ipv6[i] != 0) {
                return false;
            }
        }
        int[] prefix = new int[6];
        for (int i = 0; i < 4; i++) {
            prefix[i] = ipv6[i] & 0xff;
        }
        prefix[4] = ipv6[10] & 0xff;
        prefix[5] = ipv6[11] & 0xff;
        return Arrays.equals(prefix, new int[] {0, 0, 0, 0, 0, 0})
                || Arrays.equals(prefix, new int[] {0, 0, 0, 0, 0xff, 0xff})
                || Arrays.equals(prefix, new int[] {0, 0x64, 0xff, 0x9b, 0, 0});
    }

    private static boolean internalIpv4(byte[] ipv4) {
        int first = ipv4[0] & 0xff;
        int second = ipv4[1] & 0xff;
        return first == 0 || first == 10 || first == 127 // this network, private, loopback
                || (first == 169 && second == 254) // link-local
                || (first == 172 && second >= 16 && second <= 31) || (first == 192 && second == 168) // private
                || (first == 100 && second >= 64 && second <= 127) // shared address space
                || (first == 192 && second == 0 && (ipv4[2] & 0xff) == 0) // IETF protocol assignments
                || (first == 198 && (second == 18 || second == 19)) // benchmarking 198.18.0.0/15
                || first >= 224; // multicast, reserved and broadcast
    }
}
