package org.matricula.platform.accounts;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.i18n.Label;
import org.matricula.platform.lists.AdminList;
import org.matricula.platform.lists.ListColumn;
import org.matricula.platform.lists.ListDefinition;
import org.matricula.platform.lists.ListFilter;
import org.matricula.platform.lists.ListScreen;
import org.matricula.platform.lists.ListFilter.Kind;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Views;

/** The registered-users list of the administration, served by the same list machinery as declarations. */
public final class UsersList {

    private static final String DECLARATIONS = "(SELECT count(*) FROM declarations d WHERE d.account_id = a.id)";

    private UsersList() {
    }

    public static AdminList adminList(Jdbi jdbi, Views views, Clock clock) {
        return AdminList.ofPlatform("users", Label.of("lists.users.title"), "/admin/users/",
                List.of(new ListScreen.RowAction("role", Label.of("lists.users.giveRole"), "/admin/users/", "")),
                UsersList::definition, jdbi, views, clock);
    }

    public static ListDefinition definition() {
        List<ListColumn> columns = List.of(
                ListColumn.of("email", Label.of("lists.users.email"), "a.email"),
                ListColumn.of("display_name", Label.of("lists.users.name"), "a.display_name"),
                ListColumn.of("role", Label.of("lists.users.role"), "a.role")
                        .labelledBy("role.", Arrays.stream(CurrentUser.Role.values()).map(Enum::name).toList()),
                ListColumn.timestamp("verified_at", Label.of("lists.users.verified"), "a.verified_at"),
                ListColumn.timestamp("created_at", Label.of("lists.users.signedUp"), "a.created_at"),
                new ListColumn("declarations", Label.of("lists.users.declarations"), DECLARATIONS + "::text",
                        DECLARATIONS));
        List<ListFilter> filters = List.of(
                ListFilter.anyOf("role", Label.of("lists.users.role"), "a.role = ANY(:f_role)",
                        Arrays.stream(CurrentUser.Role.values()).map(Enum::name).toList())
                        .withOptions(Arrays.stream(CurrentUser.Role.values())
                                .map(role -> new ListFilter.Option(role.name(), Label.of("role." + role.name())))
                                .toList()),
                ListFilter.of("from", Label.of("lists.users.signedUpFrom"), Kind.DATE,
                        "a.created_at >= :f_from"),
                ListFilter.of("to", Label.of("lists.users.signedUpUntil"), Kind.DATE,
                        "a.created_at < CAST(:f_to AS date) + 1"));
        return new ListDefinition("users", "accounts a", "", "a.id", columns, columns.stream().map(ListColumn::key)
                .toList(), "created_at", true, filters, List.of("a.email", "a.display_name"));
    }

}
