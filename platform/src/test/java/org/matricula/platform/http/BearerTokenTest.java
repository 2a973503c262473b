package org.matricula.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerTokenTest {

    @Test
    void theSchemeIsMatchedInAnyCase() {
        assertEquals(Optional.of("mlk_abc"), BearerToken.of("Bearer mlk_abc"));
        assertEquals(Optional.of("mlk_abc"), BearerToken.of("bearer mlk_abc"));
        assertEquals(Optional.of("mlk_abc"), BearerToken.of("BEARER  mlk_abc "));
    }

    @Test
    void otherSchemesAndNoHeaderPresentNoToken() {
        assertTrue(BearerToken.of(null).isEmpty());
        assertTrue(BearerToken.of("Basic dXNlcjpwdw==").isEmpty());
        assertTrue(BearerToken.of("Bearer").isEmpty());
        assertTrue(BearerToken.of("Bearertoken").isEmpty());
    }
}
