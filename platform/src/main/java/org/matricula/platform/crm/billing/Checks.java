package org.matricula.platform.crm.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.matricula.platform.errors.InputDates;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.i18n.Messages;

/**
 * Collects a message per bad field of one input and refuses the input with all of them at once.
 * Amounts are read as exact decimals with at most two places, never through floating point.
 */
final class Checks {

    private final Locale locale;
    private final List<Problem.FieldProblem> problems = new ArrayList<>();

    Checks(Locale locale) {
        this.locale = locale;
    }

    void fail(String field, String key, Object... args) {
        problems.add(new Problem.FieldProblem(field, Messages.text(locale, key, args)));
    }

    boolean failed(String field) {
        return problems.stream().anyMatch(problem -> problem.field().equals(field));
    }

    /**
     * An amount of roubles, kopecks at most: zero or more, or above zero when {@code positive};
     * null (and a problem saying that same rule) otherwise.
     */
    BigDecimal amount(String field, String given, boolean required, boolean positive) {
        String rule = positive ? "billing.amountAboveZero" : "billing.amount";
        if (given == null || given.isBlank()) {
            if (required) {
                fail(field, rule);
            }
            return null;
        }
        BigDecimal value = Amounts.typed(given);
        if (value == null || value.signum() < 0 || positive && value.signum() == 0) {
            fail(field, rule);
            return null;
        }
        return value;
    }

    LocalDate date(String field, String given, boolean required) {
        if (given == null || given.isBlank()) {
            if (required) {
                fail(field, "billing.date");
            }
            return null;
        }
        try {
            return InputDates.date(given.strip());
        } catch (DateTimeParseException e) {
            problems.add(new Problem.FieldProblem(field, InputDates.message(locale, e, "billing.date")));
            return null;
        }
    }

    /** Refuses the input when anything was wrong with it. */
    void done() {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.get(0).message(), problems);
        }
    }

    Locale locale() {
        return locale;
    }
}
