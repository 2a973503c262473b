package org.matricula.platform.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Unguessable tokens for cookies and mailed links, and the digests the database keeps instead of them. */
public final class SecretTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 32;
    /** Copied for each digest: looking the algorithm up among the security providers costs more than hashing a token. */
    private static final MessageDigest SHA_256 = sha256();

    private SecretTokens() {
    }

    /** 32 random bytes as unpadded base64url: safe in cookies, URLs and form fields. */
    public static String newToken() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Hex SHA-256; a leaked table of these opens no session and resets no password. */
    public static String digest(String token) {
        MessageDigest sha256;
        try {
            sha256 = (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            sha256 = sha256();
        }
        return HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** Compares in constant time, so response timing tells nothing about how much of a token was right. */
    public static boolean same(String expected, String presented) {
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
