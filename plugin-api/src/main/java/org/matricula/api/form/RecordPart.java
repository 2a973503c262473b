package org.matricula.api.form;

/**
 * Which part of the stored structured record a section's values belong to.
 *
 * @since 1.0.0
 */
public enum RecordPart {
    /** Personal data: names, birth date, contacts, documents. */
    PERSONAL,
    /** Data for the dean's office: category, education, studies, employment. */
    DEAN_OFFICE,
    /** The course family's own fields. */
    FAMILY
}
