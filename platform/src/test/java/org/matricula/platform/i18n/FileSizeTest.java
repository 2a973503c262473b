package org.matricula.platform.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class FileSizeTest {

    @Test
    void bytesKilobytesAndMegabytesInTheLanguage() {
        assertEquals("512 B", FileSize.text(512, Locale.ENGLISH));
        assertEquals("1.5 KB", FileSize.text(1536, Locale.ENGLISH));
        assertEquals("1,5 КБ", FileSize.text(1536, Messages.RUSSIAN));
        assertEquals("10 MB", FileSize.text(10 * 1024 * 1024, Locale.ENGLISH));
    }
}
