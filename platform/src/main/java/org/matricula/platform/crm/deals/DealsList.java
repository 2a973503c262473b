package org.matricula.platform.crm.deals;

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
import org.matricula.platform.web.Scope;
import org.matricula.platform.web.Views;

/** Every deal, retail and B2B, on the admin list engine: columns, filters by kind, stage, organization, program and manager, saved views, CSV. */
public final class DealsList {

    private DealsList() {
    }

    public static AdminList adminList(Jdbi jdbi, Views views, Clock clock) {
        return new AdminList(DealsList::definition, new ListScreen("/admin/deals/list", "deals",
                Label.of("deals.list.title"), "/admin/deals/"), jdbi, views, clock, user -> Scope.everything());
    }

    static ListDefinition definition() {
        return new ListDefinition("deals", "deals x", """
                LEFT JOIN persons p ON p.id = x.person_id
                LEFT JOIN organizations o ON o.id = x.organization_id
                LEFT JOIN programs g ON g.id = x.program_id
                LEFT JOIN accounts a ON a.id = x.manager_id""", "x.id", List.of(
                new ListColumn("id", Label.of("deals.field.id"), "x.id::text", "x.id").notNull(),
                ListColumn.of("kind", Label.of("deals.field.kind"), "x.kind").notNull()
                        .labelledBy("deals.kind.", List.of("RETAIL", "B2B")),
                ListColumn.of("stage", Label.of("deals.field.stage"), "x.stage").notNull()
                        .labelledBy("deals.stage.", Stage.codes()),
                ListColumn.of("title", Label.of("deals.field.title"), "x.title").notNull(),
                ListColumn.of("customer", Label.of("deals.field.customer"), "coalesce(o.name, p.full_name, '')")
                        .notNull(),
                ListColumn.of("program", Label.of("deals.field.program"), "g.name"),
                new ListColumn("seats", Label.of("deals.field.seats"), "x.seats::text", "x.seats").notNull(),
                new ListColumn("amount", Label.of("deals.field.amount"), "x.amount::text", "x.amount").notNull(),
                new ListColumn("probability", Label.of("deals.field.probability"), "x.probability::text",
                        "x.probability").notNull(),
                new ListColumn("expected_close", Label.of("deals.field.expectedClose"), "x.expected_close::text",
                        "x.expected_close"),
                ListColumn.of("manager", Label.of("deals.field.manager"),
                        "coalesce(nullif(a.display_name, ''), a.email)"),
                ListColumn.of("lost_reason", Label.of("deals.field.lostReason"), "x.lost_reason").notNull(),
                ListColumn.timestamp("created_at", Label.of("deals.field.created"), "x.created_at").notNull()),
                List.of("id", "kind", "stage", "customer", "program", "seats", "amount", "probability",
                        "expected_close", "manager"), "created_at", true,
                List.of(ListFilter.anyOf("kind", Label.of("deals.field.kind"), "x.kind = ANY(:f_kind)",
                                List.of("RETAIL", "B2B"))
                                .withOptions(List.of(new ListFilter.Option("RETAIL", Label.of("deals.kind.RETAIL")),
                                        new ListFilter.Option("B2B", Label.of("deals.kind.B2B")))),
                        ListFilter.anyOf("stage", Label.of("deals.field.stage"), "x.stage = ANY(:f_stage)",
                                Stage.codes())
                                .withOptions(Stage.codes().stream().map(code -> new ListFilter.Option(code,
                                        Label.of("deals.stage." + code))).toList()),
                        ListFilter.of("organization", Label.of("crm.persons.organizationNamed"), Kind.TEXT,
                                "x.organization_id IN " + Organizations.named(":f_organization")),
                        ListFilter.of("program", Label.of("deals.field.program"), Kind.TEXT,
                                "x.program_id::text = :f_program")
                                .withChoices("SELECT id::text, name FROM programs ORDER BY name"),
                        ListFilter.of("manager", Label.of("deals.field.manager"), Kind.TEXT,
                                "x.manager_id::text = :f_manager")
                                .withChoices("""
                                        SELECT id::text, coalesce(nullif(display_name, ''), email) FROM accounts
                                        WHERE role IN ('ADMIN', 'CRM_MANAGER') ORDER BY 2""")),
                List.of("x.title", "coalesce((SELECT name FROM organizations WHERE id = x.organization_id), '')",
                        "coalesce((SELECT full_name FROM persons WHERE id = x.person_id), '')"));
    }
}
