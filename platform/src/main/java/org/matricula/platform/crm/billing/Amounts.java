package org.matricula.platform.crm.billing;

import java.math.BigDecimal;

/** What an amount of money stored by the platform can be: numeric(14,2), two decimals at most. */
public final class Amounts {

    /** The largest amount numeric(14,2) holds. */
    public static final BigDecimal MAX = new BigDecimal("999999999999.99");

    private Amounts() {
    }
}
