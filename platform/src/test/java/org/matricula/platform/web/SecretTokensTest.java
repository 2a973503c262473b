package org.matricula.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SecretTokensTest {

    private static final String ABC_SHA_256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void digestsAreHexSha256() {
        assertEquals(ABC_SHA_256, SecretTokens.digest("abc"));
        assertEquals(ABC_SHA_256, SecretTokens.digest("abc"), "nothing of one digest stays for the next");
    }

    @Test
    void threadsDigestingAtOnceGetEachTheirOwn() throws Exception {
        List<String> tokens = IntStream.range(0, 2_000).mapToObj(i -> SecretTokens.newToken()).toList();
        List<String> expected = tokens.stream().map(SecretTokens::digest).toList();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> runs = IntStream.range(0, 4)
                    .mapToObj(i -> threads.submit(() -> tokens.stream().map(SecretTokens::digest).toList())).toList();
            for (Future<List<String>> run : runs) {
                assertEquals(expected, run.get());
            }
        } finally {
            threads.shutdown();
        }
    }

    @Test
    void tokensAreLongAndUrlSafe() {
        String token = SecretTokens.newToken();
        assertEquals(43, token.length());
        assertTrue(token.matches("[A-Za-z0-9_-]+"));
        assertNotEquals(token, SecretTokens.newToken());
        assertTrue(SecretTokens.same(token, token));
        assertFalse(SecretTokens.same(token, null));
    }
}
