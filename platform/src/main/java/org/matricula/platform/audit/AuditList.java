package org.matricula.platform.audit;

import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.matricula.api.LocalizedText;
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
        return AdminList.ofPlatform("audit", LocalizedText.of("Журнал действий", "Audit log"), AuditList::definition,
                jdbi, views, clock);
    }

    public static ListDefinition definition() {
        List<ListColumn> columns = List.of(
                ListColumn.timestamp("at", text("Когда", "When"), "a.at"),
                ListColumn.of("actor", text("Кто", "Who"), "a.actor"),
                ListColumn.of("action", text("Действие", "Action"), "a.action"),
                ListColumn.of("target", text("Что", "What"), "a.target"),
                new ListColumn("status", text("Ответ", "Status"), "a.status::text", "a.status"),
                ListColumn.of("client", text("Адрес", "Address"), "a.client"),
                ListColumn.of("before", text("До", "Before"), "a.before::text"),
                ListColumn.of("after", text("После", "After"), "a.after::text"));
        List<ListFilter> filters = List.of(
                ListFilter.anyOf("action", text("Действие", "Action"), "a.action = ANY(:f_action)",
                        List.of("POST", "PUT", "PATCH", "DELETE", "EXPORT")),
                ListFilter.of("actor", text("Кто", "Who"), Kind.TEXT, "a.actor = :f_actor")
                        .withChoices("SELECT DISTINCT actor, actor FROM audit_log ORDER BY 1"),
                ListFilter.of("from", text("С", "From"), Kind.DATE, "a.at >= :f_from"),
                ListFilter.of("to", text("По", "Until"), Kind.DATE, "a.at < CAST(:f_to AS date) + 1"));
        return new ListDefinition("audit", "audit_log a", "", "a.id::text", columns,
                List.of("at", "actor", "action", "target", "before", "after"), "at", true, filters,
                List.of("a.actor", "a.target", "a.before::text", "a.after::text"));
    }

    private static LocalizedText text(String ru, String en) {
        return LocalizedText.of(ru, en);
    }
}
