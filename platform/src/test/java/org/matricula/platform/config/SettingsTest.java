package org.matricula.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void durationsTakeDaysAsWellAsShorterUnits() {
        assertEquals(Duration.ofDays(365), Settings.duration("365d"));
        assertEquals(Duration.ofHours(2), Settings.duration("2h"));
        assertEquals(Duration.ofMillis(500), Settings.duration("500ms"));
        assertThrows(IllegalArgumentException.class, () -> Settings.duration("3w"));
    }

    @Test
    void embeddedSharedBuffersAreAQuarterOfMemoryWithinBoundsOrTheSizeGiven() {
        Path home = Path.of(".");
        int auto = ConfigLoader.load(null, Map.of(), Map.of(), home).get(Settings.DB_EMBEDDED_SHARED_BUFFERS);
        assertTrue(auto >= 128 && auto <= 2048, "auto: " + auto);
        assertEquals(512, ConfigLoader.load(null, Map.of(), Map.of("db.embedded.shared-buffers", "512MB"), home)
                .get(Settings.DB_EMBEDDED_SHARED_BUFFERS));
        assertEquals(3072, Settings.megabytes("3gb", 16, 65_536));
        for (String wrong : new String[] {"512", "8MB", "1TB", "-1GB", "99999999MB", "lots"}) {
            ConfigException refused = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of(),
                    Map.of("db.embedded.shared-buffers", wrong), home), wrong);
            assertTrue(refused.getMessage().contains("db.embedded.shared-buffers"), refused.getMessage());
        }
    }

    @Test
    void retentionPeriodIsNeverWhenEmptyOrZero() {
        Path home = Path.of(".");
        assertEquals(Duration.ZERO, ConfigLoader.load(null, Map.of(), Map.of(), home).get(Settings.RETENTION_PERIOD));
        assertEquals(Duration.ZERO, ConfigLoader.load(null, Map.of(), Map.of("privacy.retention-period", "0"), home)
                .get(Settings.RETENTION_PERIOD));
        assertEquals(Duration.ofDays(30), ConfigLoader.load(null, Map.of(),
                Map.of("privacy.retention-period", "30d"), home).get(Settings.RETENTION_PERIOD));
        ConfigException negative = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of(),
                Map.of("privacy.retention-period", "-1d"), home));
        assertTrue(negative.getMessage().contains("privacy.retention-period"), negative.getMessage());
    }

    @Test
    void outboxLeaseIsFiveMinutesUnlessSetAndMustBePositive() {
        Path home = Path.of(".");
        assertEquals(Duration.ofMinutes(5), ConfigLoader.load(null, Map.of(), Map.of(), home).get(Settings.OUTBOX_LEASE));
        assertEquals(Duration.ofSeconds(2), ConfigLoader.load(null, Map.of(), Map.of("outbox.lease", "2s"), home)
                .get(Settings.OUTBOX_LEASE));
        ConfigException zero = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of(),
                Map.of("outbox.lease", "0s"), home));
        assertTrue(zero.getMessage().contains("outbox.lease"), zero.getMessage());
    }

    @Test
    void mailedLinksFollowTheHttpPortUnlessABaseUrlIsSet() {
        Path home = Path.of(".");
        assertEquals("http://localhost:8080", Settings.baseUrl(ConfigLoader.load(null, Map.of(), Map.of(), home)));
        assertEquals("http://localhost:9191", Settings.baseUrl(ConfigLoader.load(null, Map.of(),
                Map.of("http.port", "9191"), home)));
        assertEquals("https://courses.example.org", Settings.baseUrl(ConfigLoader.load(null, Map.of(),
                Map.of("http.port", "9191", "http.base-url", "https://courses.example.org/"), home)));
    }

    @Test
    void trustedProxiesAreNoneUnlessListedAndOnlyAddressesOrRanges() {
        Path home = Path.of(".");
        assertTrue(ConfigLoader.load(null, Map.of(), Map.of(), home).get(Settings.HTTP_TRUSTED_PROXIES).isEmpty());
        assertFalse(ConfigLoader.load(null, Map.of(), Map.of("http.trusted-proxies", "127.0.0.1, 10.0.0.0/8"), home)
                .get(Settings.HTTP_TRUSTED_PROXIES).isEmpty());
        ConfigException hostName = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of(),
                Map.of("http.trusted-proxies", "127.0.0.1, proxy.example.org"), home));
        assertTrue(hostName.getMessage().contains("http.trusted-proxies"), hostName.getMessage());
        assertTrue(hostName.getMessage().contains("CIDR"), hostName.getMessage());
    }
}
