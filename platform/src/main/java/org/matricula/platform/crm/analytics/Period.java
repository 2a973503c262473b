package org.matricula.platform.crm.analytics;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.i18n.Messages;

/** The months a figure covers, {@code from} and {@code to} both included. */
public record Period(YearMonth from, YearMonth to) {

    /** The longest period asked for at once: five years. */
    static final int MOST_MONTHS = 60;

    /**
     * The period typed as two months ({@code YYYY-MM}); the twelve months up to this one when none
     * is given. Bad months, or an end before the start, are refused with a message per field.
     */
    public static Period of(String from, String to, Clock clock, ZoneId zone, Locale locale) {
        List<Problem.FieldProblem> problems = new ArrayList<>();
        YearMonth end = to == null || to.isBlank() ? YearMonth.now(clock.withZone(zone)) : MarketingSpend.month(to);
        if (end == null || end.getYear() < 2000 || end.getYear() > 2999) {
            problems.add(new Problem.FieldProblem("to", Messages.text(locale, "analytics.period.monthInvalid")));
        }
        YearMonth start = from == null || from.isBlank() ? (end == null ? null : end.minusMonths(11))
                : MarketingSpend.month(from);
        if (start == null || start.getYear() < 2000 || start.getYear() > 2999) {
            problems.add(new Problem.FieldProblem("from", Messages.text(locale, "analytics.period.monthInvalid")));
        }
        if (problems.isEmpty() && start.isAfter(end)) {
            problems.add(new Problem.FieldProblem("to", Messages.text(locale, "analytics.period.endBeforeStart")));
        }
        if (problems.isEmpty() && start.plusMonths(MOST_MONTHS).isBefore(end.plusMonths(1))) {
            problems.add(new Problem.FieldProblem("from", Messages.text(locale, "analytics.period.tooLong",
                    MOST_MONTHS)));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.get(0).message(), problems);
        }
        return new Period(start, end);
    }

    public static Period month(YearMonth month) {
        return new Period(month, month);
    }

    /** Every month of the period, in order. */
    public List<YearMonth> months() {
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth month = from; !month.isAfter(to); month = month.plusMonths(1)) {
            months.add(month);
        }
        return months;
    }

    public LocalDate firstDay() {
        return from.atDay(1);
    }

    /** The first day after the period. */
    public LocalDate dayAfter() {
        return to.plusMonths(1).atDay(1);
    }

    public Instant start(ZoneId zone) {
        return firstDay().atStartOfDay(zone).toInstant();
    }

    public Instant end(ZoneId zone) {
        return dayAfter().atStartOfDay(zone).toInstant();
    }

    /** As the query of a link: {@code from=YYYY-MM&to=YYYY-MM}. */
    public String query() {
        return "from=" + from + "&to=" + to;
    }
}
