package org.matricula.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class MultipartTokenTest {

    private static final String BODY = "--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
            + "token-123\r\n"
            + "--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\"_csrf\"\r\n"
            + "Content-Type: application/pdf\r\n\r\n"
            + "%PDF-1.4 ...\r\n"
            + "--XyZ--\r\n";

    @Test
    void theTokenIsReadFromItsOwnPart() {
        assertEquals("token-123", MultipartToken.value(BODY, "XyZ", "_csrf"));
    }

    @Test
    void aFilePartNamedLikeTheTokenOrNoTokenAtAllIsNoToken() {
        String fileOnly = BODY.substring(BODY.indexOf("--XyZ", 5));
        assertNull(MultipartToken.value(fileOnly, "XyZ", "_csrf"));
        assertNull(MultipartToken.value("--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nunfinished", "XyZ",
                "_csrf"), "a value cut off at the end of what was read");
    }
}
