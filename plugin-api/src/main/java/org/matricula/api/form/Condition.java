package org.matricula.api.form;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A condition on other fields' values that shows or requires a field or section, e.g. "the
 * applicant category is employee". Conditions are data, so the platform can also send them to
 * the browser as JSON.
 *
 * @since 1.0.0
 */
public final class Condition {

    /** @since 1.0.0 */
    public enum Kind { FIELD_IN, CHECKED, FILLED, ALL_OF, ANY_OF, NOT }

    private static final Set<String> CHECKED_VALUES = Set.of("true", "on", "yes");

    private final Kind kind;
    private final String field;
    private final List<String> values;
    private final List<Condition> operands;

    private Condition(Kind kind, String field, List<String> values, List<Condition> operands) {
        this.kind = kind;
        this.field = field;
        this.values = List.copyOf(values);
        this.operands = List.copyOf(operands);
    }

    /** The field's value is one of the given values. @since 1.0.0 */
    public static Condition fieldIn(String field, String... values) {
        return new Condition(Kind.FIELD_IN, field, List.of(values), List.of());
    }

    /** The checkbox field is ticked. @since 1.0.0 */
    public static Condition checked(String field) {
        return new Condition(Kind.CHECKED, field, List.of(), List.of());
    }

    /** The field has a non-blank value. @since 1.0.0 */
    public static Condition filled(String field) {
        return new Condition(Kind.FILLED, field, List.of(), List.of());
    }

    /** @since 1.0.0 */
    public static Condition allOf(Condition... conditions) {
        return new Condition(Kind.ALL_OF, null, List.of(), List.of(conditions));
    }

    /** @since 1.0.0 */
    public static Condition anyOf(Condition... conditions) {
        return new Condition(Kind.ANY_OF, null, List.of(), List.of(conditions));
    }

    /** @since 1.0.0 */
    public static Condition not(Condition condition) {
        return new Condition(Kind.NOT, null, List.of(), List.of(condition));
    }

    /**
     * Whether the condition holds for these values (field name to value). A field mapped to
     * {@code null} counts as not filled in, as in {@link FormModel#validate}.
     *
     * @since 1.0.0
     */
    public boolean test(Map<String, String> formValues) {
        String value = field == null ? null : formValues.get(field);
        value = value == null ? "" : value.trim();
        return switch (kind) {
            case FIELD_IN -> values.contains(value);
            case CHECKED -> CHECKED_VALUES.contains(value.toLowerCase(java.util.Locale.ROOT));
            case FILLED -> !value.isEmpty();
            case ALL_OF -> operands.stream().allMatch(c -> c.test(formValues));
            case ANY_OF -> operands.stream().anyMatch(c -> c.test(formValues));
            case NOT -> !operands.get(0).test(formValues);
        };
    }

    /** @since 1.0.0 */
    public Kind kind() {
        return kind;
    }

    /** The field looked at, or {@code null} for combinations. @since 1.0.0 */
    public String field() {
        return field;
    }

    /** @since 1.0.0 */
    public List<String> values() {
        return values;
    }

    /** @since 1.0.0 */
    public List<Condition> operands() {
        return operands;
    }
}
