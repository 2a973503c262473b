package org.matricula.api.web;

import java.util.UUID;

/**
 * Who is signed in on a request to a plugin route.
 *
 * @since 1.2.0
 */
public record Caller(UUID accountId, String email, String displayName, Role role) {
}
