package org.matricula.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClientAddressesTest {

    @Test
    void anIpv4AddressIsOneClient() {
        assertEquals("198.51.100.7", ClientAddresses.limitKey("198.51.100.7"));
        assertEquals("198.51.100.7", ClientAddresses.limitKey("[::ffff:198.51.100.7]"), "IPv4 carried in IPv6");
    }

    @Test
    void anIpv6ClientIsItsSlash64HoweverItWritesItsAddress() {
        String key = ClientAddresses.limitKey("[2001:db8:1:2:0:0:0:90]");
        assertEquals("2001:db8:1:2:0:0:0:0/64", key);
        assertEquals(key, ClientAddresses.limitKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "another host of the network");
        assertEquals(key, ClientAddresses.limitKey("[2001:DB8:1:2::1%eth0]"));
        assertEquals("2001:db8:1:3:0:0:0:0/64", ClientAddresses.limitKey("2001:db8:1:3::90"), "the next network");
    }

    @Test
    void whatIsNoAddressIsCountedAsItIsAndNothingIsLookedUp() {
        assertEquals("unknown", ClientAddresses.limitKey(null));
        assertEquals("unknown", ClientAddresses.limitKey(" "));
        assertEquals("not:an:address:at:all", ClientAddresses.limitKey("not:an:address:at:all"));
        assertEquals("localhost", ClientAddresses.limitKey("localhost"));
    }
}
