package org.matricula.platform.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

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
        if (literal.indexOf(':') < 0) {
            return literal; // IPv4, or whatever the server reported: counted as it is
        }
        try {
            // a literal with a colon is parsed as IPv6, never resolved; an IPv4-mapped one comes back IPv4
            InetAddress parsed = InetAddress.getByName(literal);
            if (!(parsed instanceof Inet6Address)) {
                return parsed.getHostAddress();
            }
            byte[] network = Arrays.copyOf(Arrays.copyOf(parsed.getAddress(), IPV6_NETWORK_BYTES), 16);
            return InetAddress.getByAddress(network).getHostAddress() + "/64";
        } catch (UnknownHostException notAnAddress) {
            return literal;
        }
    }
}
