package org.matricula.platform.http;

import java.util.Optional;

/**
 * The token of an {@code Authorization: Bearer <token>} header, as the admin token's and the lead
 * sources' filters read it.
 */
public final class BearerToken {

    private static final String SCHEME = "Bearer ";

    private BearerToken() {
    }

    /**
     * The token the header presents, or empty when it is absent or of another scheme. The scheme
     * is matched in any case ({@code bearer}, {@code BEARER}): RFC 7235 makes auth schemes
     * case-insensitive, and clients do send them in lower case.
     */
    public static Optional<String> of(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        return Optional.of(authorization.substring(SCHEME.length()).strip());
    }
}
