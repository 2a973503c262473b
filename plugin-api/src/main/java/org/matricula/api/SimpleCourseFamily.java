package org.matricula.api;

import org.matricula.api.form.FormModel;

/**
 * A course family whose id, title and form are fixed when it is made: a plugin passes them to
 * the constructor and overrides only what it adds (cross-field rules, prefill, template).
 *
 * @since 1.0.0
 */
public abstract class SimpleCourseFamily implements CourseFamily {

    private final String id;
    private final LocalizedText title;
    private final FormModel form;

    /** @since 1.0.0 */
    protected SimpleCourseFamily(String id, LocalizedText title, FormModel form) {
        this.id = id;
        this.title = title;
        this.form = form;
    }

    /** @since 1.0.0 */
    @Override
    public final String id() {
        return id;
    }

    /** @since 1.0.0 */
    @Override
    public final LocalizedText title() {
        return title;
    }

    /** @since 1.0.0 */
    @Override
    public final FormModel form() {
        return form;
    }
}
