package org.matricula.platform.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.Views;

/** Renders the admin's program list and program edit pages, with typed values and field messages. */
final class ProgramPages {

    private final Catalog catalog;
    private final Views views;

    ProgramPages(Catalog catalog, Views views) {
        this.catalog = catalog;
        this.views = views;
    }

    String list(CurrentUser user, Locale locale, ProgramForm form, Map<String, String> errors) {
        List<ProgramJson> programs = catalog.withDeclarationCounts(catalog.programs()).stream()
                .map(program -> ProgramJson.of(program.in(locale))).toList();
        Page page = Page.of(Messages.text(locale, "admin.programs.title"), locale, user).with("programs", programs);
        return views.render("admin-programs", withForm(page, form, errors).scope());
    }

    String edit(CurrentUser user, Locale locale, Program program, ProgramForm form, Map<String, String> errors) {
        Program counted = catalog.withDeclarationCounts(List.of(program)).get(0);
        String curator = catalog.curators().of(program.id()).map(Object::toString).orElse("");
        Page page = Page.of(program.in(locale).name(), locale, user).with("program", ProgramJson.of(counted.in(locale)))
                .with("curators", catalog.curators().choices().stream().map(choice -> Map.of("value",
                        choice.id().toString(), "label", choice.email(), "selected",
                        choice.id().toString().equals(curator))).toList());
        return views.render("admin-program", withForm(page, form, errors).scope());
    }

    private static Page withForm(Page page, ProgramForm form, Map<String, String> errors) {
        return page.with("values", form.values()).with("activeChecked", form.active())
                .with("nameFields", LanguageFields.of("names", form.values(), errors))
                .with("descriptionFields", LanguageFields.of("descriptions", form.values(), errors))
                .with("waitlistChecked", form.waitlist()).with("errors", errors).with("invalid", !errors.isEmpty());
    }
}
