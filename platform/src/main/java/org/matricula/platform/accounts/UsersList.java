package org.matricula.platform.accounts;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.matricula.api.LocalizedText;
import org.matricula.platform.lists.AdminList;
import org.matricula.platform.lists.ListColumn;
import org.matricula.platform.lists.ListDefinition;
import org.matricula.platform.lists.ListFilter;
import org.matricula.platform.lists.ListFilter.Kind;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Views;

/** The registered-users list of the administration, served by the same list machinery as declarations. */
public final class UsersList {

    private static final String DECLARATIONS = "(SELECT count(*) FROM declarations d WHERE d.account_id = a.id)";

    private UsersList() {
    }

    public static AdminList adminList(Jdbi jdbi, Views views, Clock clock) {
        return AdminList.ofPlatform("users", LocalizedText.of("Пользователи", "Users"), UsersList::definition, jdbi,
                views, clock);
    }

    public static ListDefinition definition() {
        List<ListColumn> columns = List.of(
                ListColumn.of("email", text("Почта", "Email"), "a.email"),
                ListColumn.of("display_name", text("Имя", "Name"), "a.display_name"),
                ListColumn.of("role", text("Роль", "Role"), "a.role"),
                ListColumn.timestamp("verified_at", text("Почта подтверждена", "Verified"), "a.verified_at"),
                ListColumn.timestamp("created_at", text("Зарегистрирован", "Signed up"), "a.created_at"),
                new ListColumn("declarations", text("Заявлений", "Declarations"), DECLARATIONS + "::text",
                        DECLARATIONS));
        List<ListFilter> filters = List.of(
                ListFilter.anyOf("role", text("Роль", "Role"), "a.role = ANY(:f_role)",
                        Arrays.stream(CurrentUser.Role.values()).map(Enum::name).toList()),
                ListFilter.of("from", text("Зарегистрирован с", "Signed up from"), Kind.DATE,
                        "a.created_at >= :f_from"),
                ListFilter.of("to", text("Зарегистрирован по", "Signed up until"), Kind.DATE,
                        "a.created_at < CAST(:f_to AS date) + 1"));
        return new ListDefinition("users", "accounts a", "", "a.id", columns, columns.stream().map(ListColumn::key)
                .toList(), "created_at", true, filters, List.of("a.email", "a.display_name"));
    }

    private static LocalizedText text(String ru, String en) {
        return LocalizedText.of(ru, en);
    }
}
