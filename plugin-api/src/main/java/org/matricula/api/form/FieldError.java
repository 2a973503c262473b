package org.matricula.api.form;

import org.matricula.api.LocalizedText;

/**
 * What is wrong with one field.
 *
 * @param field   the field name
 * @param message the message shown beside the field
 * @since 1.0.0
 */
public record FieldError(String field, LocalizedText message) {
}
