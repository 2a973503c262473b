package org.matricula.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddressRangesTest {

    @Test
    void singleAddressesAndCidrRangesOfBothFamilies() {
        AddressRanges ranges = AddressRanges.parse(" 127.0.0.1, 10.0.0.0/8,172.16.0.0/12 , 2001:db8::/32, ::1 ");
        assertTrue(ranges.contains(ip("127.0.0.1")));
        assertFalse(ranges.contains(ip("127.0.0.2")));
        assertTrue(ranges.contains(ip("10.255.3.4")));
        assertFalse(ranges.contains(ip("11.0.0.1")));
        assertTrue(ranges.contains(ip("172.31.255.255")));
        assertFalse(ranges.contains(ip("172.32.0.0")), "a /12 ends where its twelfth bit does");
        assertTrue(ranges.contains(ip("2001:db8:ffff::7")));
        assertFalse(ranges.contains(ip("2001:db9::7")));
        assertTrue(ranges.contains(ip("0:0:0:0:0:0:0:1")));
        assertFalse(ranges.contains(ip("::2")));
        assertTrue(ranges.contains(ip("::ffff:10.0.0.1")), "an IPv4-mapped address is the IPv4 address");
    }

    @Test
    void unusualButValidPrefixes() {
        assertTrue(AddressRanges.parse("0.0.0.0/0").contains(ip("203.0.113.9")));
        assertFalse(AddressRanges.parse("0.0.0.0/0").contains(ip("::1")), "an IPv4 range holds no IPv6 address");
        assertFalse(AddressRanges.parse("::/0").contains(ip("10.0.0.1")), "nor the reverse");
        assertTrue(AddressRanges.parse("192.0.2.77/24").contains(ip("192.0.2.1")), "bits past the prefix are ignored");
        assertTrue(AddressRanges.parse("192.0.2.128/25").contains(ip("192.0.2.255")));
        assertFalse(AddressRanges.parse("192.0.2.128/25").contains(ip("192.0.2.127")));
    }

    @Test
    void emptyTrustsNobody() {
        assertTrue(AddressRanges.parse("").isEmpty());
        assertTrue(AddressRanges.parse("  ").isEmpty());
        assertFalse(AddressRanges.NONE.contains(ip("127.0.0.1")));
    }

    @Test
    void anythingButLiteralAddressesIsRefused() {
        for (String bad : new String[] {"localhost", "proxy.example.org", "10.0.0.0/33", "::/129", "10.0.0/8",
                "10.0.0.256", "010.0.0.1", "1.2.3", "10.0.0.1,", "10.0.0.1,,10.0.0.2", "10.0.0.0/", "10.0.0.0/-1",
                "fe80::1%eth0", "[::1]", "2001:db8:::1", "::g", "10.0.0.1 10.0.0.2"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> AddressRanges.parse(bad), bad);
            assertTrue(refused.getMessage().contains("not an address or range"), refused.getMessage());
        }
    }

    @Test
    void literalsAreNeverLookedUp() {
        assertEquals(Optional.of(ip("192.0.2.1")), AddressRanges.literal("192.0.2.1"));
        assertEquals(Optional.of(ip("2001:db8::1")), AddressRanges.literal("2001:db8::1"));
        assertEquals(Optional.empty(), AddressRanges.literal("localhost"));
        assertEquals(Optional.empty(), AddressRanges.literal("192.0.2.999"));
        assertEquals(Optional.empty(), AddressRanges.literal(""));
    }

    private static InetAddress ip(String literal) {
        return AddressRanges.literal(literal).orElseThrow(() -> new AssertionError(literal));
    }
}
