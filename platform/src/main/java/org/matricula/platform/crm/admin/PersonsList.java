package org.matricula.platform.crm.admin;

import org.matricula.platform.crm.organizations.Organizations;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.i18n.Label;
import org.matricula.platform.lists.AdminList;
import org.matricula.platform.lists.ListColumn;
import org.matricula.platform.lists.ListDefinition;
import org.matricula.platform.lists.ListFilter;
import org.matricula.platform.lists.ListFilter.Kind;
import org.matricula.platform.lists.ListScreen;
import org.matricula.platform.web.Views;

/** The persons list of the CRM on the admin list engine: columns, filters, search, saved views and CSV. */
public final class PersonsList {

    /**
     * Rows counted past the page for the total ("1000+" beyond): a stage or tag holds a hundred
     * thousand persons, and counting ten thousand of them (as other lists do) read more than the page
     * itself: 2,123 buffers for the tag "vip" at 200,000 persons, 221 up to a thousand.
     */
    static final long COUNT_LIMIT = 1_000;

    private PersonsList() {
    }

    public static AdminList adminList(Jdbi jdbi, Views views, Clock clock) {
        return new AdminList(PersonsList::definition, new ListScreen("/admin/persons", "persons",
                Label.of("crm.persons.title"), "/admin/persons/"), jdbi, views, clock, PersonAccess::listScope)
                .countingUpTo(COUNT_LIMIT);
    }

    static ListDefinition definition() {
        return new ListDefinition("persons", "persons p", "", "p.id", List.of(
                ListColumn.of("full_name", Label.of("crm.person.fullName"), "p.full_name").notNull(),
                ListColumn.of("email", Label.of("crm.person.email.label"), "p.email").notNull(),
                ListColumn.of("phone", Label.of("crm.person.phone.label"), "p.phone").notNull(),
                ListColumn.of("stage", Label.of("crm.person.stage"), "p.stage"),
                new ListColumn("birth_date", Label.of("crm.person.birthDate.label"), "p.birth_date::text",
                        "p.birth_date"),
                new ListColumn("tags", Label.of("crm.person.tags"), "array_to_string(p.tags, ', ')",
                        "array_to_string(p.tags, ', ')"),
                new ListColumn("qualification", Label.of("crm.qualification.label"), """
                        (SELECT %s FROM qualification_levels q WHERE q.code = p.qualification)"""
                        .formatted(ListColumn.russianOrEnglish("q.name_ru", "q.name_en")), "p.qualification"),
                ListColumn.timestamp("created_at", Label.of("crm.person.created"), "p.created_at").notNull()),
                List.of("full_name", "email", "phone", "stage", "created_at"), "created_at", true,
                List.of(ListFilter.of("stage", Label.of("crm.person.stage"), Kind.TEXT, "p.stage = :f_stage")
                                .withChoices("SELECT code, " + ListColumn.russianOrEnglish("name_ru", "name_en")
                                        + " FROM funnel_stages ORDER BY position"),
                        ListFilter.of("qualification", Label.of("crm.qualification.label"), Kind.TEXT,
                                        "p.qualification = :f_qualification")
                                .withChoices("SELECT code, " + ListColumn.russianOrEnglish("name_ru", "name_en")
                                        + " FROM qualification_levels ORDER BY position"),
                        // containment, which the tags' GIN index answers (= ANY would read every row)
                        ListFilter.of("tag", Label.of("crm.person.tag"), Kind.TEXT,
                                "p.tags @> ARRAY[CAST(:f_tag AS text)]"),
                        // an organization's id or a part of its name: any value typed is safe. The
                        // members are gathered first, once (an array), and their persons read by key;
                        // as a semi-join PostgreSQL guessed many organizations and walked every person
                        // in date order (2 s over 500,000 persons)
                        ListFilter.of("organization", Label.of("crm.persons.organizationNamed"), Kind.TEXT,
                                "p.id = ANY(ARRAY(SELECT m.person_id FROM organization_members m"
                                        + " WHERE m.organization_id IN " + Organizations.named(":f_organization") + "))"),
                        ListFilter.of("manager", Label.of("crm.persons.manager"), Kind.TEXT, """
                                p.manager_id = (SELECT a.id FROM accounts a WHERE a.id::text = :f_manager)""")
                                .withChoices("""
                                        SELECT id::text, display_name || ' · ' || email FROM accounts
                                        WHERE role IN ('ADMIN', 'CRM_MANAGER') ORDER BY display_name, email"""),
                        ListFilter.of("from", Label.of("crm.person.createdFrom"), Kind.DATE,
                                "p.created_at >= :f_from"),
                        ListFilter.of("to", Label.of("crm.person.createdUntil"), Kind.DATE,
                                "p.created_at < CAST(:f_to AS date) + 1")),
                List.of("p.full_name", "p.email", "p.phone")).withSearchedEmail("p.email");
    }
}
