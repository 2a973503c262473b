package org.matricula.api;

import java.util.List;
import java.util.Map;
import org.matricula.api.form.FieldError;
import org.matricula.api.form.FormModel;
import org.pf4j.ExtensionPoint;

/**
 * A course family: one kind of declaration (application) with its own form, rules and printable
 * declaration. A plugin provides one by annotating an implementation with {@code @Extension}.
 *
 * <p>An implementation may declare a constructor taking a {@link PluginContext}; the platform then
 * passes the plugin's context in. Instances are created once per plugin start and must be
 * thread-safe.
 *
 * @since 1.0.0
 */
public interface CourseFamily extends ExtensionPoint {

    /**
     * A stable identifier, by convention the plugin id (for example {@code digital-chairs}).
     *
     * @since 1.0.0
     */
    String id();

    /** @since 1.0.0 */
    LocalizedText title();

    /**
     * The declaration form, composed mostly of the shared blocks in {@code org.matricula.api.blocks}.
     * The platform renders and validates it; the plugin writes no HTML for the form.
     *
     * @since 1.0.0
     */
    FormModel form();

    /**
     * Cross-field rules beyond the form's declarative ones. Called only when those passed.
     *
     * @return the errors, each naming the field it belongs to; empty when the submission is valid
     * @since 1.0.0
     */
    default List<FieldError> validate(Submission submission) {
        return List.of();
    }

    /**
     * The Mustache HTML template of the printable declaration, as a resource name relative to
     * this class (so it loads through the plugin's own class loader). The template sees
     * {@code family}, {@code program}, {@code number}, {@code submittedAt}, {@code applicant} and
     * every submitted field by name in {@code values}.
     *
     * @since 1.0.0
     */
    default String declarationTemplate() {
        return "declaration.mustache";
    }

    /**
     * Which values prefill the form, given the applicant's saved profile (field name to value).
     * By default every form field marked {@code fromProfile} takes the profile value of the same name.
     *
     * @since 1.0.0
     */
    default Map<String, String> prefill(Map<String, String> profile) {
        return form().prefill(profile);
    }
}
