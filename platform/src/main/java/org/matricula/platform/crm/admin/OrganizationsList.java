package org.matricula.platform.crm.admin;

import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.organizations.Organizations;
import org.matricula.platform.i18n.Label;
import org.matricula.platform.lists.AdminList;
import org.matricula.platform.lists.ListColumn;
import org.matricula.platform.lists.ListDefinition;
import org.matricula.platform.lists.ListFilter;
import org.matricula.platform.lists.ListScreen;
import org.matricula.platform.web.Scope;
import org.matricula.platform.web.Views;

/** The organizations list of the CRM on the admin list engine. */
public final class OrganizationsList {

    private OrganizationsList() {
    }

    public static AdminList adminList(Jdbi jdbi, Views views, Clock clock) {
        return new AdminList(OrganizationsList::definition, new ListScreen("/admin/organizations", "organizations",
                Label.of("crm.organizations.title"), "/admin/organizations/")
                .creatingAt("/admin/organizations/new", Label.of("crm.organizations.new")), jdbi, views, clock,
                user -> Scope.everything());
    }

    static ListDefinition definition() {
        return new ListDefinition("organizations", "organizations o", "", "o.id", List.of(
                ListColumn.of("name", Label.of("crm.organization.nameLabel"), "o.name").notNull(),
                ListColumn.of("kind", Label.of("crm.organization.kindLabel"), "o.kind").notNull()
                        .labelledBy("crm.organization.kind.", Organizations.KINDS),
                ListColumn.of("email", Label.of("crm.person.email.label"), "o.email").notNull(),
                ListColumn.of("phone", Label.of("crm.person.phone.label"), "o.phone").notNull(),
                ListColumn.of("website", Label.of("crm.organization.website"), "o.website").notNull(),
                new ListColumn("persons", Label.of("crm.organization.persons"),
                        "(SELECT count(DISTINCT m.person_id) FROM organization_members m WHERE m.organization_id = o.id)::text",
                        "(SELECT count(DISTINCT m.person_id) FROM organization_members m WHERE m.organization_id = o.id)"),
                ListColumn.timestamp("created_at", Label.of("crm.person.created"), "o.created_at").notNull()),
                List.of("name", "kind", "persons", "email", "created_at"), "name", false,
                List.of(ListFilter.anyOf("kind", Label.of("crm.organization.kindLabel"), "o.kind = ANY(:f_kind)",
                        Organizations.KINDS.stream().sorted().toList())
                        .withOptions(Organizations.KINDS.stream().sorted().map(kind -> new ListFilter.Option(kind,
                                Label.of("crm.organization.kind." + kind))).toList())),
                List.of("o.name", "o.email"));
    }
}
