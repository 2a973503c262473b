package org.matricula.platform.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.families.Families;
import org.matricula.platform.web.Language;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.Views;

/** Renders the admin's project list and project edit pages, with typed values and field messages. */
final class ProjectPages {

    /** A row of the admin's project list: the name in the reader's language, the last day as the language writes dates. */
    record ListedProject(long id, String slug, String name, String familyId, boolean active, String openUntil) {

        static ListedProject of(Project project, Locale locale) {
            return new ListedProject(project.id(), project.slug(), project.in(locale).name(), project.familyId(),
                    project.active(), TimeDisplay.date(locale, project.openUntil()));
        }
    }

    private final Catalog catalog;
    private final Families families;
    private final Views views;

    ProjectPages(Catalog catalog, Families families, Views views) {
        this.catalog = catalog;
        this.families = families;
        this.views = views;
    }

    String list(CurrentUser user, Locale locale, ProjectForm form, Map<String, String> errors) {
        Page page = Page.of(Messages.text(locale, "admin.projects.title"), locale, user)
                .with("projects", catalog.projects().stream().map(project -> ListedProject.of(project, locale)).toList());
        return views.render("admin-projects", withForm(page, form, errors, locale).scope());
    }

    String edit(CurrentUser user, Locale locale, Project project, ProjectForm form, Map<String, String> errors) {
        List<Program> linked = catalog.programsOf(project.id());
        Set<Long> linkedIds = linked.stream().map(Program::id).collect(Collectors.toSet());
        List<Program> addable = catalog.programs().stream().filter(p -> !linkedIds.contains(p.id()))
                .map(program -> program.in(locale)).toList();
        Page page = Page.of(project.in(locale).name(), locale, user)
                .with("project", project.in(locale))
                .with("linked", linked.stream().map(program -> program.in(locale)).toList())
                .with("addable", addable).with("anyAddable", !addable.isEmpty());
        return views.render("admin-project", withForm(page, form, errors, locale).scope());
    }

    private Page withForm(Page page, ProjectForm form, Map<String, String> errors, Locale locale) {
        return page.with("values", form.values()).with("activeChecked", form.active())
                .with("nameFields", LanguageFields.of("names", form.values(), errors))
                .with("descriptionFields", LanguageFields.of("descriptions", form.values(), errors))
                .with("families", familyOptions(form.familyId(), locale))
                .with("errors", errors).with("invalid", !errors.isEmpty());
    }

    /** The live families; a project's family that is no longer live stays selectable, so a save keeps it. */
    private List<Map<String, Object>> familyOptions(String selected, Locale locale) {
        List<Map<String, Object>> options = new ArrayList<>();
        families.all().forEach(family -> options.add(option(family.id(),
                family.title().in(locale) + " (" + family.id() + ")", family.id().equals(selected))));
        boolean known = options.stream().anyMatch(option -> option.get("id").equals(selected));
        if (!selected.isEmpty() && !known) {
            options.add(option(selected, selected + " (" + Messages.text(locale, "admin.projects.notLive") + ")", true));
        }
        return options;
    }

    private static Map<String, Object> option(String id, String title, boolean selected) {
        Map<String, Object> option = new HashMap<>();
        option.put("id", id);
        option.put("title", title);
        option.put("selected", selected);
        return option;
    }
}
