package org.matricula.platform.crm.bank;

import org.glassfish.jersey.server.ResourceConfig;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.config.Configuration;
import org.matricula.platform.config.Settings;
import org.matricula.platform.crm.billing.Billing;

/** Registers the import of bank statements and the matching of their payments. */
public final class BankModule {

    private BankModule() {
    }

    public static void register(ResourceConfig app, Jdbi jdbi, Configuration config, Billing billing) {
        app.register(new BankApi(new Statements(jdbi, billing.invoices(), billing.payments(),
                config.get(Settings.BILLING_ACCOUNT), config.get(Settings.BILLING_INN))));
    }
}
