package org.matricula.platform.http;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;
import org.matricula.platform.config.AddressRanges;

/**
 * What the proxies in front of the server say about a request's client, in {@code Forwarded}
 * (RFC 7239) or {@code X-Forwarded-For} and {@code X-Forwarded-Proto}. Read only for a request
 * whose connection comes from a trusted proxy (see {@link TrustedProxies}).
 *
 * <p>Each proxy appends the address it was reached from, and a client may send any list to begin
 * with, so the list is read from the right: past the trusted proxies, the first address is the
 * client's. Whatever cannot be read with certainty gives the proxy's own address: a value that
 * does not parse, a hop that hides its address ({@code unknown}, {@code _secret}), or both
 * headers naming different clients (one of them written by a client, as a proxy passes on what
 * it does not set itself). A client hiding that way is counted with the proxy, never as somebody
 * else.
 */
final class ForwardedHeaders {

    private static final String FORWARDED = "Forwarded";
    private static final String X_FORWARDED_FOR = "X-Forwarded-For";
    private static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";

    private static final Pattern PORT = Pattern.compile(":([0-9]{1,5}|_[A-Za-z0-9._-]+)");
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";
    /** A list that breaks the grammar stands for one hop whose address is not known. */
    private static final List<Hop> UNREADABLE = List.of(new Hop("unknown", null));

    private ForwardedHeaders() {
    }

    /**
     * The client as the proxies tell it.
     *
     * @param address the client's address, or null to keep the connection's (the proxy's)
     * @param scheme {@code http} or {@code https} as the client used it, or null to keep the connection's
     */
    record Client(InetSocketAddress address, String scheme) {
    }

    /** One proxy's entry: the address it was reached from, as written, and the scheme it was reached by. */
    private record Hop(String node, String proto) {
    }

    /** The hop the walk stopped at, and the address read from it. */
    private record Found(InetSocketAddress address, Hop hop) {
    }

    static Client read(HttpFields headers, AddressRanges trusted) {
        Optional<List<Hop>> forwarded = joined(headers, FORWARDED).map(ForwardedHeaders::forwardedHops);
        Optional<List<Hop>> forwardedFor = joined(headers, X_FORWARDED_FOR).map(ForwardedHeaders::forwardedForHops);
        // A list of protocols alone (no "for") says nothing about the client; a garbled one may hide one.
        boolean forwardedNamesClients = forwarded.map(hops -> hops.stream().anyMatch(hop -> hop.node() != null))
                .orElse(false);

        Optional<Found> byForwarded = forwardedNamesClients ? walk(forwarded.get(), trusted) : Optional.empty();
        Optional<Found> byForwardedFor = forwardedFor.flatMap(hops -> walk(hops, trusted));
        InetSocketAddress address;
        if (forwardedNamesClients && forwardedFor.isPresent()) {
            address = byForwarded.isPresent() && byForwardedFor.isPresent()
                    && byForwarded.get().address().getAddress().equals(byForwardedFor.get().address().getAddress())
                    ? byForwarded.get().address() : null;
        } else if (forwardedNamesClients) {
            address = byForwarded.map(Found::address).orElse(null);
        } else {
            address = byForwardedFor.map(Found::address).orElse(null);
        }

        Optional<String> proto = headers.contains(X_FORWARDED_PROTO)
                ? joined(headers, X_FORWARDED_PROTO).map(ForwardedHeaders::last)
                : byForwarded.map(found -> found.hop().proto()).or(() -> forwarded.filter(hops -> !hops.isEmpty())
                        .map(hops -> hops.get(hops.size() - 1).proto()));
        String scheme = proto.map(value -> value.strip().toLowerCase(Locale.ROOT))
                .filter(value -> value.equals("http") || value.equals("https")).orElse(null);
        return new Client(address, scheme);
    }

    /** Every line of a header as one list, as HTTP allows a list to be split over lines. */
    private static Optional<String> joined(HttpFields headers, String name) {
        List<String> lines = headers.getValuesList(name);
        return lines.isEmpty() ? Optional.empty() : Optional.of(String.join(",", lines));
    }

    private static String last(String list) {
        return list.substring(list.lastIndexOf(',') + 1);
    }

