package org.matricula.api.form;

/**
 * The kinds of form field the platform renders and checks.
 *
 * @since 1.0.0
 */
public enum FieldType {
    TEXT, TEXTAREA, EMAIL, PHONE, DATE, NUMBER, SELECT, MULTI_SELECT, CHECKBOX, FILE
}
