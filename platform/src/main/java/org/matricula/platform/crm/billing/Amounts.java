package org.matricula.platform.crm.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/** Amounts of money as stored (numeric(14,2)) and as people type them. */
public final class Amounts {

    /** The largest amount numeric(14,2) holds. */
    public static final BigDecimal MAX = new BigDecimal("999999999999.99");

    /** Group separators people type or paste: spaces, no-break spaces (Russian formatting uses the narrow one). */
    private static final Pattern GROUP_SEPARATORS = Pattern.compile("[\\s\\u00a0\\u2007\\u202f]");

    private Amounts() {
    }

    /**
     * An amount as typed, "1 880,50" or "1880.5", scaled to kopecks; null when the text is blank, not a
     * number, finer than kopecks or beyond {@link #MAX} either way. The sign is left to the caller.
     */
    public static BigDecimal typed(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(GROUP_SEPARATORS.matcher(text).replaceAll("").replace(',', '.'));
            if (value.abs().compareTo(MAX) > 0) {
                return null;
            }
            return value.setScale(2, RoundingMode.UNNECESSARY);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
