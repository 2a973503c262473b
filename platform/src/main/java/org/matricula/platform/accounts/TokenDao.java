package org.matricula.platform.accounts;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Reads and writes {@code account_tokens}, keyed by the SHA-256 of the mailed token. */
public interface TokenDao {

    @SqlUpdate("INSERT INTO account_tokens (token_hash, account_id, purpose, expires_at) "
            + "VALUES (:hash, :accountId, :purpose, :expiresAt)")
    void insert(@Bind("hash") String tokenHash, @Bind("accountId") UUID accountId, @Bind("purpose") String purpose,
            @Bind("expiresAt") Instant expiresAt);

    /**
     * Takes the account's row lock, so that two links issued at the same moment for one account
     * are issued one after the other and the later one voids the earlier.
     */
    @SqlQuery("SELECT id FROM accounts WHERE id = :accountId FOR UPDATE")
    Optional<UUID> lockAccount(@Bind("accountId") UUID accountId);

    /** Voids every unused token of the account for that purpose; returns how many there were. */
    @SqlUpdate("DELETE FROM account_tokens WHERE account_id = :accountId AND purpose = :purpose AND used_at IS NULL")
    int deleteUnused(@Bind("accountId") UUID accountId, @Bind("purpose") String purpose);

    /** Marks a valid, unused token used in one statement, so two clicks cannot both spend it. */
    @SqlQuery("UPDATE account_tokens SET used_at = :now WHERE token_hash = :hash AND purpose = :purpose "
            + "AND used_at IS NULL AND expires_at > :now RETURNING account_id")
    Optional<UUID> consume(@Bind("hash") String tokenHash, @Bind("purpose") String purpose, @Bind("now") Instant now);
}
