package org.matricula.platform.crm.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * The CRM's figures (docs/analytics.md): revenue per program and month, paying persons, ARPU and
 * CRR per month, LTV and CAC per first-touch channel and campaign, the funnel's conversion and
 * median time in each stage, and the cohort retention grid. Money comes from the pre-aggregated
 * tables the payments' triggers keep current (migration V62), the funnel from the stays its moves'
 * triggers keep (V67).
 */
public final class Analytics {

    /** Revenue of one month: paid, refunded, net = paid - refunded. */
    public record RevenueMonth(String month, BigDecimal paid, BigDecimal refunded, BigDecimal net) {
    }

    /** Revenue of one program over the period; program 0 is money on no program (balances, other invoices). */
    public record RevenueProgram(long programId, String program, BigDecimal paid, BigDecimal refunded,
            BigDecimal net) {
    }

    public record Revenue(List<RevenueMonth> months, List<RevenueProgram> programs, BigDecimal paid,
            BigDecimal refunded, BigDecimal net) {
    }

    /**
     * Paying persons of one month: those who paid, those of them paying for the first time, the
     * payers of the month before; ARPU = persons' net revenue / payers; CRR = (payers - new) / payers
     * of the month before. A figure that would divide by zero is null.
     */
    public record CustomerMonth(String month, BigDecimal personsNet, long payers, long newPayers,
            long payersBefore, BigDecimal arpu, BigDecimal crr) {
    }

    /** Of one first-touch channel and campaign (campaign null: the channel's total). */
    public record TouchFigure(String channel, String campaign, long payers, BigDecimal net, BigDecimal ltv,
            BigDecimal spend, long newPayers, BigDecimal cac) {
    }

    /** One funnel stage over the period: persons who entered it, of them who reached the next stage. */
    public record StageFigure(String stage, String nextStage, long entered, long converted, BigDecimal conversion,
            BigDecimal medianDays) {
    }

    /** One cohort: persons who first paid in {@code cohort}; retained[k] paid again k months later. */
    public record Cohort(String cohort, long persons, List<Long> retained, List<BigDecimal> shares) {
    }

    /** Every figure of the page over one period, the revenue of one program when a program is chosen. */
    public record Figures(Revenue revenue, List<CustomerMonth> customers, List<TouchFigure> touches,
            List<StageFigure> funnel, List<Cohort> cohorts) {
    }

    /**
     * Threads reading a page's figures side by side: each figure is its own query on its own pooled
     * connection, so the page waits for the slowest figure rather than for their sum. Bounded, so
     * that many pages at once queue here instead of taking every connection of the pool.
     */
    private static final int FIGURE_THREADS = 4;

    /**
     * The funnel's figures of the period from :start to :end, from the kept stays: each stage's
     * stays aggregated on their own (an index-only range of {@code funnel_stays_stage_entered},
     * V90), so that the only sort is the median's, of one stage's durations. Joined to all stages
     * and grouped, every stay of the period was sorted by stage first, on disk at 100,000 stays.
     */
    static final String FUNNEL = """
            WITH stages AS (
                SELECT code, position, lead(code) OVER (ORDER BY position) AS next_code
                FROM funnel_stages WHERE active)
            SELECT s.code, s.next_code, f.entered, f.converted, f.median
            FROM stages s CROSS JOIN LATERAL (
                SELECT count(*) FILTER (WHERE t.earlier_same_stage IS NULL OR t.earlier_same_stage < :start) AS entered,
                       count(*) FILTER (WHERE (t.earlier_same_stage IS NULL OR t.earlier_same_stage < :start)
                                        AND t.reached_next_at IS NOT NULL AND t.next_stage = s.next_code) AS converted,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.left_at - t.entered_at))
                           AS median
                FROM funnel_stays t WHERE t.stage = s.code AND t.entered_at >= :start AND t.entered_at < :end) f
            ORDER BY s.position""";

    private final Jdbi jdbi;
    private final ZoneId zone;
    private final ExecutorService figureThreads;

