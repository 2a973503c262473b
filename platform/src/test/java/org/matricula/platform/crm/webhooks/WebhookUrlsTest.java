package org.matricula.platform.crm.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The guard on webhook targets, on literal addresses only (no name is resolved). */
class WebhookUrlsTest {

    final WebhookUrls guard = new WebhookUrls(false);

    @Test
    void privateAddressesAreRefusedWhenNotAllowed() {
        assertEquals("webhooks.urlPrivate", guard.refusal("http://127.0.0.1:8080/x").orElseThrow());
        assertEquals("webhooks.urlPrivate", guard.refusal("http://10.1.2.3/x").orElseThrow());
        assertEquals("webhooks.urlPrivate", guard.refusal("http://169.254.169.254/latest/meta-data").orElseThrow());
        assertEquals("webhooks.urlPrivate", guard.refusal("http://[::1]/x").orElseThrow());
        assertEquals("webhooks.urlScheme", guard.refusal("gopher://example.org/").orElseThrow());
        assertEquals("webhooks.urlInvalid", guard.refusal("http://user:pw@93.184.216.34/").orElseThrow());
        assertTrue(guard.refusal("https://93.184.216.34/hook").isEmpty());
    }

    @Test
    void anIpv6AddressCarryingAnInternalIpv4OneIsRefused() {
        for (String url : new String[] {"http://[::127.0.0.1]/x", "http://[::10.0.0.1]/x", "http://[::ffff:10.0.0.1]/x",
                "http://[::ffff:7f00:1]/x", "http://[64:ff9b::a00:1]/x", "http://[64:ff9b::127.0.0.1]/x",
                "http://[64:ff9b::a9fe:a9fe]/x", "http://[0:0:0:0:0:ffff:c0a8:101]/x"}) {
            assertEquals(Optional.of("webhooks.urlPrivate"), guard.refusal(url), url);
        }
        // the same forms carrying a public address reach the internet, and may
        assertTrue(guard.refusal("http://[64:ff9b::5db8:d822]/x").isEmpty());
        assertTrue(guard.refusal("http://[::ffff:93.184.216.34]/x").isEmpty());
        assertTrue(guard.refusal("http://[2606:4700:4700::1111]/x").isEmpty());
    }

    @Test
    void theBenchmarkingRangeIsRefused() {
        assertEquals("webhooks.urlPrivate", guard.refusal("http://198.18.0.1/x").orElseThrow());
        assertEquals("webhooks.urlPrivate", guard.refusal("http://198.19.255.254/x").orElseThrow());
        assertTrue(guard.refusal("http://198.17.255.254/x").isEmpty());
        assertTrue(guard.refusal("http://198.20.0.1/x").isEmpty());
    }

    @Test
    void aPortOutsideOneTo65535IsRefusedEvenWherePrivateTargetsAreAllowed() {
        WebhookUrls open = new WebhookUrls(true);
        for (WebhookUrls each : new WebhookUrls[] {guard, open}) {
            assertEquals("webhooks.urlPort", each.refusal("http://8.8.8.8:99999/x").orElseThrow());
            assertEquals("webhooks.urlPort", each.refusal("http://8.8.8.8:0/x").orElseThrow());
            assertTrue(each.refusal("http://8.8.8.8:65535/x").isEmpty());
            assertTrue(each.refusal("http://8.8.8.8:1/x").isEmpty());
        }
    }
}
