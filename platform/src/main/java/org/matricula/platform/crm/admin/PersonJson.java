package org.matricula.platform.crm.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.matricula.platform.crm.funnel.Funnel;
import org.matricula.platform.crm.xapi.LearningRecord;
import org.matricula.platform.crm.organizations.Organizations;
import org.matricula.platform.crm.persons.Person;
import org.matricula.platform.crm.timeline.Tasks;

/** A person card as JSON. */
final class PersonJson {

    private PersonJson() {
    }

    static Map<String, Object> of(Person person, List<Funnel.Move> moves, List<Tasks.Task> tasks,
            List<Organizations.Membership> organizations, List<LearningRecord.Activity> courses) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", person.id().toString());
        json.put("lastName", person.lastName());
        json.put("firstName", person.firstName());
        json.put("middleName", person.middleName());
        json.put("fullName", person.fullName());
        json.put("birthDate", person.birthDate() == null ? null : person.birthDate().toString());
        json.put("tags", person.tags());
        json.put("manager", person.manager());
        json.put("email", person.email());
        json.put("phone", person.phone());
        json.put("stage", person.stage());
        json.put("stageSince", person.stageSince() == null ? null : person.stageSince().toString());
        json.put("firstTouch", person.firstTouch().isEmpty() ? null : parse(person.firstTouch()));
        json.put("lastTouch", person.lastTouch().isEmpty() ? null : parse(person.lastTouch()));
        json.put("contacts", person.contacts());
        json.put("consents", person.consents());
        json.put("declarations", person.declarations());
        json.put("accounts", person.accounts().stream().map(Object::toString).toList());
        json.put("moves", moves);
        json.put("tasks", tasks);
        json.put("organizations", organizations);
        json.put("courses", courses);
        return json;
    }

    private static Object parse(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }
}
