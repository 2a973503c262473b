package org.matricula.platform.crm.acquiring;

import java.math.BigDecimal;
import java.util.Locale;
import org.matricula.platform.crm.billing.Amounts;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.i18n.Messages;

/** An amount to give back, typed: roubles with at most kopecks, above zero, at most what is left. */
final class RefundAmount {

    private RefundAmount() {
    }

    static BigDecimal parse(String typed, BigDecimal most, Locale locale) {
        BigDecimal value = Amounts.typed(typed);
        if (value == null || value.signum() <= 0) {
            throw InvalidInputException.field("amount", Messages.text(locale, "billing.amountAboveZero"));
        }
        if (value.compareTo(most) > 0) {
            throw InvalidInputException.field("amount", Messages.text(locale, "billing.payment.refundTooMuch",
                    most.toPlainString()));
        }
        return value;
    }
}
