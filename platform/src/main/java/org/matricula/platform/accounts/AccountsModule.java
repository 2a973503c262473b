package org.matricula.platform.accounts;

import org.glassfish.jersey.server.ResourceConfig;
import org.matricula.platform.web.Views;

/** Registers the accounts feature with the application: session and CSRF filters, pages and API. */
public final class AccountsModule {

    private AccountsModule() {
    }

    public static void register(ResourceConfig app, Accounts accounts, Views views, boolean secureCookies) {
    }
}
