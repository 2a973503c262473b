package org.matricula.plugins.microsoft365;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A new user's first password: 16 characters with upper and lower case letters, digits and
 * symbols (more than Microsoft Entra ID's strong-password rule asks), without look-alikes such as
 * {@code 0/O} or {@code 1/l/I} since the student types it from a mail.
 *
 * <p>It is derived, not drawn: HMAC-SHA256 keyed with the {@code password-key} setting (by default
 * the client secret) over the person's id. So the step answers the same password however often it
 * is called for the person — after a crash, on a retry, in a second run — and no password is ever
 * stored by the plugin. Nobody can compute it without the key; whoever has the client secret may
 * anyway set any user's password through Graph. The user must change it at the first sign-in.
 */
final class Passwords {

    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijkmnpqrstuvwxyz";
    private static final String DIGITS = "23456789";
    private static final String SYMBOLS = "!#$%*+-=?@";
    private static final String ALL = UPPER + LOWER + DIGITS + SYMBOLS;
    static final int LENGTH = 16;

    private final byte[] key;

    Passwords(String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    String initial(String personId) {
        byte[] bytes = stream("initial-password:" + personId);
        StringBuilder password = new StringBuilder(LENGTH);
        password.append(pick(UPPER, bytes[0])).append(pick(LOWER, bytes[1]))
                .append(pick(DIGITS, bytes[2])).append(pick(SYMBOLS, bytes[3]));
        for (int i = 4; i < LENGTH; i++) {
            password.append(pick(ALL, bytes[i]));
        }
        // move the four fixed classes to places the digest chooses
        for (int i = LENGTH - 1; i > 0; i--) {
            int j = Byte.toUnsignedInt(bytes[LENGTH + i]) % (i + 1);
            char c = password.charAt(i);
            password.setCharAt(i, password.charAt(j));
            password.setCharAt(j, c);
        }
        return password.toString();
    }

    private byte[] stream(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8)); // 32 bytes: 16 + 16
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static char pick(String alphabet, byte b) {
        return alphabet.charAt(Byte.toUnsignedInt(b) % alphabet.length());
    }
}
