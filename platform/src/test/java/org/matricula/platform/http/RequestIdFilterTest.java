package org.matricula.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdFilterTest {

    @Test
    void newIdsAreSixteenHexDigitsAndDoNotRepeat() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = RequestIdFilter.newId();
            assertTrue(id.matches("[0-9a-f]{16}"), id);
            ids.add(id);
        }
        assertEquals(100_000, ids.size());
    }
}
