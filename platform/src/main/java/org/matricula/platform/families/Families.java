package org.matricula.platform.families;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.matricula.api.CourseFamily;
import org.matricula.api.LocalizedText;
import org.matricula.api.Submission;
import org.matricula.api.SubmissionFilter;
import org.matricula.api.form.Condition;
import org.matricula.api.form.Field;
import org.matricula.api.form.FieldError;
import org.matricula.api.form.FieldType;
import org.matricula.api.form.FormModel;
import org.matricula.api.form.ValidationResult;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.plugins.PluginService;
import org.matricula.platform.web.ForbiddenCharacters;

/**
 * The live course families and the full check of a declaration: the form's declarative rules,
 * then the family's cross-field rules, then every applicable submission filter.
 */
public final class Families {

    private final PluginService plugins;

    public Families(PluginService plugins) {
        this.plugins = plugins;
    }

    public List<CourseFamily> all() {
        return plugins.extensions(CourseFamily.class);
    }

    public Optional<CourseFamily> find(String id) {
        return all().stream().filter(family -> family.id().equals(id)).findFirst();
    }

    /** The version of the plugin that supplies this family; empty for a family not loaded from a plugin. */
    public String versionOf(CourseFamily family) {
        return plugins.pluginVersionOf(family).orElse("");
    }

    /**
     * Calls {@code listener} with each family and its plugin's version whenever a plugin goes live,
     * and at once for the families live now.
     */
    public void whenLive(BiConsumer<CourseFamily, String> listener) {
        plugins.whenStarted((pluginId, version) -> plugins.extensionsOf(CourseFamily.class, pluginId)
                .forEach(family -> listener.accept(family, version)));
    }

    /**
     * Checks a declaration and returns the values worth storing (visible fields only). A value
     * holding characters that could neither be stored nor printed is refused at its field, whatever
     * the form's own rules for it say, as no plugin is trusted to refuse them.
     *
     * @throws InvalidInputException with a message per field when anything is wrong
     */
    public Map<String, String> check(CourseFamily family, String programCode, Map<String, String> values,
            Locale locale) {
        ValidationResult result = family.form().validate(values);
        Map<String, String> kept = ticksAsTrue(family.form(), family.form().visibleValues(values));
        List<Problem.FieldProblem> unprintable = unprintable(kept, locale);
        if (result.isValid() && unprintable.isEmpty()) {
            result = result.and(family.validate(new Submission(family.id(), programCode, kept, locale)));
        }
        if (!result.isValid() || !unprintable.isEmpty()) {
            List<Problem.FieldProblem> problems = new ArrayList<>(unprintable);
            result.errors().stream().filter(error -> !kept.containsKey(error.field())
                            || !ForbiddenCharacters.in(kept.get(error.field())))
                    .map(error -> problem(error, locale)).forEach(problems::add);
            throw new InvalidInputException(Messages.text(locale, "form.checkFormFields"), problems);
        }
        Submission submission = new Submission(family.id(), programCode, kept, locale);
        for (SubmissionFilter filter : plugins.extensions(SubmissionFilter.class)) {
            Optional<LocalizedText> refusal = filter.appliesTo(family.id()) ? filter.refuse(submission)
                    : Optional.empty();
            if (refusal.isPresent()) {
                throw InvalidInputException.field("program", refusal.get().in(locale));
            }
        }
        return kept;
    }

    /**
     * A ticked checkbox is stored as {@code true} and an unticked one not at all, however it was
     * sent ({@code on} by a browser, {@code "false"} or {@code "no"} over JSON), so that a template's
     * {@code {{#values.x}}} and every reader of the stored values see one meaning.
     */
    static Map<String, String> ticksAsTrue(FormModel form, Map<String, String> kept) {
        Map<String, String> normalized = new LinkedHashMap<>(kept);
        for (Field field : form.fields()) {
            if (field.type() == FieldType.CHECKBOX && normalized.containsKey(field.name())) {
                if (Condition.checked(field.name()).test(normalized)) {
                    normalized.put(field.name(), "true");
                } else {
                    normalized.remove(field.name());
                }
            }
        }
        return normalized;
    }

    /** A problem for each value holding characters that can be neither stored nor printed. */
    private static List<Problem.FieldProblem> unprintable(Map<String, String> values, Locale locale) {
        return values.entrySet().stream().filter(value -> ForbiddenCharacters.in(value.getValue()))
                .map(value -> new Problem.FieldProblem(value.getKey(), Messages.text(locale, "form.forbiddenCharacters")))
                .toList();
    }

    private static Problem.FieldProblem problem(FieldError error, Locale locale) {
        return new Problem.FieldProblem(error.field(), error.message().in(locale));
    }
}
