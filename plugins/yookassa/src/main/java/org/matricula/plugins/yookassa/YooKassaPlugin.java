package org.matricula.plugins.yookassa;

import org.pf4j.Plugin;

/** YooKassa: applicants pay their invoices by card, SBP or wallet through YooKassa API v3. */
public final class YooKassaPlugin extends Plugin {
}