    public Analytics(Jdbi jdbi, ZoneId zone) {
        this.jdbi = jdbi;
        this.zone = zone;
        ThreadPoolExecutor threads = new ThreadPoolExecutor(FIGURE_THREADS, FIGURE_THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "analytics-figures");
                    thread.setDaemon(true);
                    return thread;
                });
        // idle between pages: no thread kept
        threads.allowCoreThreadTimeOut(true);
        this.figureThreads = threads;
    }

    /**
     * Every figure of the page at once: the revenue, customers, touches and cohorts are read on
     * other threads while this one reads the funnel, the largest of them. Each figure is read in a
     * snapshot of its own, as when they were read one after the other.
     */
    public Figures figures(Period period, Long program) {
        CompletableFuture<Revenue> revenue = later(() -> revenue(period, program));
        CompletableFuture<List<CustomerMonth>> customers = later(() -> customers(period));
        CompletableFuture<List<TouchFigure>> touches = later(() -> touches(period));
        CompletableFuture<List<Cohort>> cohorts = later(() -> cohorts(period));
        List<StageFigure> funnel = funnel(period);
        return new Figures(joined(revenue), joined(customers), joined(touches), funnel, joined(cohorts));
    }

    private <T> CompletableFuture<T> later(Supplier<T> figure) {
        return CompletableFuture.supplyAsync(figure, figureThreads);
    }

    /** The figure read on another thread, or what went wrong reading it, as thrown there. */
    private static <T> T joined(CompletableFuture<T> figure) {
        try {
            return figure.join();
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (failed.getCause() instanceof Error cause) {
                throw cause;
            }
            throw failed;
        }
    }

    public ZoneId zone() {
        return zone;
    }

    /** Revenue per month and per program over the period, of one program when {@code program} is set. */
    public Revenue revenue(Period period, Long program) {
        return jdbi.withHandle(handle -> {
            String where = "month BETWEEN :from AND :to AND (CAST(:program AS bigint) IS NULL OR program_id = :program)";
            Map<YearMonth, BigDecimal[]> byMonth = new TreeMap<>();
            period.months().forEach(month -> byMonth.put(month, new BigDecimal[] {BigDecimal.ZERO.setScale(2),
                BigDecimal.ZERO.setScale(2)}));
            handle.createQuery("SELECT month, sum(paid) AS paid, sum(refunded) AS refunded FROM analytics_revenue WHERE "
                    + where + " GROUP BY month").bind("from", period.firstDay()).bind("to", period.to().atDay(1))
                    .bind("program", program).map((rs, ctx) -> {
                        byMonth.put(YearMonth.from(rs.getDate("month").toLocalDate()),
                                new BigDecimal[] {rs.getBigDecimal("paid"), rs.getBigDecimal("refunded")});
                        return 0;
                    }).list();
            List<RevenueMonth> months = new ArrayList<>();
            BigDecimal paid = BigDecimal.ZERO.setScale(2);
            BigDecimal refunded = BigDecimal.ZERO.setScale(2);
            for (Map.Entry<YearMonth, BigDecimal[]> month : byMonth.entrySet()) {
                BigDecimal[] money = month.getValue();
                months.add(new RevenueMonth(month.getKey().toString(), money[0], money[1], money[0].subtract(money[1])));
                paid = paid.add(money[0]);
                refunded = refunded.add(money[1]);
            }
            List<RevenueProgram> programs = handle.createQuery("""
                    SELECT r.program_id, coalesce(p.name, '') AS name, sum(r.paid) AS paid, sum(r.refunded) AS refunded
                    FROM analytics_revenue r LEFT JOIN programs p ON p.id = r.program_id
                    WHERE\s""" + where.replace("month", "r.month").replace("program_id", "r.program_id") + """
                    
                    GROUP BY r.program_id, p.name
                    HAVING sum(r.paid) <> 0 OR sum(r.refunded) <> 0
                    ORDER BY sum(r.paid) - sum(r.refunded) DESC, r.program_id""")
                    .bind("from", period.firstDay()).bind("to", period.to().atDay(1)).bind("program", program)
                    .map((rs, ctx) -> new RevenueProgram(rs.getLong("program_id"), rs.getString("name"),
                            rs.getBigDecimal("paid"), rs.getBigDecimal("refunded"),
                            rs.getBigDecimal("paid").subtract(rs.getBigDecimal("refunded")))).list();
            return new Revenue(months, programs, paid, refunded, paid.subtract(refunded));
        });
    }

    /** Payers, new payers, ARPU and CRR of each month of the period. */
    public List<CustomerMonth> customers(Period period) {
        return jdbi.withHandle(handle -> {
            LocalDate before = period.from().minusMonths(1).atDay(1);
            Map<LocalDate, long[]> counts = new HashMap<>(); // payers, new
            handle.createQuery("""
                    SELECT month, sum(persons) AS payers, sum(persons) FILTER (WHERE cohort = month) AS fresh
                    FROM analytics_cohorts WHERE month BETWEEN :before AND :to GROUP BY month""")
                    .bind("before", before).bind("to", period.to().atDay(1)).map((rs, ctx) -> {
                        counts.put(rs.getDate("month").toLocalDate(), new long[] {rs.getLong("payers"),
                            rs.getLong("fresh")});
                        return 0;
                    }).list();
            Map<LocalDate, BigDecimal> net = new HashMap<>();
            handle.createQuery("""
                    SELECT month, sum(persons_net) AS net FROM analytics_revenue
                    WHERE month BETWEEN :from AND :to GROUP BY month""")
                    .bind("from", period.firstDay()).bind("to", period.to().atDay(1)).map((rs, ctx) -> {
                        net.put(rs.getDate("month").toLocalDate(), rs.getBigDecimal("net"));
                        return 0;
                    }).list();
            List<CustomerMonth> months = new ArrayList<>();
            for (YearMonth month : period.months()) {
                long[] now = counts.getOrDefault(month.atDay(1), new long[2]);
                long[] earlier = counts.getOrDefault(month.minusMonths(1).atDay(1), new long[2]);
                BigDecimal money = net.getOrDefault(month.atDay(1), BigDecimal.ZERO.setScale(2));
                months.add(new CustomerMonth(month.toString(), money, now[0], now[1], earlier[0],
                        now[0] == 0 ? null : money.divide(BigDecimal.valueOf(now[0]), 2, RoundingMode.HALF_UP),
                        earlier[0] == 0 ? null : BigDecimal.valueOf(now[0] - now[1])
                                .divide(BigDecimal.valueOf(earlier[0]), 4, RoundingMode.HALF_UP)));
            }
            return months;
        });
    }

    /**
     * LTV (over all time) and CAC (over the period) per first-touch channel and per campaign in it,
     * the channel's total first.
     */
    public List<TouchFigure> touches(Period period) {
        return jdbi.withHandle(handle -> {
            Map<List<String>, Object[]> rows = new TreeMap<>((a, b) -> {
                int channel = a.get(0).compareTo(b.get(0));
                if (channel != 0) {
                    return channel;
                }
                return a.get(1) == null ? (b.get(1) == null ? 0 : -1) : b.get(1) == null ? 1 : a.get(1).compareTo(b.get(1));
            });
            // payers, net, spend, new payers
            handle.createQuery("""
                    SELECT channel, campaign, GROUPING(campaign) AS whole, sum(payers) AS payers, sum(net) AS net,
                           coalesce(sum(payers) FILTER (WHERE month >= :from AND month < :after), 0) AS fresh
                    FROM analytics_touches GROUP BY ROLLUP (channel, campaign)
                    HAVING GROUPING(channel) = 0 AND sum(payers) > 0""")
                    .bind("from", period.firstDay()).bind("after", period.dayAfter()).map((rs, ctx) -> {
                        Object[] row = row(rows, rs.getString("channel"), rs.getInt("whole") == 1 ? null
                                : rs.getString("campaign"));
                        row[0] = rs.getLong("payers");
                        row[1] = rs.getBigDecimal("net");
                        row[3] = rs.getLong("fresh");
                        return 0;
                    }).list();
            handle.createQuery("""
                    SELECT channel, campaign, GROUPING(campaign) AS whole, sum(amount) AS spend FROM marketing_spend
                    WHERE month >= :from AND month < :after
                    GROUP BY ROLLUP (channel, campaign) HAVING GROUPING(channel) = 0""")
                    .bind("from", period.firstDay()).bind("after", period.dayAfter()).map((rs, ctx) -> {
                        row(rows, rs.getString("channel"), rs.getInt("whole") == 1 ? null : rs.getString("campaign"))[2] =
                                rs.getBigDecimal("spend");
                        return 0;
                    }).list();
            List<TouchFigure> figures = new ArrayList<>();
            rows.forEach((key, row) -> {
                long payers = (Long) row[0];
                BigDecimal net = (BigDecimal) row[1];
                BigDecimal spend = (BigDecimal) row[2];
                long fresh = (Long) row[3];
                figures.add(new TouchFigure(key.get(0), key.get(1), payers, net,
                        payers == 0 ? null : net.divide(BigDecimal.valueOf(payers), 2, RoundingMode.HALF_UP), spend,
                        fresh, fresh == 0 ? null : spend.divide(BigDecimal.valueOf(fresh), 2, RoundingMode.HALF_UP)));
            });
            return figures;
        });
    }

    private static Object[] row(Map<List<String>, Object[]> rows, String channel, String campaign) {
        List<String> key = new ArrayList<>();
        key.add(channel);
        key.add(campaign);
        return rows.computeIfAbsent(key, k -> new Object[] {0L, BigDecimal.ZERO.setScale(2),
            BigDecimal.ZERO.setScale(2), 0L});
    }

    /**
     * Each active stage in order: the persons who entered it in the period, how many of them later
     * reached the next stage, the share, and the median days a stay in the stage entered in the
     * period lasted (stays not yet ended left out). Read from the stays the funnel moves' triggers
     * keep (migration V67): one index range of {@code funnel_stays_stage_entered} per stage, counted
     * without DISTINCT (a person's first stay in the stage within the period is the one whose
     * earlier stay there, if any, began before the period).
     */
    public List<StageFigure> funnel(Period period) {
        return jdbi.withHandle(handle -> handle.createQuery(FUNNEL)
                .bind("start", period.start(zone)).bind("end", period.end(zone))
                .map((rs, ctx) -> {
                    long entered = rs.getLong("entered");
                    long converted = rs.getLong("converted");
                    double median = rs.getDouble("median");
                    boolean none = rs.wasNull();
                    String next = rs.getString("next_code");
                    return new StageFigure(rs.getString("code"), next, entered, next == null ? 0 : converted,
                            next == null || entered == 0 ? null : BigDecimal.valueOf(converted)
                                    .divide(BigDecimal.valueOf(entered), 4, RoundingMode.HALF_UP),
                            none ? null : BigDecimal.valueOf(median / 86400).setScale(1, RoundingMode.HALF_UP));
                }).list());
    }

    /**
     * The cohorts of the period's months: persons who first paid in the month, and how many of
     * them paid in each later month up to the end of the period.
     */
    public List<Cohort> cohorts(Period period) {
        return jdbi.withHandle(handle -> {
            Map<LocalDate, Map<LocalDate, Long>> cells = new LinkedHashMap<>();
            handle.createQuery("""
                    SELECT cohort, month, persons FROM analytics_cohorts
                    WHERE cohort BETWEEN :from AND :to AND month <= :to AND persons > 0""")
                    .bind("from", period.firstDay()).bind("to", period.to().atDay(1)).map((rs, ctx) -> {
                        cells.computeIfAbsent(rs.getDate("cohort").toLocalDate(), c -> new HashMap<>())
                                .put(rs.getDate("month").toLocalDate(), rs.getLong("persons"));
                        return 0;
                    }).list();
            List<Cohort> cohorts = new ArrayList<>();
            for (YearMonth cohort : period.months()) {
                Map<LocalDate, Long> row = cells.getOrDefault(cohort.atDay(1), Map.of());
                long size = row.getOrDefault(cohort.atDay(1), 0L);
                List<Long> retained = new ArrayList<>();
                List<BigDecimal> shares = new ArrayList<>();
                for (YearMonth month = cohort.plusMonths(1); !month.isAfter(period.to()); month = month.plusMonths(1)) {
                    long persons = row.getOrDefault(month.atDay(1), 0L);
                    retained.add(persons);
                    shares.add(size == 0 ? null : BigDecimal.valueOf(persons).divide(BigDecimal.valueOf(size), 4,
                            RoundingMode.HALF_UP));
                }
                cohorts.add(new Cohort(cohort.toString(), size, retained, shares));
            }
            return cohorts;
        });
    }

    /** The programs money was received for, to filter by. */
    public List<Map<String, Object>> programs() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT id, name FROM programs ORDER BY name, id")
                .map((rs, ctx) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", rs.getLong("id"));
                    row.put("name", rs.getString("name"));
                    return row;
                }).list());
    }
}
