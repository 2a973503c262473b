package org.matricula.platform.accounts;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Reads and writes {@code accounts}; e-mail addresses compare case-insensitively, as the unique index does. */
@RegisterRowMapper(AccountRowMapper.class)
public interface AccountDao {

    String COLUMNS = "id, email, password_hash, role, display_name, locale, verified_at, created_at";

    /** Empty when the address is already taken. */
    @SqlQuery("INSERT INTO accounts (email, password_hash, display_name, locale) "
            + "VALUES (:email, :passwordHash, :displayName, :locale) "
            + "ON CONFLICT (lower(email)) DO NOTHING RETURNING " + COLUMNS)
    Optional<AccountRow> insert(@Bind("email") String email, @Bind("passwordHash") String passwordHash,
            @Bind("displayName") String displayName, @Bind("locale") String locale);

    /** Creates a verified admin, or promotes and re-keys the account that has the address. */
    @SqlQuery("INSERT INTO accounts (email, password_hash, role, display_name, verified_at) "
            + "VALUES (:email, :passwordHash, 'ADMIN', :displayName, :now) "
            + "ON CONFLICT (lower(email)) DO UPDATE SET password_hash = excluded.password_hash, role = 'ADMIN', "
            + "verified_at = coalesce(accounts.verified_at, excluded.verified_at) RETURNING " + COLUMNS)
    AccountRow upsertAdmin(@Bind("email") String email, @Bind("passwordHash") String passwordHash,
            @Bind("displayName") String displayName, @Bind("now") Instant now);

    @SqlQuery("SELECT " + COLUMNS + " FROM accounts WHERE id = :id")
    Optional<AccountRow> find(@Bind("id") UUID id);

    @SqlQuery("SELECT " + COLUMNS + " FROM accounts WHERE lower(email) = lower(:email) AND erased_at IS NULL")
    Optional<AccountRow> findByEmail(@Bind("email") String email);

    @SqlUpdate("UPDATE accounts SET verified_at = coalesce(verified_at, :now) WHERE id = :id")
    void markVerified(@Bind("id") UUID id, @Bind("now") Instant now);

    @SqlUpdate("UPDATE accounts SET password_hash = :passwordHash WHERE id = :id")
    void changePassword(@Bind("id") UUID id, @Bind("passwordHash") String passwordHash);
}
