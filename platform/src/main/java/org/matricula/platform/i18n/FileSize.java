package org.matricula.platform.i18n;

import java.text.NumberFormat;
import java.util.Locale;

/** A file's size as people read it: bytes, KB or MB, with the language's decimal separator. */
public final class FileSize {

    private static final long KB = 1024;
    private static final long MB = KB * 1024;

    private FileSize() {
    }

    public static String text(long bytes, Locale locale) {
        NumberFormat number = NumberFormat.getNumberInstance(locale);
        number.setMaximumFractionDigits(1);
        if (bytes < KB) {
            return Messages.text(locale, "common.size.bytes", String.valueOf(bytes));
        }
        if (bytes < MB) {
            return Messages.text(locale, "common.size.kb", number.format(bytes / (double) KB));
        }
        return Messages.text(locale, "common.size.mb", number.format(bytes / (double) MB));
    }
}
