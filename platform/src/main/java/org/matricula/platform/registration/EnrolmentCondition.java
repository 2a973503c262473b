package org.matricula.platform.registration;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * What must hold before a declaration is enrolled, beyond its status (an offer accepted, a first
 * instalment paid): given to {@link Declarations} by the composition root, so that registration
 * knows nothing of the features that decide it.
 */
@FunctionalInterface
public interface EnrolmentCondition {

    /** Nothing more is required. */
    EnrolmentCondition NONE = (declaration, program, locale) -> Optional.empty();

    /** Why the declaration may not be enrolled yet, in {@code locale}; empty when it may. */
    Optional<String> unmet(UUID declaration, long program, Locale locale);
}
