package org.matricula.platform.audit;

import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.i18n.Label;
import org.matricula.platform.lists.AdminList;
import org.matricula.platform.lists.ListColumn;
import org.matricula.platform.lists.ListDefinition;
import org.matricula.platform.lists.ListFilter;
import org.matricula.platform.lists.ListFilter.Kind;
import org.matricula.platform.web.Views;

/** The audit log as an admin list: browsed, filtered, searched and exported like the others. */
public final class AuditList {

    private AuditList() {
    }

    public static AdminList adminList(Jdbi jdbi, Views views, Clock clock) {
        return AdminList.ofPlatform("audit", Label.of("lists.audit.title"), AuditList::definition,
                jdbi, views, clock);
    }

    public static ListDefinition definition() {
        List<ListColumn> columns = List.of(
                ListColumn.timestamp("at", Label.of("lists.audit.when"), "a.at"),
                ListColumn.of("actor", Label.of("lists.audit.who"), "a.actor"),
                ListColumn.of("action", Label.of("lists.audit.action"), "a.action"),
                ListColumn.of("target", Label.of("lists.audit.what"), "a.target"),
                new ListColumn("status", Label.of("lists.audit.status"), "a.status::text", "a.status"),
                ListColumn.of("client", Label.of("lists.audit.address"), "a.client"),
                ListColumn.of("before", Label.of("lists.audit.before"), "a.before::text"),
                ListColumn.of("after", Label.of("lists.audit.after"), "a.after::text"));
        List<ListFilter> filters = List.of(
                ListFilter.anyOf("action", Label.of("lists.audit.action"), "a.action = ANY(:f_action)",
                        List.of("POST", "PUT", "PATCH", "DELETE", "EXPORT")),
                ListFilter.of("actor", Label.of("lists.audit.who"), Kind.TEXT, "a.actor = :f_actor")
                        .withChoices("SELECT DISTINCT actor, actor FROM audit_log ORDER BY 1"),
                ListFilter.of("from", Label.of("lists.audit.from"), Kind.DATE, "a.at >= :f_from"),
                ListFilter.of("to", Label.of("lists.audit.until"), Kind.DATE, "a.at < CAST(:f_to AS date) + 1"));
        return new ListDefinition("audit", "audit_log a", "", "a.id::text", columns,
                List.of("at", "actor", "action", "target", "before", "after"), "at", true, filters,
                List.of("a.actor", "a.target", "a.before::text", "a.after::text"));
    }

}
