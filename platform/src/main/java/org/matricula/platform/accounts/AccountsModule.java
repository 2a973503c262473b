package org.matricula.platform.accounts;

import org.glassfish.jersey.server.ResourceConfig;
import org.matricula.platform.http.CsrfFilter;
import org.matricula.platform.http.SessionCookies;
import org.matricula.platform.web.Views;

/** Registers the accounts feature with the application: session and CSRF filters, pages and API. */
public final class AccountsModule {

    private AccountsModule() {
    }

    public static void register(ResourceConfig app, Accounts accounts, Views views, boolean secureCookies) {
        SessionCookies cookies = new SessionCookies(secureCookies);
        AccountViews pages = new AccountViews(views, cookies);
        app.register(new SessionFilter(accounts))
                .register(new CsrfFilter(views))
                .register(new AccountPages(accounts, pages, cookies))
                .register(new PasswordPages(accounts, pages))
                .register(new VerificationPage(accounts, pages))
                .register(new AccountApi(accounts, cookies));
    }
}
