package org.matricula.platform.crm.leads;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.SecretTokens;

/**
 * The websites and other sources allowed to send leads, each with its own API key. The key is
 * shown once, when made; only its SHA-256 hash is kept (a key is 32 random bytes, so a plain hash
 * is as good as a slow one), with its first characters to tell keys apart in the list.
 */
public final class LeadSources {

    private static final String PREFIX = "mlk_";
    /** How long a node takes a key it found active at its word, and how often a key's last use is written. */
    private static final long TRUSTED_NANOS = 60_000_000_000L;
    /** Keys a node remembers at most; beyond, it starts over (a key not remembered is read again). */
    private static final int REMEMBERED = 1_000;

    private final Jdbi jdbi;
    /** The active sources found by key hash on this node, with when they were read (System.nanoTime). */
    private final Map<String, Found> found = new ConcurrentHashMap<>();

    private record Found(Source source, long readAt) {
    }

    public LeadSources(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public record Source(long id, String name, String keyPrefix, Instant createdAt, Instant revokedAt,
            Instant lastUsedAt) {

        public boolean active() {
            return revokedAt == null;
        }
    }

    /** A new source and its key, which is never shown again. */
    public record Created(Source source, String key) {
    }

    public Created create(String name, UUID actor, Locale locale) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 200) {
            throw InvalidInputException.field("name", Messages.text(locale, "crm.leadSource.name"));
        }
        String key = PREFIX + SecretTokens.newToken();
        long id = jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO lead_sources (name, key_prefix, key_hash, created_by)
                VALUES (:name, :prefix, :hash, :actor) RETURNING id""")
                .bind("name", trimmed).bind("prefix", key.substring(0, PREFIX.length() + 6)).bind("hash", hash(key))
                .bind("actor", actor).mapTo(Long.class).one());
        return new Created(require(id), key);
    }

    public List<Source> all() {
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT id, name, key_prefix, created_at, revoked_at, last_used_at FROM lead_sources ORDER BY id")
                .map((rs, ctx) -> source(rs)).list());
    }

    public Source require(long id) {
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT id, name, key_prefix, created_at, revoked_at, last_used_at FROM lead_sources WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> source(rs)).findOne())
                .orElseThrow(() -> NotFoundException.localized("refusal.leadSource.missing", String.valueOf(id)));
    }

    public void revoke(long id) {
        int changed = jdbi.withHandle(handle -> handle.createUpdate(
                "UPDATE lead_sources SET revoked_at = coalesce(revoked_at, now()) WHERE id = :id").bind("id", id)
                .execute());
        found.values().removeIf(remembered -> remembered.source().id() == id);
        if (changed == 0) {
            throw NotFoundException.localized("refusal.leadSource.missing", String.valueOf(id));
        }
    }

    /**
     * The active source a key belongs to; marks it used, to the minute: the time is written when it
     * is older than a minute, so that a website sending many leads does not make every one of them
     * write and commit the source's row (and wait for each other on it).
     *
     * <p>A key found active is taken at its word on this node for a minute without reading it again,
     * so that a lead costs one round trip to PostgreSQL, not two. A revocation still stops the next
     * lead at once, on every node: the lead's own statement writes nothing for a revoked source
     * ({@link LeadIntake#take}), and {@link #revoke} forgets the key here.
     */
    public Optional<Source> authenticate(String key) {
        if (key == null || !key.startsWith(PREFIX) || key.length() > 100) {
            return Optional.empty();
        }
        String hash = hash(key);
        Found remembered = found.get(hash);
        long now = System.nanoTime();
        if (remembered != null && now - remembered.readAt() < TRUSTED_NANOS) {
            return Optional.of(remembered.source());
        }
        Optional<Source> source = read(hash);
        if (source.isPresent()) {
            if (found.size() >= REMEMBERED) {
                found.clear();
            }
            found.put(hash, new Found(source.get(), now));
        } else {
            found.remove(hash);
        }
        return source;
    }

    private Optional<Source> read(String hash) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                WITH found AS (
                    SELECT id, name, key_prefix, created_at, revoked_at, last_used_at FROM lead_sources
                    WHERE key_hash = :hash AND revoked_at IS NULL),
                touched AS (
                    UPDATE lead_sources s SET last_used_at = now() FROM found f
                    WHERE s.id = f.id AND (f.last_used_at IS NULL OR f.last_used_at < now() - interval '1 minute')
                    RETURNING s.id, s.last_used_at)
                SELECT f.id, f.name, f.key_prefix, f.created_at, f.revoked_at,
                       coalesce(t.last_used_at, f.last_used_at) AS last_used_at
                FROM found f LEFT JOIN touched t ON t.id = f.id""")
                .bind("hash", hash).map((rs, ctx) -> source(rs)).findOne());
    }

    private static Source source(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Source(rs.getLong("id"), rs.getString("name"), rs.getString("key_prefix"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("revoked_at") == null ? null : rs.getTimestamp("revoked_at").toInstant(),
                rs.getTimestamp("last_used_at") == null ? null : rs.getTimestamp("last_used_at").toInstant());
    }

    static String hash(String key) {
        return SecretTokens.digest(key);
    }
}
