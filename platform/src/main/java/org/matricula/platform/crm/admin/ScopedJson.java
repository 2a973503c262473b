package org.matricula.platform.crm.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matricula.platform.crm.organizations.Coordinators;
import org.matricula.platform.crm.persons.Person;
import org.matricula.platform.crm.xapi.LearningRecord;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.CurrentUser;

/**
 * The CRM's JSON for those who see part of it, holding exactly what their pages show: a project
 * admin the persons list's columns and the read-only card (name, stage, contacts, declarations to
 * their projects); a coordinator their organizations' members with progress, and a member's courses.
 */
final class ScopedJson {

    /** Persons per page of the JSON list when the caller does not say. */
    static final int PAGE_SIZE = 50;

    private ScopedJson() {
    }

    static Map<String, Object> list(PersonAccess access, Coordinators coordinators, CurrentUser user, Integer page, Integer size,
            Locale locale) {
        if (user.role() == CurrentUser.Role.COORDINATOR) {
            List<Map<String, Object>> persons = new ArrayList<>();
            for (Coordinators.Overview organization : coordinators.overview(user.id())) {
                for (Coordinators.Learner learner : organization.learners()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", learner.personId().toString());
                    row.put("fullName", learner.name());
                    row.put("stage", learner.stage());
                    row.put("organization", Map.of("id", organization.id(), "name", organization.name()));
                    row.put("courses", learner.courses());
                    row.put("completed", learner.completed());
                    row.put("progress", learner.averageProgress());
                    row.put("hours", learner.hours());
                    persons.add(row);
                }
            }
            return Map.of("persons", persons);
        }
        int pageSize = size == null ? PAGE_SIZE : size;
        if (pageSize < 1 || pageSize > 500) {
            throw InvalidInputException.field("size", Messages.text(locale, "crm.timeline.size"));
        }
        int number = page == null ? 0 : page;
        if (number < 0) {
            throw InvalidInputException.field("page", Messages.text(locale, "crm.timeline.page"));
        }
        List<Map<String, Object>> rows = access.page(user, number, pageSize);
        boolean more = rows.size() > pageSize;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("page", number);
        body.put("size", pageSize);
        body.put("more", more);
        body.put("persons", more ? rows.subList(0, pageSize) : rows);
        return body;
    }

    static Map<String, Object> forProjectAdmin(Person person, List<Person.DeclarationLink> declarations) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", person.id().toString());
        json.put("lastName", person.lastName());
        json.put("firstName", person.firstName());
        json.put("middleName", person.middleName());
        json.put("fullName", person.fullName());
        json.put("email", person.email());
        json.put("phone", person.phone());
        json.put("stage", person.stage());
        json.put("contacts", person.contacts().stream().map(contact -> Map.of("kind", contact.kind(), "value",
                contact.value())).toList());
        json.put("declarations", declarations);
        return json;
    }

    static Map<String, Object> forCoordinator(Person person, List<LearningRecord.Activity> courses) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", person.id().toString());
        json.put("fullName", person.fullName().isBlank() ? person.email() : person.fullName());
        json.put("stage", person.stage());
        json.put("courses", courses);
        return json;
    }
}
