package org.matricula.platform.crm.persons;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Contacts as they are kept and matched: an email trimmed and lower-cased, a phone in E.164
 * ({@code +79123456789}). A number written without its country is read as Russian.
 */
public final class Contacts {

    /** The region a number without a country code is read in. */
    static final String DEFAULT_REGION = "RU";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private Contacts() {
    }

    /** The email as kept, or empty when it is not an address. */
    public static Optional<String> email(String given) {
        if (given == null) {
            return Optional.empty();
        }
        String email = given.strip().toLowerCase(Locale.ROOT);
        return EMAIL.matcher(email).matches() && email.length() <= 254 ? Optional.of(email) : Optional.empty();
    }

    /** The phone in E.164, or empty when it is not a possible number. */
    public static Optional<String> phone(String given) {
        if (given == null || given.isBlank() || given.length() > 40) {
            return Optional.empty();
        }
        try {
            PhoneNumber number = PHONES.parse(given.strip(), DEFAULT_REGION);
            if (!PHONES.isPossibleNumber(number)) {
                return Optional.empty();
            }
            return Optional.of(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** The part of an email before the {@code @}. */
    public static String localPart(String email) {
        int at = email.indexOf('@');
        return at < 0 ? email : email.substring(0, at);
    }

    /** The Levenshtein distance of two texts: how many single-character edits make one the other. */
    public static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
