package org.matricula.api;

import java.util.List;
import java.util.UUID;

/**
 * The person whose data is exported or erased, by every key a plugin may have stored it under.
 *
 * @param accountId          the account's id
 * @param email              the account's address (before an erasure replaces it)
 * @param declarationNumbers the numbers of the account's declarations, e.g. {@code MB-000042}
 * @since 1.1.0
 */
public record DataSubject(UUID accountId, String email, List<String> declarationNumbers) {

    /** @since 1.1.0 */
    public DataSubject {
        declarationNumbers = List.copyOf(declarationNumbers);
    }
}
