package org.matricula.platform.accounts;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.matricula.platform.web.SecretTokens;

/** Single-use tokens mailed in links; only their digest is stored. */
final class OneTimeTokens {

    /** What a token is for, and how long it stays valid. */
    enum Purpose {
        VERIFY(Duration.ofHours(48)),
        RESET(Duration.ofHours(1));

        private final Duration validFor;

        Purpose(Duration validFor) {
            this.validFor = validFor;
        }
    }

    private final Clock clock;

    OneTimeTokens(Clock clock) {
        this.clock = clock;
    }

    /**
     * Stores a new token in the caller's transaction and returns it, to be put in a link. Earlier
     * unused tokens of the same purpose stop working: only the newest mail's link is valid, so a
     * link left in an old mail cannot be used later by whoever reads that mail.
     */
    String issue(Handle handle, UUID accountId, Purpose purpose) {
        String token = SecretTokens.newToken();
        voidAll(handle, accountId, purpose);
        handle.attach(TokenDao.class).insert(SecretTokens.digest(token), accountId, purpose.name(),
                clock.instant().plus(purpose.validFor));
        return token;
    }

    /** The account the token was issued to, if it is valid and unused; it is used from now on. */
    Optional<UUID> consume(Handle handle, String token, Purpose purpose) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return handle.attach(TokenDao.class).consume(SecretTokens.digest(token.trim()), purpose.name(),
                clock.instant());
    }

    /** Voids every unused token of the account for that purpose, in the caller's transaction. */
    void voidAll(Handle handle, UUID accountId, Purpose purpose) {
        TokenDao dao = handle.attach(TokenDao.class);
        dao.lockAccount(accountId);
        dao.deleteUnused(accountId, purpose.name());
    }
}
