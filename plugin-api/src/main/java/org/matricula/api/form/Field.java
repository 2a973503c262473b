package org.matricula.api.form;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.matricula.api.LocalizedText;

/**
 * One field of a declaration form. Immutable: every {@code with}-style method returns a changed
 * copy, so blocks can be adjusted by a plugin without affecting other plugins.
 *
 * @since 1.0.0
 */
public final class Field {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    /** The mutable state behind a field, copied on every change. */
    private static final class Spec implements Cloneable {
        String name;
        FieldType type;
        LocalizedText label;
        LocalizedText help;
        boolean required;
        Condition requiredWhen;
        Condition visibleWhen;
        String pattern;
        LocalizedText patternMessage;
        Long min;
        Long max;
        boolean wholeNumber;
        Integer minLength;
        Integer maxLength;
        List<Option> options = List.of();
        List<FieldValidator> validators = List.of();
        boolean fromProfile;

        Spec copy() {
            try {
                return (Spec) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private final Spec spec;

    private Field(Spec spec) {
        this.spec = spec;
    }

    private static Field create(String name, FieldType type, List<Option> options) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid field name '" + name
                    + "': use letters, digits and underscores, starting with a letter");
        }
        Spec spec = new Spec();
        spec.name = name;
        spec.type = type;
        spec.label = LocalizedText.of(name, name);
        spec.options = List.copyOf(options);
        return new Field(spec);
    }

    private Field edit(Consumer<Spec> change) {
        Spec copy = spec.copy();
        change.accept(copy);
        return new Field(copy);
    }

    /** @since 1.0.0 */
    public static Field text(String name) {
        return create(name, FieldType.TEXT, List.of());
    }

    /** @since 1.0.0 */
    public static Field textarea(String name) {
        return create(name, FieldType.TEXTAREA, List.of());
    }

    /** @since 1.0.0 */
    public static Field email(String name) {
        return create(name, FieldType.EMAIL, List.of());
    }

    /** @since 1.0.0 */
    public static Field phone(String name) {
        return create(name, FieldType.PHONE, List.of());
    }

    /** @since 1.0.0 */
    public static Field date(String name) {
        return create(name, FieldType.DATE, List.of());
    }

    /** @since 1.0.0 */
    public static Field number(String name) {
        return create(name, FieldType.NUMBER, List.of());
    }

    /**
     * A whole number, e.g. {@code Field.integer("places", LocalizedText.of("Мест", "Places")).min(0).max(50)};
     * a fraction such as {@code 5.5} is refused with a message naming the field.
     *
     * @since 1.1.0
     */
    public static Field integer(String name, LocalizedText label) {
        return create(name, FieldType.NUMBER, List.of()).label(label).edit(s -> s.wholeNumber = true);
    }

    /** @since 1.0.0 */
    public static Field select(String name, Option... options) {
        return create(name, FieldType.SELECT, List.of(options));
    }

    /** @since 1.0.0 */
    public static Field select(String name, List<Option> options) {
        return create(name, FieldType.SELECT, options);
    }

    /** @since 1.0.0 */
    public static Field multiSelect(String name, Option... options) {
        return create(name, FieldType.MULTI_SELECT, List.of(options));
    }

    /** @since 1.0.0 */
    public static Field multiSelect(String name, List<Option> options) {
        return create(name, FieldType.MULTI_SELECT, options);
    }

    /** @since 1.0.0 */
    public static Field checkbox(String name) {
        return create(name, FieldType.CHECKBOX, List.of());
    }

    /** @since 1.0.0 */
    public static Field file(String name) {
        return create(name, FieldType.FILE, List.of());
    }

    /** @since 1.0.0 */
    public Field label(String ru, String en) {
        return edit(s -> s.label = LocalizedText.of(ru, en));
    }

    /** @since 1.0.0 */
    public Field help(String ru, String en) {
        return edit(s -> s.help = LocalizedText.of(ru, en));
    }

    /**
     * The label in any set of languages, for example from the plugin's {@code PluginMessages}.
     *
     * @since 1.1.0
     */
    public Field label(LocalizedText label) {
        Objects.requireNonNull(label, "label");
        return edit(s -> s.label = label);
    }

    /**
     * The help text in any set of languages.
     *
     * @since 1.1.0
     */
    public Field help(LocalizedText help) {
        Objects.requireNonNull(help, "help");
        return edit(s -> s.help = help);
    }

