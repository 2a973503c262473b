package org.matricula.plugins.microsoft365;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import org.matricula.api.actions.ActionPerson;

/**
 * A new user's names. The login is {@code first.last} in Latin letters: Cyrillic is written as
 * Russian international passports write it (the ICAO Doc 9303 table in use since 2014, see
 * docs/microsoft-365.md: zhe zh, kha kh, tse ts, che ch, sha sh, shcha shch, the hard sign ie,
 * yery y, the soft sign dropped, yu iu, ya ia, short i i, yo e); accents of Latin letters are
 * dropped; anything else than a-z and 0-9 becomes a dash. On a collision the login gets a
 * number: {@code anna.petrova2}, {@code anna.petrova3}, ...
 */
final class UserNames {

    /** Latin spelling of the letters U+0430 (a) to U+044F (ya), in order. */
    private static final String[] CYRILLIC = {"a", "b", "v", "g", "d", "e", "zh", "z", "i", "i", "k", "l", "m", "n",
        "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "ie", "y", "", "e", "iu", "ia"};
    /** Room left in the 64 characters of a login's local part for a collision number. */
    static final int MAX_LOCAL = 56;

    private UserNames() {
    }

    /** A text in Latin letters, lower case: Shchukina, Yolka in Cyrillic give {@code "shchukina elka"}. */
    static String latin(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c >= '\u0430' && c <= '\u044f') {
                out.append(CYRILLIC[c - '\u0430']);
            } else if (c == '\u0451' || c == '\u0454') { // yo, Ukrainian ye
                out.append(c == '\u0451' ? "e" : "ie");
            } else if (c == '\u0456' || c == '\u0457') { // Ukrainian i, yi
                out.append('i');
            } else if (c == '\u0491') { // Ukrainian ge
                out.append('g');
            } else {
                out.append(c);
            }
        }
        return Normalizer.normalize(out, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    }

    /** The login's local part without a collision number, e.g. {@code anna.petrova}; {@code student} for no name. */
    static String localPart(ActionPerson person) {
        String first = word(person.firstName());
        String last = word(person.lastName());
        String local = first.isEmpty() || last.isEmpty() ? first + last : first + "." + last;
        if (local.isEmpty()) {
            local = "student." + employeeId(person.id()).substring(0, 6);
        }
        if (local.length() > MAX_LOCAL) {
            local = local.substring(0, MAX_LOCAL).replaceAll("[.-]+$", "");
        }
        return local;
    }

    /** The local part with the n-th collision number (none for n = 1). */
    static String candidate(String localPart, int n) {
        return n <= 1 ? localPart : localPart + n;
    }

    /** Given name and surname as the person wrote them (Cyrillic kept); else the login. */
    static String displayName(ActionPerson person, String localPart) {
        String name = (person.firstName().strip() + " " + person.lastName().strip()).strip();
        return name.isEmpty() ? localPart : name;
    }

    /**
     * The value of the user's {@code employeeId} that marks it as the account of this person: the
     * first 16 hexadecimal digits of the SHA-256 of the person's id (Graph keeps at most 16
     * characters there). Looking it up before creating makes the action create one user per person.
     */
    static String employeeId(String personId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(personId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String word(String name) {
        return latin(name.strip()).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    }
}
