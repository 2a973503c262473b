package org.matricula.api.form;

import org.matricula.api.LocalizedText;

/**
 * One choice of a select or multi-select field.
 *
 * @param value the stored value
 * @param label what the applicant sees
 * @since 1.0.0
 */
public record Option(String value, LocalizedText label) {

    /** @since 1.0.0 */
    public static Option of(String value, String ru, String en) {
        return new Option(value, LocalizedText.of(ru, en));
    }
}
