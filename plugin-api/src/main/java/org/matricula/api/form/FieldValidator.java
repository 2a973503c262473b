package org.matricula.api.form;

import java.util.Optional;
import org.matricula.api.LocalizedText;

/**
 * A rule on one field's value beyond its type, such as a checksum.
 *
 * @since 1.0.0
 */
@FunctionalInterface
public interface FieldValidator {

    /**
     * @param value the trimmed, non-blank value
     * @return the error message, or empty when the value is fine
     * @since 1.0.0
     */
    Optional<LocalizedText> check(String value);
}
