package org.matricula.platform.accounts;

import java.time.Clock;
import org.glassfish.jersey.server.ResourceConfig;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.http.SessionCookies;
import org.matricula.platform.lists.NamedLists;
import org.matricula.platform.web.Navigation;
import org.matricula.platform.web.Views;

/**
 * Registers the accounts feature with the application: the session filter, sign-up, log-in and
 * password pages and API, profiles, staff roles and the users list.
 */
public final class AccountsModule {

    private AccountsModule() {
    }

    public static void register(ResourceConfig app, Accounts accounts, Jdbi jdbi, Views views, Clock clock,
            NamedLists lists, boolean secureCookies) {
        SessionCookies cookies = new SessionCookies(secureCookies);
        AccountViews pages = new AccountViews(views, cookies);
        Profiles profiles = new Profiles(jdbi);
        app.register(new SessionFilter(accounts))
                .register(new AccountPages(accounts, pages, cookies))
                .register(new PasswordPages(accounts, pages))
                .register(new VerificationPage(accounts, pages))
                .register(new AccountApi(accounts, cookies))
                .register(new ProfilePage(profiles, accounts, views))
                .register(new ProfileApi(profiles))
                .register(new StaffRolesApi(new StaffRoles(jdbi, accounts)))
                .register(new UserPages(new StaffRoles(jdbi, accounts), views));
        views.navigation().add("users", "admin.nav.users", "/admin/users", 80, Navigation.ADMINS);
        lists.add("users", UsersList.adminList(jdbi, views, clock));
    }
}
