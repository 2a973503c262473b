package org.matricula.api.form;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The errors found in a submission; valid when there are none.
 *
 * @since 1.0.0
 */
public final class ValidationResult {

    private static final ValidationResult OK = new ValidationResult(List.of());
    private final List<FieldError> errors;

    private ValidationResult(List<FieldError> errors) {
        this.errors = List.copyOf(errors);
    }

    /** @since 1.0.0 */
    public static ValidationResult ok() {
        return OK;
    }

    /** @since 1.0.0 */
    public static ValidationResult of(List<FieldError> errors) {
        return errors.isEmpty() ? OK : new ValidationResult(errors);
    }

    /** @since 1.0.0 */
    public List<FieldError> errors() {
        return errors;
    }

    /** @since 1.0.0 */
    public boolean isValid() {
        return errors.isEmpty();
    }

    /** @since 1.0.0 */
    public Optional<FieldError> errorFor(String field) {
        return errors.stream().filter(error -> error.field().equals(field)).findFirst();
    }

    /**
     * This result with more errors added.
     *
     * @since 1.0.0
     */
    public ValidationResult and(List<FieldError> more) {
        List<FieldError> all = new ArrayList<>(errors);
        all.addAll(more);
        return of(all);
    }

    @Override
    public String toString() {
        return errors.toString();
    }
}
