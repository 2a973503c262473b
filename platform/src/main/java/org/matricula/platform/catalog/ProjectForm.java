package org.matricula.platform.catalog;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.LinkedHashMap;
import java.util.Map;

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
        values.put("name", project.name());
        values.put("description", project.description());
        values.put("familyId", project.familyId());
        values.put("digestRecipients", project.digestRecipients());
        values.put("openUntil", project.openUntil() == null ? "" : project.openUntil().toString());
        return new ProjectForm(values, project.active());
    }

    static ProjectForm posted(MultivaluedMap<String, String> posted) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : new String[] {"slug", "name", "description", "familyId", "digestRecipients", "openUntil"}) {
            values.put(field, posted.getFirst(field) == null ? "" : posted.getFirst(field));
        }
        // An unticked checkbox is simply absent from the post.
        return new ProjectForm(values, posted.containsKey("active"));
    }

    ProjectInput input() {
        return new ProjectInput(values.get("slug"), values.get("name"), values.get("description"),
                values.get("familyId"), active, values.get("digestRecipients"), values.get("openUntil"));
    }

    String familyId() {
        return values.getOrDefault("familyId", "");
    }
}
