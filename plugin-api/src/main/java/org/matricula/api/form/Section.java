package org.matricula.api.form;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.matricula.api.LocalizedText;

/**
 * A titled group of fields, such as a shared block. Immutable; changes return a copy.
 *
 * @since 1.0.0
 */
public final class Section {

    private final String id;
    private final LocalizedText title;
    private final RecordPart part;
    private final List<Field> fields;
    private final Condition visibleWhen;

    private Section(String id, LocalizedText title, RecordPart part, List<Field> fields, Condition visibleWhen) {
        this.id = id;
        this.title = title;
        this.part = part;
        this.fields = List.copyOf(fields);
        this.visibleWhen = visibleWhen;
    }

    /** @since 1.0.0 */
    public static Section of(String id, LocalizedText title, RecordPart part, Field... fields) {
        return new Section(id, title, part, List.of(fields), null);
    }

    /** The whole section shows only while the condition holds. @since 1.0.0 */
    public Section visibleWhen(Condition condition) {
        return new Section(id, title, part, fields, condition);
    }

    /** Every required field of the section becomes required only while the condition holds. @since 1.0.0 */
    public Section requiredWhen(Condition condition) {
        return map(field -> field.isRequired() ? field.requiredWhen(condition) : field);
    }

    /** Every field of the section becomes required. @since 1.0.0 */
    public Section required() {
        return map(Field::required);
    }

    /** Appends fields. @since 1.0.0 */
    public Section with(Field... more) {
        List<Field> all = new ArrayList<>(fields);
        all.addAll(List.of(more));
        return new Section(id, title, part, all, visibleWhen);
    }

    /**
     * Changes one field, e.g. {@code field("position", Field::optional)}.
     *
     * @throws IllegalArgumentException when the section has no such field
     * @since 1.0.0
     */
    public Section field(String name, UnaryOperator<Field> change) {
        if (fields.stream().noneMatch(field -> field.name().equals(name))) {
            throw new IllegalArgumentException("Section '" + id + "' has no field '" + name + "'");
        }
        return map(field -> field.name().equals(name) ? change.apply(field) : field);
    }

    /** Drops fields by name. @since 1.0.0 */
    public Section without(String... names) {
        Set<String> dropped = Set.copyOf(Arrays.asList(names));
        return new Section(id, title, part, fields.stream().filter(f -> !dropped.contains(f.name())).toList(),
                visibleWhen);
    }

    private Section map(UnaryOperator<Field> change) {
        return new Section(id, title, part, fields.stream().map(change).toList(), visibleWhen);
    }

    /** @since 1.0.0 */
    public String id() {
        return id;
    }

    /** @since 1.0.0 */
    public LocalizedText title() {
        return title;
    }

    /** @since 1.0.0 */
    public RecordPart part() {
        return part;
    }

    /** @since 1.0.0 */
    public List<Field> fields() {
        return fields;
    }

    /** The condition showing the section, or {@code null} when always shown. @since 1.0.0 */
    public Condition visibleWhen() {
        return visibleWhen;
    }
}
