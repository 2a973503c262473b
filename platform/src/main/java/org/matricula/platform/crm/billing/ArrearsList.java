package org.matricula.platform.crm.billing;

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
import org.matricula.platform.lists.ListSearchRule;
import org.matricula.platform.web.Scope;
import org.matricula.platform.web.Views;

/**
 * Who owes, how much and how long: the open invoices past an instalment's due date, in ageing
 * buckets (0-30, 31-60, 61-90, over 90 days), filterable by program, project, organization and
 * bucket, on the admin list engine (columns, search, saved views, CSV).
 */
public final class ArrearsList {

    static final List<String> BUCKETS = List.of("0-30", "31-60", "61-90", "90+");

    /**
     * The buckets as ranges of the age the arrears' steps keep ({@code a.age}, indexed by
     * {@code invoice_overdue_steps_age}, V66): {@code days = age - (2000-01-01 - today)}. Each chosen bucket's test is a constant
     * when the query is planned. Compared as the {@code bucket} column's text, the planner guessed
     * one row in 200 and sorted all the invoices in arrears when the list was sorted by the
     * overdue amount, rather than reading that amount's index in order.
     */
    static final String BUCKET_CONDITION = """
            (a.age <= DATE '2000-01-01' - current_date + 30 AND '0-30' = ANY(:f_bucket))
            OR (a.age BETWEEN DATE '2000-01-01' - current_date + 31 AND DATE '2000-01-01' - current_date + 60
                AND '31-60' = ANY(:f_bucket))
            OR (a.age BETWEEN DATE '2000-01-01' - current_date + 61 AND DATE '2000-01-01' - current_date + 90
                AND '61-90' = ANY(:f_bucket))
            OR (a.age > DATE '2000-01-01' - current_date + 90 AND '90+' = ANY(:f_bucket))""";

    /**
     * The organization's own invoices and its members', from the columns the arrears' steps keep
     * (V88): the invoices found by two index ranges (the organization's, and each member's), then
     * today's step of each by key. As a test of each row ({@code organization_id = ? OR person_id
     * = ANY(members)}) the page walked the age index checking every entry against each member's
     * id, 27,800 entries times 100 ids for the bench's organization (48.8 ms at p95; 2-5 ms now).
     * The id is a constant when the query is planned (a value that is no id names nothing), so the
     * planner knows from the statistics how many invoices the organization has.
     */
    static final String ORGANIZATION_CONDITION = """
            a.id IN (SELECT s.invoice_id FROM invoice_overdue_steps s WHERE s.organization_id = %1$s
                     UNION ALL
                     SELECT s.invoice_id FROM organization_members m
                     JOIN invoice_overdue_steps s ON s.person_id = m.person_id
                     WHERE m.organization_id = %1$s)"""
            .formatted("(CASE WHEN :f_organization ~ '^[0-9]{1,18}$' THEN :f_organization::bigint END)");

    /**
     * A word shaped like an invoice number ({@code 2026-0004}, the year and a hyphen at least) is
     * the start of the number: a range of {@code invoices_number_pattern} (V88). The numbers being
     * a year, a hyphen and digits, such a word is found in a number only at its start.
     */
    static final ListSearchRule NUMBER_SEARCH = ListSearchRule.prefix("\\d{4}-\\d*",
            "a.id IN (SELECT i.id FROM invoices i WHERE i.number LIKE :word ESCAPE '!')");

    /**
     * Any other word anywhere in the number, the person's name or the organization's, each looked
     * up in its trigram index (V20, V88) and then the invoices of those found.
     */
    static final ListSearchRule TEXT_SEARCH = ListSearchRule.anywhere(".+", """
            a.id IN (SELECT i.id FROM invoices i WHERE i.number ILIKE :word ESCAPE '!'
                     UNION ALL
                     SELECT i.id FROM persons p JOIN invoices i ON i.person_id = p.id
                     WHERE p.full_name ILIKE :word ESCAPE '!'
                     UNION ALL
                     SELECT i.id FROM organizations o JOIN invoices i ON i.organization_id = o.id
                     WHERE o.name ILIKE :word ESCAPE '!')""");

    private ArrearsList() {
    }

    public static AdminList adminList(Jdbi jdbi, Views views, Clock clock) {
        return new AdminList(ArrearsList::definition, new ListScreen("/admin/arrears", "arrears",
                Label.of("billing.arrears.title"), ""), jdbi, views, clock, user -> Scope.everything());
    }

    static ListDefinition definition() {
        return new ListDefinition("arrears", "billing_arrears a", """
                LEFT JOIN persons p ON p.id = a.person_id
                LEFT JOIN organizations o ON o.id = a.organization_id
                LEFT JOIN programs g ON g.id = a.program_id""", "a.id", List.of(
                ListColumn.of("number", Label.of("billing.arrears.number"), "a.number").notNull(),
                ListColumn.of("payer", Label.of("billing.arrears.payer"), "coalesce(o.name, p.full_name, '')")
                        .notNull(),
                ListColumn.of("program", Label.of("billing.arrears.program"), "g.name"),
                new ListColumn("overdue", Label.of("billing.arrears.overdue"), "a.overdue::text", "a.overdue")
                        .notNull(),
                new ListColumn("total", Label.of("billing.arrears.total"), "a.total::text", "a.total").notNull(),
                new ListColumn("paid", Label.of("billing.arrears.paid"), "a.paid::text", "a.paid").notNull(),
                new ListColumn("since", Label.of("billing.arrears.since"), "a.since::text", "a.since").notNull(),
                // sorted by the age the index keeps, which orders as the days do
                new ListColumn("days", Label.of("billing.arrears.days"), "a.days::text", "a.age").notNull(),
                ListColumn.of("bucket", Label.of("billing.arrears.bucket"), "a.bucket").notNull()),
                List.of("number", "payer", "program", "overdue", "days", "bucket"), "days", true,
                List.of(ListFilter.anyOf("bucket", Label.of("billing.arrears.bucket"), BUCKET_CONDITION, BUCKETS),
                        ListFilter.of("program", Label.of("billing.arrears.program"), Kind.TEXT,
                                "a.program_id = (SELECT g2.id FROM programs g2 WHERE g2.id::text = :f_program)")
                                .withChoices("SELECT id::text, name FROM programs ORDER BY name"),
                        ListFilter.of("project", Label.of("billing.arrears.project"), Kind.TEXT, """
                                a.program_id IN (SELECT pp.program_id FROM project_programs pp
                                                 WHERE pp.project_id::text = :f_project)""")
                                .withChoices("SELECT id::text, name FROM projects ORDER BY name"),
                        ListFilter.of("organization", Label.of("billing.arrears.organization"), Kind.TEXT,
                                ORGANIZATION_CONDITION)
                                .withChoices("SELECT id::text, name FROM organizations ORDER BY name")),
                // the search runs on the view alone (the total is counted without the joins): the
                // rules look the words up in the invoices and the payers' names
                List.of()).withSearchRules(NUMBER_SEARCH, TEXT_SEARCH);
    }
}
