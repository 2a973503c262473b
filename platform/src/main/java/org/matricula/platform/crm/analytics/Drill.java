package org.matricula.platform.crm.analytics;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.i18n.Messages;

/**
 * The persons or payments behind a figure of the analytics page, a page at a time or all of them
 * (for CSV). A figure is named by the query parameters its link carries (docs/analytics.md).
 */
public final class Drill {

    /** Rows per page. */
    public static final int PAGE_SIZE = 50;

    public record PersonRow(UUID id, String name, String firstPaidOn, BigDecimal net, String channel,
            String campaign) {
    }

    public record PaymentRow(long id, String receivedOn, String kind, BigDecimal amount, UUID personId,
            String person, String invoice, String program) {
    }

    public record Rows<T>(String title, long total, int page, int pages, List<T> rows) {
    }

    /** The persons' part of a query: a subquery of person ids, its parameters and a title. */
    private record Selection(String ids, Map<String, Object> parameters, String title) {
    }

    private final Jdbi jdbi;
    private final Analytics analytics;
    private final Clock clock;

    public Drill(Jdbi jdbi, Analytics analytics, Clock clock) {
        this.jdbi = jdbi;
        this.analytics = analytics;
        this.clock = clock;
    }

    /**
     * The persons behind a figure: {@code of=payers&month=} (paid in the month), {@code of=new&month=}
     * (first paid in the month), {@code of=cohort&cohort=&month=}, {@code of=touch&channel=&campaign=}
     * (with {@code from, to}: first paid in the period), {@code of=stage&stage=&from=&to=} (with
     * {@code converted=true}: and reached the next stage).
     */
    public Rows<PersonRow> persons(Map<String, String> query, int page, boolean all, Locale locale) {
        Selection selection = selection(query, locale);
        return jdbi.withHandle(handle -> {
            Query count = handle.createQuery("SELECT count(*) FROM (" + selection.ids() + ") ids");
            selection.parameters().forEach(count::bind);
            long total = count.mapTo(Long.class).one();
            int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
            int shown = Math.min(Math.max(page, 1), pages);
            Query rows = handle.createQuery("""
                    SELECT p.id, p.full_name, a.first_paid_on, a.net, a.channel, a.campaign
                    FROM persons p LEFT JOIN analytics_payers a ON a.person_id = p.id
                    WHERE p.id IN (""" + selection.ids() + ") ORDER BY p.full_name, p.id"
                    + (all ? "" : " LIMIT " + PAGE_SIZE + " OFFSET " + (long) (shown - 1) * PAGE_SIZE));
            selection.parameters().forEach(rows::bind);
            return new Rows<>(selection.title(), total, shown, pages, rows.map((rs, ctx) -> new PersonRow(
                    rs.getObject("id", UUID.class), rs.getString("full_name"),
                    rs.getDate("first_paid_on") == null ? "" : rs.getDate("first_paid_on").toLocalDate().toString(),
                    rs.getBigDecimal("net"), rs.getString("channel") == null ? "" : rs.getString("channel"),
                    rs.getString("campaign") == null ? "" : rs.getString("campaign"))).list());
        });
    }

    /** The payments and refunds received in the period ({@code from, to}), of one program ({@code program}; 0: none). */
    public Rows<PaymentRow> payments(Map<String, String> query, int page, boolean all, Locale locale) {
        Period period = Period.of(query.get("from"), query.get("to"), clock, analytics.zone(), locale);
        Long program = program(query.get("program"), locale);
        String where = "p.received_on >= :from AND p.received_on < :after"
                + " AND (CAST(:program AS bigint) IS NULL OR coalesce(i.program_id, 0) = :program)";
        String title = Messages.text(locale, "analytics.drill.payments", period.from(), period.to());
        return jdbi.withHandle(handle -> {
            long total = handle.createQuery("SELECT count(*) FROM payments p LEFT JOIN invoices i ON i.id = p.invoice_id"
                    + " WHERE " + where).bind("from", period.firstDay()).bind("after", period.dayAfter())
                    .bind("program", program).mapTo(Long.class).one();
            int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
            int shown = Math.min(Math.max(page, 1), pages);
            List<PaymentRow> rows = handle.createQuery("""
                    SELECT p.id, p.received_on, p.kind, p.amount, p.person_id, coalesce(s.full_name, o.name, '') AS payer,
                           coalesce(i.number, '') AS number, coalesce(g.name, '') AS program
                    FROM payments p LEFT JOIN invoices i ON i.id = p.invoice_id
                         LEFT JOIN persons s ON s.id = p.person_id
                         LEFT JOIN organizations o ON o.id = p.organization_id
                         LEFT JOIN programs g ON g.id = i.program_id
                    WHERE\s""" + where + " ORDER BY p.received_on, p.id"
                    + (all ? "" : " LIMIT " + PAGE_SIZE + " OFFSET " + (long) (shown - 1) * PAGE_SIZE))
                    .bind("from", period.firstDay()).bind("after", period.dayAfter()).bind("program", program)
                    .map((rs, ctx) -> new PaymentRow(rs.getLong("id"), rs.getDate("received_on").toLocalDate().toString(),
                            rs.getString("kind"), rs.getBigDecimal("amount"), rs.getObject("person_id", UUID.class),
                            rs.getString("payer"), rs.getString("number"), rs.getString("program"))).list();
            return new Rows<>(title, total, shown, pages, rows);
        });
    }