    /**
     * From the nearest proxy outwards, the first hop not trusted, or the farthest when all are;
     * empty when a hop on the way cannot be read (or there is none).
     */
    private static Optional<Found> walk(List<Hop> hops, AddressRanges trusted) {
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetSocketAddress> address = address(hops.get(i).node());
            if (address.isEmpty()) {
                return Optional.empty();
            }
            if (i == 0 || !trusted.contains(address.get().getAddress())) {
                return Optional.of(new Found(address.get(), hops.get(i)));
            }
        }
        return Optional.empty();
    }

    /**
     * An address as proxies write it: {@code 192.0.2.1}, {@code 192.0.2.1:4711}, {@code 2001:db8::1},
     * {@code [2001:db8::1]:4711}.
     */
    private static Optional<InetSocketAddress> address(String node) {
        if (node == null) {
            return Optional.empty();
        }
        String text = node.strip();
        String host;
        String port = "";
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            if (end < 0) {
                return Optional.empty();
            }
            host = text.substring(1, end);
            port = text.substring(end + 1);
            if (!host.contains(":")) {
                return Optional.empty();
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':'));
        } else {
            host = text;
        }
        if (!port.isEmpty() && !PORT.matcher(port).matches()) {
            return Optional.empty();
        }
        int number = port.matches(":[0-9]+") ? Integer.parseInt(port.substring(1)) : 0;
        if (number > 65535) {
            return Optional.empty();
        }
        return AddressRanges.literal(host).map(address -> new InetSocketAddress(address, number));
    }

    private static List<Hop> forwardedForHops(String list) {
        List<Hop> hops = new ArrayList<>();
        for (String node : list.split(",", -1)) {
            if (!node.isBlank()) {
                hops.add(new Hop(node.strip(), null));
            }
        }
        return hops;
    }

    /**
     * The elements of a {@code Forwarded} list, each with its {@code for} and {@code proto}; a list
     * that breaks the header's grammar is one hop of unknown address.
     */
    private static List<Hop> forwardedHops(String list) {
        try {
            return elements(list).stream().map(pairs -> new Hop(pairs.get("for"), pairs.get("proto"))).toList();
        } catch (IllegalArgumentException malformed) {
            return UNREADABLE;
        }
    }

    /**
     * {@code element *("," element)}, each {@code pair *(";" pair)}, each
     * {@code token "=" (token / quoted-string)}.
     */
    private static List<Map<String, String>> elements(String list) {
        List<Map<String, String>> elements = new ArrayList<>();
        Map<String, String> element = new HashMap<>();
        int at = 0;
        while (true) {
            at = skipSpaces(list, at);
            if (at == list.length() || list.charAt(at) == ',') {
                if (!element.isEmpty()) {
                    elements.add(element);
                    element = new HashMap<>();
                }
                if (at == list.length()) {
                    return elements;
                }
                at++;
                continue;
            }
            if (list.charAt(at) == ';') {
                at++;
                continue;
            }
            int nameEnd = tokenEnd(list, at, "");
            if (nameEnd == at || nameEnd == list.length() || list.charAt(nameEnd) != '=') {
                throw new IllegalArgumentException("not a pair");
            }
            String name = list.substring(at, nameEnd).toLowerCase(Locale.ROOT);
            at = nameEnd + 1;
            StringBuilder value = new StringBuilder();
            if (at < list.length() && list.charAt(at) == '"') {
                at = quoted(list, at + 1, value);
            } else {
                // Some proxies leave an address with a port unquoted, which the grammar would refuse.
                int valueEnd = tokenEnd(list, at, ":[]");
                if (valueEnd == at) {
                    throw new IllegalArgumentException("no value");
                }
                value.append(list, at, valueEnd);
                at = valueEnd;
            }
            if (element.put(name, value.toString()) != null) {
                throw new IllegalArgumentException("a parameter twice in one element");
            }
            at = skipSpaces(list, at);
            if (at < list.length() && list.charAt(at) != ',' && list.charAt(at) != ';') {
                throw new IllegalArgumentException("no separator");
            }
        }
    }

    /** Reads a quoted string's content from just after its opening quote; answers the index after the closing one. */
    private static int quoted(String list, int at, StringBuilder value) {
        for (int i = at; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                i++;
                if (i == list.length()) {
                    break;
                }
                c = list.charAt(i);
            }
            value.append(c);
        }
        throw new IllegalArgumentException("unclosed quote");
    }

    private static int tokenEnd(String list, int at, String alsoAllowed) {
        int end = at;
        while (end < list.length() && isTokenChar(list.charAt(end), alsoAllowed)) {
            end++;
        }
        return end;
    }

    private static boolean isTokenChar(char c, String alsoAllowed) {
        return c < 128
                && (Character.isLetterOrDigit(c) || TOKEN_SYMBOLS.indexOf(c) >= 0 || alsoAllowed.indexOf(c) >= 0);
    }

    private static int skipSpaces(String list, int at) {
        int i = at;
        while (i < list.length() && (list.charAt(i) == ' ' || list.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
