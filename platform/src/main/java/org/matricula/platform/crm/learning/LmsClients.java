package org.matricula.platform.crm.learning;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.SecretTokens;

/**
 * The LMS instances allowed to send xAPI statements, each with its own HTTP Basic credentials.
 * The secret is shown once, when made; only its SHA-256 hash is kept (it is 32 random bytes).
 */
public final class LmsClients {

    private final Jdbi jdbi;

    public LmsClients(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public record Client(long id, String name, String username, Instant createdAt, Instant revokedAt) {
    }

    /** A new client and its secret, which is never shown again. */
    public record Created(Client client, String username, String secret) {
    }

    public Created create(String name, Locale locale) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 200) {
            throw InvalidInputException.field("name", Messages.text(locale, "crm.lms.name"));
        }
        String username = "lms-" + SecretTokens.newToken().substring(0, 12).toLowerCase(Locale.ROOT);
        String secret = SecretTokens.newToken();
        long id = jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO lms_clients (name, username, secret_hash) VALUES (:name, :username, :hash) RETURNING id""")
                .bind("name", trimmed).bind("username", username).bind("hash", SecretTokens.digest(secret))
                .mapTo(Long.class).one());
        return new Created(require(id), username, secret);
    }

    public List<Client> all() {
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT id, name, username, created_at, revoked_at FROM lms_clients ORDER BY id")
                .map((rs, ctx) -> client(rs)).list());
    }

    public Client require(long id) {
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT id, name, username, created_at, revoked_at FROM lms_clients WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> client(rs)).findOne()).orElseThrow(() -> new NotFoundException("No LMS client " + id));
    }

    public void revoke(long id) {
        if (jdbi.withHandle(handle -> handle.createUpdate(
                "UPDATE lms_clients SET revoked_at = coalesce(revoked_at, now()) WHERE id = :id").bind("id", id)
                .execute()) == 0) {
            throw new NotFoundException("No LMS client " + id);
        }
    }

    /** The active client an {@code Authorization: Basic ...} header names, if its secret is right. */
    public Optional<Client> authenticate(String header) {
        if (header == null || !header.startsWith("Basic ")) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String username = decoded.substring(0, colon);
        String hash = SecretTokens.digest(decoded.substring(colon + 1));
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT id, name, username, created_at, revoked_at, secret_hash FROM lms_clients
                WHERE username = :username AND revoked_at IS NULL""").bind("username", username)
                .map((rs, ctx) -> SecretTokens.same(rs.getString("secret_hash"), hash) ? Optional.of(client(rs))
                        : Optional.<Client>empty()).findOne().flatMap(found -> found));
    }

    private static Client client(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Client(rs.getLong("id"), rs.getString("name"), rs.getString("username"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("revoked_at") == null ? null : rs.getTimestamp("revoked_at").toInstant());
    }
}
