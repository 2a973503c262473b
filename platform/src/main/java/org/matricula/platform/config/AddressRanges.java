package org.matricula.platform.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP addresses given one by one and as CIDR ranges, as operators write the proxies in front of
 * the server: {@code 127.0.0.1, 10.0.0.0/8, ::1}. Only literal addresses are taken, never host
 * names, so that nothing is ever looked up in DNS, neither at start nor while a request waits.
 */
public final class AddressRanges {

    public static final AddressRanges NONE = new AddressRanges(List.of());

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    /** The characters of an IPv6 literal, an embedded IPv4 tail included; zones ({@code %eth0}) are not taken. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<Range> ranges;

    private AddressRanges(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * Reads a comma-separated list; empty gives {@link #NONE}.
     *
     * @throws IllegalArgumentException naming the first entry that is not an address or a range
     */
    public static AddressRanges parse(String commaSeparated) {
        if (commaSeparated.isBlank()) {
            return NONE;
        }
        List<Range> ranges = new ArrayList<>();
        for (String entry : commaSeparated.split(",", -1)) {
            String text = entry.strip();
            ranges.add(range(text).orElseThrow(() -> new IllegalArgumentException("not an address or range: " + text)));
        }
        return new AddressRanges(ranges);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return ranges.stream().anyMatch(range -> range.contains(bytes));
    }

    /** An IP address written out (IPv4 dotted, IPv6 without brackets), never looked up; empty for anything else. */
    public static Optional<InetAddress> literal(String text) {
        if (IPV4.matcher(text).matches()) {
            return lookUpNothing(text);
        }
        // In brackets, the JDK refuses a malformed IPv6 literal instead of asking DNS about it.
        return IPV6.matcher(text).matches() ? lookUpNothing("[" + text + "]") : Optional.empty();
    }

    private static Optional<InetAddress> lookUpNothing(String literal) {
        try {
            return Optional.of(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<Range> range(String text) {
        int slash = text.indexOf('/');
        Optional<InetAddress> address = literal(slash < 0 ? text : text.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.empty();
        }
        byte[] network = address.get().getAddress();
        int bits = network.length * 8;
        if (slash < 0) {
            return Optional.of(new Range(network, bits));
        }
        String prefix = text.substring(slash + 1);
        if (!prefix.matches("[0-9]{1,3}") || Integer.parseInt(prefix) > bits) {
            return Optional.empty();
        }
        return Optional.of(new Range(network, Integer.parseInt(prefix)));
    }

    /** The addresses whose first {@code prefixLength} bits are the network's. */
    private record Range(byte[] network, int prefixLength) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefixLength / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixLength % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }
}
