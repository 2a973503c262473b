package org.matricula.platform.crm.deals;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.db.GivingWay;
import org.matricula.platform.crm.timeline.Entry;
import org.matricula.platform.crm.timeline.Kind;
import org.matricula.platform.crm.timeline.Timeline;
import org.matricula.platform.crm.sync.SyncMarks;
import org.matricula.platform.db.RepeatedWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retail deals with no human touch, read from the declarations and invoices as the CRM's feed
 * reads them (registration knows nothing of deals): a submitted declaration opens a deal, its
 * invoice paid in full wins it, the declaration withdrawn or rejected loses it. One deal per
 * declaration (unique), and each move is made only from OPEN, so reading again changes nothing.
 * A won deal of a program set to enrol automatically enrols its accepted declaration through
 * registration's own status change ({@link Enrolment}).
 */
public final class RetailDeals implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RetailDeals.class);
    private static final int BATCH = 200;
    /** Links before the mark read again, as the CRM's feed reads its sources. */
    private static final int OVERLAP = 200;
    /** The most batches of links one run reads; the next run goes on. */
    private static final int MOST_ROUNDS = 50;
    private static final String RETRY = "5 minutes";
    /** The source of the mark in {@code crm_sync}: the last declaration link read. */
    private static final String MARK = "retail_deals";

    private final Jdbi jdbi;
    private final Timeline timeline;
    private final Enrolment enrolment;
    private final Clock clock;
    private final RepeatedWork repeated = new RepeatedWork("crm-deals", RetailDeals.class,
            "Deals could not be brought up to date");

    public RetailDeals(Jdbi jdbi, Timeline timeline, Enrolment enrolment, Clock clock) {
        this.jdbi = jdbi;
        this.timeline = timeline;
        this.enrolment = enrolment;
        this.clock = clock;
    }

    public void start(Duration tick) {
        repeated.start(tick, this::catchUp);
    }

    /** Brings the deals up to date with the declarations and invoices; answers how many changed. */
    public int catchUp() {
        int changed = jdbi.inTransaction(handle -> {
            if (!handle.createQuery("SELECT " + GivingWay.WAIT_BRIEFLY
                    + " AND pg_try_advisory_xact_lock(hashtext('matricula.crm.deals'))").mapTo(Boolean.class).one()) {
                return 0;
            }
            // a deal opened by a read that began before a seat was taken by code
            handle.createUpdate("""
                    DELETE FROM deals x WHERE x.kind = 'RETAIL' AND x.stage = 'OPEN'
                      AND EXISTS (SELECT 1 FROM deal_seats s WHERE s.declaration_id = x.declaration_id)""").execute();
            return open(handle) + won(handle) + lost(handle);
        });
        return changed + enrol();
    }

    /**
     * The declarations of the deal's program whose addresses it lists take those seats, as the list
     * is saved; those made later take theirs as their deals are opened ({@link #open}).
     */
    static int matchListedSeats(Handle handle, long deal) {
        return matchListedSeats(handle, "x.id = :deal", Map.of("deal", deal));
    }

    /**
     * A declaration whose address a won B2B deal of its program lists takes that seat, among the
     * declarations the condition picks. Matching every declaration on every run read the whole table
     * each second (1.8 s at a million declarations), seats to fill or not.
     */
    private static int matchListedSeats(Handle handle, String declarations, Map<String, Object> binds) {
        List<UUID> matched = handle.createQuery("""
                UPDATE deal_seats s SET declaration_id = d.id
                FROM deals x, declarations d
                WHERE s.deal_id = x.id AND s.via = 'LIST' AND s.declaration_id IS NULL AND x.stage = 'WON'
                  AND d.program_id = x.program_id AND lower(d.email) = s.email
                  AND d.status NOT IN ('WITHDRAWN', 'REJECTED')
                  AND NOT EXISTS (SELECT 1 FROM deal_seats t WHERE t.declaration_id = d.id)
                  AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.declaration_id = d.id)
                  AND %s
                RETURNING d.id""".formatted(declarations)).bindMap(binds).mapTo(UUID.class).list();
        matched.forEach(declaration -> dropOpenRetail(handle, declaration));
        return matched.size();
    }

    /** A declaration paid for by an organization is no retail sale: its open retail deal goes. */
    static void dropOpenRetail(Handle handle, UUID declaration) {
        handle.createUpdate("DELETE FROM deals WHERE declaration_id = :d AND kind = 'RETAIL' AND stage = 'OPEN'")
                .bind("d", declaration).execute();
    }

    /** A deal moved; {@code at} is when its cause happened (the submission for an opened deal), else null for now. */
    private record Row(long deal, UUID person, String program, BigDecimal amount, String detail, java.time.Instant at) {
    }

    /**
     * Opens a retail deal for each declaration the CRM linked to its person since the mark, but
     * those already in a deal or on an organization's seat (a declaration whose address a won deal
     * lists takes that seat first); the mark moves past every link read.
     * Links are made by the CRM's feed alone, one transaction at a time, so they become visible in
     * their order; the last {@value #OVERLAP} before the mark are read again all the same. Answers
     * how many deals it opened and seats it filled.
     */
    private int open(Handle handle) {
        int changed = 0;
        long mark = SyncMarks.of(handle, MARK);
        for (int round = 0; round < MOST_ROUNDS; round++) {
            Optional<Long> last = handle.createQuery("""
                    SELECT max(seq) FROM (SELECT seq FROM person_declarations WHERE seq > :mark
                                          ORDER BY seq LIMIT :batch) linked""")
                    .bind("mark", mark).bind("batch", BATCH).mapTo(Long.class).findOne();
            if (last.isEmpty()) {
                return changed;
            }
            long from = Math.max(0, mark - OVERLAP);
            // seats first: a declaration taking one opens no retail deal
            changed += matchListedSeats(handle, "d.id IN (SELECT pd.declaration_id FROM person_declarations pd"
                    + " WHERE pd.seq > :from AND pd.seq <= :last)", Map.of("from", from, "last", last.get()));
            List<Row> rows = handle.createQuery("""
                    WITH due AS (
                        SELECT d.id, pd.person_id, d.program_id,
                               coalesce((SELECT p.amount FROM billing_prices p
                                         WHERE p.program_id = d.program_id AND p.start_date IS NULL), 0) AS amount,
                               d.number, d.submitted_at, pd.seq
                        FROM person_declarations pd JOIN declarations d ON d.id = pd.declaration_id
                        WHERE pd.seq > :from AND pd.seq <= :last
                          AND NOT EXISTS (SELECT 1 FROM deals x WHERE x.declaration_id = d.id)
                          AND NOT EXISTS (SELECT 1 FROM deal_seats s WHERE s.declaration_id = d.id)
                    )
                    INSERT INTO deals (kind, title, stage, person_id, declaration_id, program_id, price_per_seat,
                        amount, created_at)
                    SELECT 'RETAIL', due.number, 'OPEN', due.person_id, due.id, due.program_id, due.amount, due.amount,
                           due.submitted_at
                    FROM due ORDER BY due.seq
                    ON CONFLICT (declaration_id) DO NOTHING
                    RETURNING id, person_id, (SELECT name FROM programs WHERE id = program_id), amount, title,
                              created_at""")
                    .bind("from", from).bind("last", last.get())
                    .map((rs, ctx) -> new Row(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getBigDecimal(4), rs.getString(5), rs.getTimestamp(6).toInstant())).list();
            recorded(handle, rows, null, Stage.OPEN, rows.stream().map(row -> "").toList());
            SyncMarks.advance(handle, MARK, last.get());
            mark = last.get();
            changed += rows.size();
        }
        return changed;
    }

    private int won(Handle handle) {
        List<Row> won = handle.createQuery("""
                UPDATE deals x SET stage = 'WON', amount = i.total, invoice_id = i.id, probability = 100,
                    closed_at = now(), updated_at = now()
                FROM invoices i
                WHERE i.declaration_id = x.declaration_id AND x.kind = 'RETAIL' AND x.stage = 'OPEN'
                  AND i.status = 'PAID'
                RETURNING x.id, x.person_id, (SELECT name FROM programs WHERE id = x.program_id), x.amount,
                          i.number""")
                .map((rs, ctx) -> new Row(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getBigDecimal(4), rs.getString(5), null)).list();
        recorded(handle, won, Stage.OPEN, Stage.WON, won.stream().map(Row::detail).toList());
        return won.size();
    }

    private int lost(Handle handle) {
        List<Row> lost = handle.createQuery("""
                UPDATE deals x SET stage = 'LOST', lost_reason = d.status, probability = 0, closed_at = now(),
                    updated_at = now()
                FROM declarations d
                WHERE d.id = x.declaration_id AND x.kind = 'RETAIL' AND x.stage = 'OPEN'
                  AND d.status IN ('WITHDRAWN', 'REJECTED')
                RETURNING x.id, x.person_id, (SELECT name FROM programs WHERE id = x.program_id), x.amount,
                          d.status""")
                .map((rs, ctx) -> new Row(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getBigDecimal(4), rs.getString(5), null)).list();
        recorded(handle, lost, Stage.OPEN, Stage.LOST, lost.stream().map(Row::detail).toList());
        return lost.size();
    }

    /** The deals' moves and their timeline entries, each kind with one statement for all the deals. */
    private void recorded(Handle handle, List<Row> rows, Stage from, Stage to, List<String> reasons) {
        Deals.movedAll(handle, rows.stream().map(Row::deal).toList(), from, to, reasons);
        timeline.appendAll(handle, rows.stream().map(row -> entry(row, to)).toList());
    }

    private Entry entry(Row row, Stage stage) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("deal", row.deal());
        details.put("stage", stage.name());
        details.put("amount", row.amount().toPlainString());
        return Entry.of(row.person(), Kind.DEAL, row.at() == null ? clock.instant() : row.at(),
                stage.name() + " · " + row.program() + " · " + row.amount().toPlainString(), details, null,
                "deal:" + row.deal() + ":" + stage.name());
    }

    /**
     * Enrols the accepted declarations of won deals whose program says so. The deal is marked with
     * the attempt's time before the status change, so that one node tries it, and a refusal (an
     * offer not yet accepted; told in the log) is tried again only after {@code RETRY}.
     */
    private int enrol() {
        List<UUID> due = jdbi.withHandle(handle -> handle.createQuery("""
                UPDATE deals x SET enrol_tried_at = now()
                FROM declarations d, deal_program_settings s
                WHERE d.id = x.declaration_id AND s.program_id = x.program_id AND s.auto_enrol
                  AND x.kind = 'RETAIL' AND x.stage = 'WON' AND d.status = 'ACCEPTED'
                  AND (x.enrol_tried_at IS NULL OR x.enrol_tried_at < now() - CAST(:retry AS interval))
                RETURNING x.declaration_id""").bind("retry", RETRY).mapTo(UUID.class).list());
        int enrolled = 0;
        for (UUID declaration : due) {
            try {
                enrolment.enrol(declaration);
                enrolled++;
            } catch (RuntimeException e) {
                log.warn("Declaration {} paid in full could not be enrolled: {}", declaration, e.getMessage());
            }
        }
        return enrolled;
    }

    @Override
    public void close() {
        repeated.close();
    }
}
