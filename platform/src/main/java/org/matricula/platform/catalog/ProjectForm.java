package org.matricula.platform.catalog;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.matricula.platform.i18n.Messages;

/**
 * The project edit form as typed: what a posted form becomes for {@link Catalog}, and what a
 * stored project or a rejected post shows again in the form's fields.
 */
record ProjectForm(Map<String, String> values, boolean active) {

    /** A new project starts active. */
    static ProjectForm empty() {
        return new ProjectForm(Map.of(), true);
    }

    static ProjectForm of(Project project) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("slug", project.slug());
        LanguageFields.show(project.names(), "names", values);
        LanguageFields.show(project.descriptions(), "descriptions", values);
        values.put("familyId", project.familyId());
        values.put("digestRecipients", project.digestRecipients());
        values.put("openUntil", project.openUntil() == null ? "" : project.openUntil().toString());
        return new ProjectForm(values, project.active());
    }

    static ProjectForm posted(MultivaluedMap<String, String> posted) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : new String[] {"slug", "familyId", "digestRecipients", "openUntil"}) {
            values.put(field, posted.getFirst(field) == null ? "" : posted.getFirst(field));
        }
        readTexts(posted, values);
        // An unticked checkbox is simply absent from the post.
        return new ProjectForm(values, posted.containsKey("active"));
    }

    ProjectInput input() {
        // The form gives names and descriptions per language only (see readTexts).
        return new ProjectInput(values.get("slug"), null, null,
                values.get("familyId"), active, values.get("digestRecipients"), values.get("openUntil"),
                LanguageFields.texts(values, "names"), LanguageFields.texts(values, "descriptions"));
    }

    /**
     * The name and description inputs per language. The single inputs a form of the first release
     * posts ({@code name}) stand for the default language's, unless that one is posted too.
     */
    static void readTexts(MultivaluedMap<String, String> posted, Map<String, String> values) {
        LanguageFields.read(posted, "names", values);
        LanguageFields.read(posted, "descriptions", values);
        String defaultLanguage = Messages.RUSSIAN.getLanguage();
        for (String[] single : new String[][] {{"name", "names"}, {"description", "descriptions"}}) {
            String perLanguage = single[1] + "." + defaultLanguage;
            if (posted.containsKey(single[0]) && !values.containsKey(perLanguage)) {
                values.put(perLanguage, posted.getFirst(single[0]) == null ? "" : posted.getFirst(single[0]));
            }
        }
    }

    String familyId() {
        return values.getOrDefault("familyId", "");
    }
}