    private Selection selection(Map<String, String> query, Locale locale) {
        String of = query.getOrDefault("of", "");
        switch (of) {
            case "payers", "new" -> {
                YearMonth month = required(query, "month", locale);
                return of.equals("payers")
                        ? new Selection("SELECT person_id FROM analytics_payer_months WHERE month = :month",
                                Map.of("month", month.atDay(1)), Messages.text(locale, "analytics.drill.payers", month))
                        : new Selection("""
                                SELECT person_id FROM analytics_payers
                                WHERE first_paid_on >= :month AND first_paid_on < :after""",
                                Map.of("month", month.atDay(1), "after", month.plusMonths(1).atDay(1)),
                                Messages.text(locale, "analytics.drill.new", month));
            }
            case "cohort" -> {
                YearMonth cohort = required(query, "cohort", locale);
                YearMonth month = required(query, "month", locale);
                return new Selection("""
                        SELECT a.person_id FROM analytics_payers a
                        JOIN analytics_payer_months m ON m.person_id = a.person_id AND m.month = :month
                        WHERE a.first_paid_on >= :cohort AND a.first_paid_on < :after""",
                        Map.of("cohort", cohort.atDay(1), "after", cohort.plusMonths(1).atDay(1), "month",
                                month.atDay(1)), Messages.text(locale, "analytics.drill.cohort", cohort, month));
            }
            case "touch" -> {
                String channel = query.getOrDefault("channel", "");
                String campaign = query.get("campaign");
                boolean fresh = query.get("from") != null || query.get("to") != null;
                Period period = fresh ? Period.of(query.get("from"), query.get("to"), clock, analytics.zone(), locale)
                        : null;
                StringBuilder sql = new StringBuilder("SELECT person_id FROM analytics_payers WHERE channel = :channel");
                java.util.HashMap<String, Object> parameters = new java.util.HashMap<>();
                parameters.put("channel", channel);
                if (campaign != null) {
                    sql.append(" AND campaign = :campaign");
                    parameters.put("campaign", campaign);
                }
                if (fresh) {
                    sql.append(" AND first_paid_on >= :from AND first_paid_on < :after");
                    parameters.put("from", period.firstDay());
                    parameters.put("after", period.dayAfter());
                }
                String what = channel + (campaign == null ? "" : " / " + campaign);
                return new Selection(sql.toString(), parameters, fresh
                        ? Messages.text(locale, "analytics.drill.touchNew", what, period.from(), period.to())
                        : Messages.text(locale, "analytics.drill.touch", what));
            }
            case "stage" -> {
                String stage = query.getOrDefault("stage", "");
                boolean exists = jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT count(*) FROM funnel_stages WHERE code = :code").bind("code", stage)
                        .mapTo(Integer.class).one()) > 0;
                if (!exists) {
                    throw refused("stage", Messages.text(locale, "analytics.drill.stageUnknown"));
                }
                Period period = Period.of(query.get("from"), query.get("to"), clock, analytics.zone(), locale);
                boolean converted = "true".equals(query.get("converted"));
                String sql = """
                        SELECT m.person_id FROM funnel_moves m
                        WHERE m.to_stage = :stage AND m.at >= :start AND m.at < :end"""
                        + (converted ? " AND " + """
                         EXISTS (SELECT 1 FROM funnel_moves n WHERE n.person_id = m.person_id AND n.at >= m.at
                                    AND n.to_stage = (SELECT s.next FROM (SELECT code, lead(code) OVER (ORDER BY position)
                                        AS next FROM funnel_stages WHERE active) s WHERE s.code = :stage))""" : "");
                return new Selection(sql, Map.of("stage", stage, "start", period.start(analytics.zone()), "end",
                        period.end(analytics.zone())), Messages.text(locale, converted
                                ? "analytics.drill.stageConverted" : "analytics.drill.stage", stage, period.from(),
                                period.to()));
            }
            default -> throw refused("of", Messages.text(locale, "analytics.drill.figureUnknown"));
        }
    }

    private static YearMonth required(Map<String, String> query, String field, Locale locale) {
        YearMonth month = MarketingSpend.month(query.get(field));
        if (month == null) {
            throw refused(field, Messages.text(locale, "analytics.period.monthInvalid"));
        }
        return month;
    }

    static Long program(String typed, Locale locale) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(typed.strip());
        } catch (NumberFormatException e) {
            throw refused("program", Messages.text(locale, "analytics.programInvalid"));
        }
    }

    private static InvalidInputException refused(String field, String message) {
        List<Problem.FieldProblem> problems = new ArrayList<>();
        problems.add(new Problem.FieldProblem(field, message));
        return new InvalidInputException(message, problems);
    }
}
