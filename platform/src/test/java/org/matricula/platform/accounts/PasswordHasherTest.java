package org.matricula.platform.accounts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashOfAPasswordMatchesIt() {
        String hash = hasher.hash("correct horse battery");
        assertTrue(hasher.matches("correct horse battery", hash));
    }

    @Test
    void wrongPasswordDoesNotMatch() {
        String hash = hasher.hash("correct horse battery");
        assertFalse(hasher.matches("correct horse battery!", hash));
        assertFalse(hasher.matches("", hash));
    }

    @Test
    void hashIsArgon2idWithTheChosenParameters() {
        String hash = hasher.hash("пароль-из-кириллицы");
        assertTrue(hash.startsWith("$argon2id$"), hash);
        assertTrue(hash.contains("m=19456,t=2,p=1"), hash);
        assertTrue(hasher.matches("пароль-из-кириллицы", hash));
    }

    @Test
    void samePasswordHashesDifferentlyEachTime() {
        assertNotEquals(hasher.hash("same password"), hasher.hash("same password"));
    }

    @Test
    void somethingThatIsNotAHashNeverMatches() {
        assertFalse(hasher.matches("secret", "secret"));
        assertFalse(hasher.matches("secret", null));
    }
}
