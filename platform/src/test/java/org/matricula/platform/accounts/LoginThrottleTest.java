package org.matricula.platform.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void tellsTheMinutesLeftRoundedUpAndNeverNone() {
        assertEquals(15, LoginThrottle.minutesLeft(NOW, NOW.plusSeconds(15 * 60)));
        assertEquals(15, LoginThrottle.minutesLeft(NOW, NOW.plusSeconds(14 * 60 + 1)));
        assertEquals(1, LoginThrottle.minutesLeft(NOW, NOW.plusSeconds(1)));
        assertEquals(1, LoginThrottle.minutesLeft(NOW, NOW));
    }
}
