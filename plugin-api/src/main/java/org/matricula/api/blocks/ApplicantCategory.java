package org.matricula.api.blocks;

import java.util.Arrays;
import java.util.Locale;
import org.matricula.api.LocalizedText;
import org.matricula.api.form.Condition;

/**
 * Who is applying. The category drives which blocks a form shows: student data for students,
 * employment for employees.
 *
 * @since 1.0.0
 */
public enum ApplicantCategory {
    OWN_STUDENT("Студент университета", "Student of the university"),
    OTHER_STUDENT("Студент другого вуза", "Student of another university"),
    OWN_EMPLOYEE("Сотрудник университета", "University employee"),
    EXTERNAL_EMPLOYEE("Сотрудник другой организации", "Employee of another organization"),
    OTHER("Другое", "Other");

    /** The name of the category field in every form. */
    public static final String FIELD = "category";

    private final LocalizedText label;

    ApplicantCategory(String ru, String en) {
        this.label = LocalizedText.of(ru, en);
    }

    /** The stored value, e.g. {@code own_student}. @since 1.0.0 */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @since 1.0.0 */
    public LocalizedText label() {
        return label;
    }

    /** @since 1.0.0 */
    public boolean isStudent() {
        return this == OWN_STUDENT || this == OTHER_STUDENT;
    }

    /** @since 1.0.0 */
    public boolean isEmployee() {
        return this == OWN_EMPLOYEE || this == EXTERNAL_EMPLOYEE;
    }

    /** The applicant is of one of these categories. @since 1.0.0 */
    public static Condition is(ApplicantCategory... categories) {
        return Condition.fieldIn(FIELD, Arrays.stream(categories).map(ApplicantCategory::code).toArray(String[]::new));
    }
}
