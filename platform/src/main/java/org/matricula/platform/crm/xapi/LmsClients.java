package org.matricula.platform.crm.xapi;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.web.SecretTokens;

/**
 * The LMS clients allowed to send statements, each with its own key and secret (HTTP Basic user
 * and password). The secret is shown once, when created; the database keeps only its SHA-256,
 * enough for 32 random bytes, and fast enough to check on every request.
 */
public final class LmsClients {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_NAME = 200;

    private final Jdbi jdbi;

    public LmsClients(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A client as listed: never its secret. */
    public record Client(long id, String name, String key, Instant createdAt, Instant revokedAt) {
    }

    /** A client just created, with the secret its LMS needs, shown this once. */
    public record Created(long id, String name, String key, String secret) {
    }

    /** The client a request's credentials belong to. */
    public record Caller(long id, String name) {
    }

    public Created create(String name, String invalidNameMessage) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME) {
            throw InvalidInputException.field("name", invalidNameMessage);
        }
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        String key = "lms-" + HexFormat.of().formatHex(random);
        String secret = SecretTokens.newToken();
        long id = jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO lms_clients (name, key, secret_digest) VALUES (:name, :key, :digest) RETURNING id""")
                .bind("name", trimmed).bind("key", key).bind("digest", SecretTokens.digest(secret))
                .mapTo(Long.class).one());
        return new Created(id, trimmed, key, secret);
    }

    public List<Client> list() {
        return clients("CAST(:id AS bigint) IS NULL", null);
    }

    public Optional<Client> find(long id) {
        return clients("id = :id", id).stream().findFirst();
    }

    private List<Client> clients(String condition, Long id) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT id, name, key, created_at, revoked_at FROM lms_clients WHERE <condition>
                ORDER BY revoked_at NULLS FIRST, id""")
                .define("condition", condition).bind("id", id)
                .map((rs, ctx) -> new Client(rs.getLong("id"), rs.getString("name"), rs.getString("key"),
                        rs.getTimestamp("created_at").toInstant(),
                        Optional.ofNullable(rs.getTimestamp("revoked_at")).map(java.sql.Timestamp::toInstant)
                                .orElse(null)))
                .list());
    }

    /** Revokes a client at once: its next request is refused. Revoking twice changes nothing. */
    public void revoke(long id) {
        int known = jdbi.withHandle(handle -> handle.createUpdate("""
                UPDATE lms_clients SET revoked_at = coalesce(revoked_at, now()) WHERE id = :id""")
                .bind("id", id).execute());
        if (known == 0) {
            throw NotFoundException.localized("xapi.client.missing", id);
        }
    }

    /** The live client with this key and secret, if the pair is right. */
    public Optional<Caller> authenticate(String key, String secret) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT id, name, secret_digest FROM lms_clients WHERE key = :key AND revoked_at IS NULL""")
                .bind("key", key)
                .map((rs, ctx) -> SecretTokens.same(rs.getString("secret_digest"), SecretTokens.digest(secret))
                        ? Optional.of(new Caller(rs.getLong("id"), rs.getString("name"))) : Optional.<Caller>empty())
                .findOne().flatMap(caller -> caller));
    }
}
