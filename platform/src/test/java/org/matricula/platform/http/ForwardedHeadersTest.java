package org.matricula.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;
import org.matricula.platform.config.AddressRanges;

class ForwardedHeadersTest {

    private static final AddressRanges TRUSTED = AddressRanges.parse("127.0.0.1, 10.0.0.0/8");

    @Test
    void theClientIsTheFirstUntrustedAddressFromTheRight() {
        assertEquals("198.51.100.7", client("X-Forwarded-For", "198.51.100.7"));
        assertEquals("198.51.100.7", client("X-Forwarded-For", "203.0.113.1, 198.51.100.7"),
                "what the client wrote before the proxy's entry is not believed");
        assertEquals("198.51.100.7", client("X-Forwarded-For", "203.0.113.1,198.51.100.7, 10.1.2.3 ,127.0.0.1"),
                "trusted proxies on the way are passed");
        assertEquals("10.9.9.9", client("X-Forwarded-For", "10.9.9.9, 127.0.0.1"),
                "when every hop is trusted, the farthest is the client");
        assertEquals("198.51.100.7", client("X-Forwarded-For", "not an address, 198.51.100.7"),
                "nothing left of the client is read");
    }

    @Test
    void portsAndIpv6AreRead() {
        assertEquals("198.51.100.7", client("X-Forwarded-For", "198.51.100.7:4711"));
        assertEquals("2001:db8:0:0:0:0:0:17", client("X-Forwarded-For", "2001:db8::17"));
        assertEquals("2001:db8:0:0:0:0:0:17", client("X-Forwarded-For", "[2001:db8::17]:4711"));
        assertEquals(4711, ForwardedHeaders.read(HttpFields.build().add("X-Forwarded-For", "[2001:db8::17]:4711"),
                TRUSTED).address().getPort());
    }

    @Test
    void aListSplitOverLinesIsOneList() {
        HttpFields headers = HttpFields.build().add("X-Forwarded-For", "198.51.100.7")
                .add("X-Forwarded-For", "10.0.0.1");
        assertEquals("198.51.100.7", ForwardedHeaders.read(headers, TRUSTED).address().getAddress().getHostAddress());
        headers = HttpFields.build().add("Forwarded", "for=198.51.100.7").add("Forwarded", "for=10.0.0.1");
        assertEquals("198.51.100.7", ForwardedHeaders.read(headers, TRUSTED).address().getAddress().getHostAddress());
    }

    @Test
    void theForwardedHeaderNamesTheClientAndItsScheme() {
        ForwardedHeaders.Client client = ForwardedHeaders.read(HttpFields.build()
                .add("Forwarded", "for=192.0.2.60;proto=https;by=203.0.113.43"), TRUSTED);
        assertEquals("192.0.2.60", client.address().getAddress().getHostAddress());
        assertEquals("https", client.scheme());
        assertEquals("2001:db8:cafe:0:0:0:0:17", client("Forwarded", "for=\"[2001:db8:cafe::17]:4711\""));
        assertEquals("198.51.100.7", client("Forwarded", "For=\"203.0.113.1\", for=198.51.100.7;proto=http, "
                + "for=10.0.0.5;Proto=https"));
        assertEquals("198.51.100.7", client("Forwarded", "for=198.51.100.7:4711"),
                "an unquoted port, as some proxies write it");
        assertEquals("198.51.100.7", client("Forwarded", " , for=198.51.100.7 ;; ,"), "empty elements are skipped");
        assertEquals("https", ForwardedHeaders.read(HttpFields.build().add("Forwarded",
                "for=198.51.100.7;proto=https, for=10.0.0.5;proto=http"), TRUSTED).scheme(),
                "the scheme is the one the client used, not the one between proxies");
    }

    @Test
    void aHiddenOrUnreadableClientLeavesTheProxysAddress() {
        for (String forwardedFor : new String[] {"not-an-address", "198.51.100.7, localhost", "198.51.100.300",
                "198.51.100.7:99999", "[2001:db8::17", "[198.51.100.7]", "", " , ", "unknown", "\u0000"}) {
            assertNull(ForwardedHeaders.read(HttpFields.build().add("X-Forwarded-For", forwardedFor), TRUSTED)
                    .address(), forwardedFor);
        }
        for (String forwarded : new String[] {"for=unknown", "for=_hidden", "for=198.51.100.7, for=\"_hidden\"",
                "for=\"198.51.100.7", "for=198.51.100.7;for=198.51.100.8", "for", "for=", "=198.51.100.7",
                "for=198.51.100.7 by=10.0.0.1", "for=\"198.51.100.7\"x", "for=198.51.100.7, proto=https",
                "for=\u00e9", "for=\"\\"}) {
            assertNull(ForwardedHeaders.read(HttpFields.build().add("Forwarded", forwarded), TRUSTED).address(),
                    forwarded);
        }
    }

    @Test
    void headersThatNameDifferentClientsLeaveTheProxysAddress() {
        // A proxy that writes X-Forwarded-For passes on a Forwarded header the client made up, and the reverse.
        assertNull(ForwardedHeaders.read(HttpFields.build().add("Forwarded", "for=203.0.113.1")
                .add("X-Forwarded-For", "198.51.100.7"), TRUSTED).address());
        assertNull(ForwardedHeaders.read(HttpFields.build().add("Forwarded", "for=\"203.0.113.1")
                .add("X-Forwarded-For", "198.51.100.7"), TRUSTED).address());
        assertEquals("198.51.100.7", ForwardedHeaders.read(HttpFields.build().add("Forwarded", "for=198.51.100.7")
                .add("X-Forwarded-For", "198.51.100.7"), TRUSTED).address().getAddress().getHostAddress());
        ForwardedHeaders.Client protoOnly = ForwardedHeaders.read(HttpFields.build().add("Forwarded", "proto=https")
                .add("X-Forwarded-For", "198.51.100.7"), TRUSTED);
        assertEquals("198.51.100.7", protoOnly.address().getAddress().getHostAddress(),
                "a Forwarded header without addresses says nothing about the client");
        assertEquals("https", protoOnly.scheme());
    }

    @Test
    void theSchemeIsHttpOrHttpsFromTheNearestProxy() {
        assertEquals("https", scheme("X-Forwarded-Proto", "https"));
        assertEquals("https", scheme("X-Forwarded-Proto", " HTTPS "));
        assertEquals("http", scheme("X-Forwarded-Proto", "https, http"));
        assertNull(scheme("X-Forwarded-Proto", "ftp"));
        assertNull(scheme("X-Forwarded-Proto", ""));
        assertNull(scheme("Forwarded", "for=198.51.100.7;proto=\"javascript\""));
        assertEquals("http", ForwardedHeaders.read(HttpFields.build().add("Forwarded", "for=198.51.100.7;proto=https")
                .add("X-Forwarded-Proto", "http"), TRUSTED).scheme(), "X-Forwarded-Proto is what a proxy sets");
    }

    @Test
    void noHeadersChangeNothing() {
        assertEquals(new ForwardedHeaders.Client(null, null), ForwardedHeaders.read(HttpFields.EMPTY, TRUSTED));
    }

    private static String client(String header, String value) {
        InetSocketAddress address = ForwardedHeaders.read(HttpFields.build().add(header, value), TRUSTED).address();
        return address == null ? null : address.getAddress().getHostAddress();
    }

    private static String scheme(String header, String value) {
        return ForwardedHeaders.read(HttpFields.build().add(header, value), TRUSTED).scheme();
    }
}
