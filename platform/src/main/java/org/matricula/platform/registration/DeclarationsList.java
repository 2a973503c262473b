package org.matricula.platform.registration;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.accounts.Scopes;
import org.matricula.api.CourseFamily;
import org.matricula.api.blocks.ApplicantCategory;
import org.matricula.api.form.Field;
import org.matricula.api.form.FieldType;
import org.matricula.api.form.Section;
import org.matricula.platform.i18n.Label;
import org.matricula.platform.families.Families;
import org.matricula.platform.lists.AdminList;
import org.matricula.platform.lists.ListColumn;
import org.matricula.platform.lists.ListDefinition;
import org.matricula.platform.lists.ListFilter;
import org.matricula.platform.lists.ListFilter.Kind;
import org.matricula.platform.lists.ListScreen;
import org.matricula.platform.web.Views;

/**
 * The registrations list of the administration: every stored column of a declaration plus one
 * column per form field of each live family, so its columns follow the plugins installed.
 */
public final class DeclarationsList implements Supplier<ListDefinition> {

    // Field names are checked by the plugin API already; checking again keeps the quoting below safe on its own.
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final String JOINS = "JOIN projects pr ON pr.id = d.project_id"
            + " JOIN programs pg ON pg.id = d.program_id";

    private final Families families;

    public DeclarationsList(Families families) {
        this.families = families;
    }

    public static AdminList adminList(Jdbi jdbi, Families families, Views views, Clock clock, Scopes scopes) {
        return new AdminList(new DeclarationsList(families), new ListScreen("/admin/declarations", "registrations",
                Label.of("lists.declarations.title"), "/admin/declarations/", List.of(
                        new ListScreen.RowAction("open", Label.of("lists.declarations.open"), "/admin/declarations/", ""),
                        new ListScreen.RowAction("pdf", Label.of("lists.declarations.pdf"), "/admin/declarations/",
                                "/pdf")), bulkStatuses()), jdbi, views, clock,
                scopes::of);
    }

    /** The statuses a declaration can be moved to by staff, in their natural order: the bulk change offers them. */
    static List<ListFilter.Option> bulkStatuses() {
        return Arrays.stream(Status.values())
                .filter(status -> Arrays.stream(Status.values()).anyMatch(from -> from.next().contains(status)))
                .map(status -> new ListFilter.Option(status.name(), status.label())).toList();
    }

    @Override
    public ListDefinition get() {
        // The stored columns and the catalog's names are NOT NULL; form fields may be missing.
        List<ListColumn> columns = new ArrayList<>(Stream.of(
                ListColumn.of("number", Label.of("lists.declarations.number"), "d.number"),
                ListColumn.timestamp("submitted_at", Label.of("lists.declarations.submitted"), "d.submitted_at"),
                ListColumn.of("status", Label.of("lists.declarations.status"), "d.status")
                        .labelledBy("status.", Arrays.stream(Status.values()).map(Status::name).toList()),
                ListColumn.perLanguage("project", Label.of("lists.declarations.project"), "pr.name_i18n", "pr.name"),
                ListColumn.perLanguage("program", Label.of("lists.declarations.program"), "pg.name_i18n", "pg.name"),
                ListColumn.of("full_name", Label.of("lists.declarations.fullName"), "d.full_name"),
                ListColumn.of("email", Label.of("lists.declarations.email"), "d.email"),
                ListColumn.of("category", Label.of("lists.declarations.category"), "d.category")
                        .labelledBy(categoryLabels()),
                ListColumn.of("family", Label.of("lists.declarations.courseFamily"), "d.family_id"))
                .map(ListColumn::notNull).toList());
        columns.addAll(formFieldColumns());
        return new ListDefinition("declarations", "declarations d", JOINS, "d.id", columns, List.of("number",
                "submitted_at", "status", "project", "program", "full_name", "email", "category"), "submitted_at", true,
                filters(),
                List.of("d.full_name", "d.email", "d.number"));
    }

    private static Map<String, Label> categoryLabels() {
        Map<String, Label> labels = new LinkedHashMap<>();
        for (ApplicantCategory category : ApplicantCategory.values()) {
            labels.put(category.code(), category.label()::in);
        }
        return labels;
    }

    /** One column per form field, grouped in the column chooser by the form section it is in; a choice shows its option's name. */
    private List<ListColumn> formFieldColumns() {
        Map<String, ListColumn> byName = new LinkedHashMap<>();
        for (CourseFamily family : families.all()) {
            for (Section section : family.form().sections()) {
                for (Field field : section.fields()) {
                    if (FIELD_NAME.matcher(field.name()).matches() && !byName.containsKey(field.name())) {
                        ListColumn column = ListColumn.of("field." + field.name(), field.label()::in,
                                "d.values ->> '" + field.name() + "'");
                        if (section.title() != null) {
                            column = column.in(section.title()::in);
                        }
                        if (field.type() == FieldType.SELECT && !field.options().isEmpty()) {
                            Map<String, Label> options = new LinkedHashMap<>();
                            field.options().forEach(option -> options.put(option.value(), option.label()::in));
                            column = column.labelledBy(options);
                        }
                        byName.put(field.name(), column);
                    }
                }
            }
        }
        return List.copyOf(byName.values());
    }

    private static List<ListFilter> filters() {
        return List.of(
                ListFilter.of("project", Label.of("lists.declarations.project"), Kind.NUMBER, "d.project_id = :f_project")
                        .withChoices("""
                                SELECT pr.id::text, COALESCE(NULLIF(pr.name_i18n ->> :list_lang, ''), pr.name) AS shown
                                FROM projects pr WHERE <projectScope> ORDER BY shown"""),
                ListFilter.of("program", Label.of("lists.declarations.program"), Kind.NUMBER, "d.program_id = :f_program")
                        .withChoices("""
                                SELECT pg.id::text, COALESCE(NULLIF(pg.name_i18n ->> :list_lang, ''), pg.name) AS shown
                                FROM programs pg
                                WHERE EXISTS (SELECT 1 FROM project_programs pp JOIN projects pr ON pr.id = pp.project_id
                                              WHERE pp.program_id = pg.id AND <projectScope>)
                                ORDER BY shown"""),
                ListFilter.anyOf("status", Label.of("lists.declarations.status"), "d.status = ANY(:f_status)",
                        Arrays.stream(Status.values()).map(Status::name).toList())
                        .withOptions(Arrays.stream(Status.values())
                                .map(status -> new ListFilter.Option(status.name(), status.label())).toList()),
                ListFilter.of("from", Label.of("lists.declarations.submittedFrom"), Kind.DATE, "d.submitted_at >= :f_from"),
                ListFilter.of("to", Label.of("lists.declarations.submittedUntil"), Kind.DATE,
                        "d.submitted_at < CAST(:f_to AS date) + 1"),
                // plugin-api fixes the categories: listed from there, not found by reading every declaration.
                ListFilter.of("category", Label.of("lists.declarations.category"), Kind.TEXT, "d.category = :f_category")
                        .withOptions(Arrays.stream(ApplicantCategory.values())
                                .map(category -> new ListFilter.Option(category.code(), category.label()::in)).toList()));
    }

}