    /** @since 1.0.0 */
    public Field required() {
        return edit(s -> {
            s.required = true;
            s.requiredWhen = null;
        });
    }

    /** @since 1.0.0 */
    public Field optional() {
        return edit(s -> {
            s.required = false;
            s.requiredWhen = null;
        });
    }

    /** Required only while the condition holds. @since 1.0.0 */
    public Field requiredWhen(Condition condition) {
        return edit(s -> {
            s.required = false;
            s.requiredWhen = condition;
        });
    }

    /** Shown (and validated, and stored) only while the condition holds. @since 1.0.0 */
    public Field visibleWhen(Condition condition) {
        return edit(s -> s.visibleWhen = condition);
    }

    /**
     * Shown and required while the condition holds, hidden (neither checked nor stored) otherwise:
     * {@code visibleWhen(condition).requiredWhen(condition)} in one, the usual case of a follow-up
     * question. The form marks the field required as soon as the condition holds.
     *
     * @since 1.1.0
     */
    public Field when(Condition condition) {
        return visibleWhen(condition).requiredWhen(condition);
    }

    /** @since 1.0.0 */
    public Field pattern(String regex, LocalizedText message) {
        Pattern.compile(regex);
        return edit(s -> {
            s.pattern = regex;
            s.patternMessage = message;
        });
    }

    /** Smallest allowed number. @since 1.0.0 */
    public Field min(long min) {
        return edit(s -> s.min = min);
    }

    /** Largest allowed number. @since 1.0.0 */
    public Field max(long max) {
        return edit(s -> s.max = max);
    }

    /** Fewest characters. @since 1.0.0 */
    public Field minLength(int length) {
        return edit(s -> s.minLength = length);
    }

    /** Most characters. @since 1.0.0 */
    public Field maxLength(int length) {
        return edit(s -> s.maxLength = length);
    }

    /** Adds a rule; several may be added and run in order. @since 1.0.0 */
    public Field validator(FieldValidator validator) {
        return edit(s -> {
            List<FieldValidator> all = new ArrayList<>(s.validators);
            all.add(validator);
            s.validators = List.copyOf(all);
        });
    }

    /** The field prefills from, and saves to, the applicant's profile under its name. @since 1.0.0 */
    public Field fromProfile() {
        return edit(s -> s.fromProfile = true);
    }

    /** @since 1.0.0 */
    public String name() {
        return spec.name;
    }

    /** @since 1.0.0 */
    public FieldType type() {
        return spec.type;
    }

    /** @since 1.0.0 */
    public LocalizedText label() {
        return spec.label;
    }

    /** The help text, or {@code null}. @since 1.0.0 */
    public LocalizedText help() {
        return spec.help;
    }

    /** Whether the field is always required. @since 1.0.0 */
    public boolean isRequired() {
        return spec.required;
    }

    /** The condition making it required, or {@code null}. @since 1.0.0 */
    public Condition requiredWhen() {
        return spec.requiredWhen;
    }

    /** The condition showing it, or {@code null} when always shown. @since 1.0.0 */
    public Condition visibleWhen() {
        return spec.visibleWhen;
    }

    /** The regular expression the whole value must match, or {@code null}. @since 1.0.0 */
    public String pattern() {
        return spec.pattern;
    }

    /** @since 1.0.0 */
    public LocalizedText patternMessage() {
        return spec.patternMessage;
    }

    /** The smallest allowed number, or {@code null}. @since 1.0.0 */
    public Long min() {
        return spec.min;
    }

    /** The largest allowed number, or {@code null}. @since 1.0.0 */
    public Long max() {
        return spec.max;
    }

    /** Whether only whole numbers are accepted; see {@link #integer}. @since 1.1.0 */
    public boolean isWholeNumber() {
        return spec.wholeNumber;
    }

    /** @since 1.0.0 */
    public Integer minLength() {
        return spec.minLength;
    }

    /** @since 1.0.0 */
    public Integer maxLength() {
        return spec.maxLength;
    }

    /** @since 1.0.0 */
    public List<Option> options() {
        return spec.options;
    }

    /** @since 1.0.0 */
    public List<FieldValidator> validators() {
        return spec.validators;
    }

    /** @since 1.0.0 */
    public boolean isFromProfile() {
        return spec.fromProfile;
    }

    @Override
    public String toString() {
        return "Field[" + spec.name + ":" + spec.type + "]";
    }
}
