package org.matricula.platform.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import org.matricula.platform.config.AddressRanges;

/**
 * The client a per-address limit counts (log-in lockout, sign-ups, website forms and visits).
 * An IPv4 address is one client. An IPv6 client is its /64: a provider gives each subscriber at
 * least that network, and a host picks addresses in it freely (privacy addresses change by the
 * hour), so counting single IPv6 addresses would let one client walk past every limit.
 */
public final class ClientAddresses {

    private static final int IPV6_NETWORK_BYTES = 8;

    private ClientAddresses() {
    }

    /**
     * The key a limit counts {@code address} under, as the request reports it ({@code 192.0.2.7},
     * {@code [2001:db8::7]}): an IPv4 address as it is, an IPv6 address as its /64
     * ({@code 2001:db8:0:0:0:0:0:0/64}), an IPv4 address carried in IPv6 as the IPv4 address;
     * "unknown" for none. Never looks a name up.
     */
    public static String limitKey(String address) {
        if (address == null || address.isBlank()) {
            return "unknown";
        }
        String literal = address.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        Optional<InetAddress> parsed = AddressRanges.literal(literal);
        if (parsed.isEmpty() || !(parsed.get() instanceof Inet6Address ipv6)) {
            // IPv4 (an IPv4-mapped IPv6 address comes back as one), or whatever the server reported
            return parsed.map(InetAddress::getHostAddress).orElse(literal);
        }
        byte[] network = Arrays.copyOf(Arrays.copyOf(ipv6.getAddress(), IPV6_NETWORK_BYTES), 16);
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/64";
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("16 bytes are an IPv6 address", impossible);
        }
    }
}
