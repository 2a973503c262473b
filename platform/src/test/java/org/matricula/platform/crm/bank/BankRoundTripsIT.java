package org.matricula.platform.crm.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matricula.platform.testing.RoundTripCounter;
import org.matricula.platform.testing.RunningPlatform;
import org.matricula.platform.testing.TestPostgres;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * How many times importing a bank statement waits for PostgreSQL, counted on the wire
 * (docs/performance.md, "Bank statement"): lines naming an invoice are imported a thousand at a
 * time in a few statements per batch, whatever the number of lines, and so are lines matched by a
 * payer's INN and lines matching nothing.
 */
class BankRoundTripsIT {

    static final Charset WINDOWS = Charset.forName("windows-1251");
    /**
     * The counts measured when the bounds were set (2026-12-02, two runs): 12 and 20 round trips
     * for 1,000 lines naming an invoice, 23 and 20 for 2,000; 7 for 100 lines matching nothing.
     * Lines matched by INN took about 15 each (1,507 and 1,512 for 100) while each was recorded on
     * its own. The counter sees the platform's other work on the wire too (a few round trips),
     * hence the room; one line at a time would be about 12 per line.
     */
    static final int MOST_PER_BATCH = 30;

    static RoundTripCounter counter;
    static RunningPlatform server;
    static Jdbi jdbi;
    static Session admin;

    @BeforeAll
    static void start() {
        counter = RoundTripCounter.in(TestPostgres.newDatabase());
        server = RunningPlatform.start(Map.of("db.url", counter.jdbcUrl(), "db.pool-size", "2",
                "outbox.poll-interval", "1h", "crm.feed-interval", "1h"));
        jdbi = server.platform().database().jdbi();
        admin = TestSessions.admin(server);
        jdbi.useTransaction(h -> {
            h.execute("""
                    INSERT INTO persons (id, full_name, email)
                    SELECT md5('trips-payer-' || g)::uuid, 'Payer ' || g, 'trips-payer-' || g || '@example.org'
                    FROM generate_series(0, 99) g""");
            h.execute("""
                    INSERT INTO invoices (year, seq, number, person_id, issued_on, subtotal, total, paid, status)
                    SELECT 2300, g, '2300-' || lpad(g::text, 5, '0'), md5('trips-payer-' || (g % 100))::uuid,
                           current_date - 40, 100000, 100000, 0, 'ISSUED'
                    FROM generate_series(1, 3000) g""");
            h.execute("""
                    INSERT INTO invoice_instalments (invoice_id, position, due_date, amount)
                    SELECT id, 1, issued_on + 10, total FROM invoices WHERE year = 2300""");
            h.execute("""
                    INSERT INTO billing_payers (inn, person_id)
                    SELECT '78' || lpad(g::text, 8, '0'), md5('trips-payer-' || g)::uuid FROM generate_series(0, 99) g""");
        });
    }

    @AfterAll
    static void stop() {
        server.close();
        counter.close();
    }

    @Test
    void linesNamingAnInvoiceCostAFewStatementsPerThousand() throws Exception {
        long one = trips(0, 1000, n -> "Оплата по счёту 2300-" + String.format("%05d", n + 1), "", 1000);
        long three = trips(1000, 2000, n -> "Оплата по счёту 2300-" + String.format("%05d", n + 1), "", 2000);
        System.out.println("bank statement: 1,000 lines naming an invoice, " + one + " round trips; 2,000 lines, "
                + three + " round trips");
        assertTrue(one <= MOST_PER_BATCH, "1,000 lines: " + one);
        assertTrue(three <= 2 * MOST_PER_BATCH, "2,000 lines: " + three);
    }

    @Test
    void linesMatchedByInnCostAFewStatementsPerThousandALineMatchingNothingNone() throws Exception {
        long hundred = trips(5000, 100, n -> "Оплата обучения", "inn", 100);
        long thousand = trips(7000, 1000, n -> "Оплата обучения", "inn", 1000);
        long none = trips(6000, 100, n -> "Оплата по договору " + n, "", 0);
        System.out.println("bank statement: 100 lines matched by INN, " + hundred + " round trips; 1,000 lines, "
                + thousand + "; 100 lines matching nothing, " + none);
        assertTrue(hundred <= MOST_PER_BATCH, "100 by INN, in one batch: " + hundred);
        assertTrue(thousand <= MOST_PER_BATCH, "1,000 by INN, in one batch: " + thousand);
        assertTrue(none <= MOST_PER_BATCH, "100 unmatched, in one batch: " + none);
    }

    interface Purpose {
        String of(int n);
    }

    /** Imports documents {@code from} .. {@code from + count - 1}; answers the round trips it took. */
    static long trips(int from, int count, Purpose purpose, String inn, int matched) throws Exception {
        StringBuilder text = new StringBuilder("1CClientBankExchange\r\nКодировка=Windows\r\n");
        for (int n = from; n < from + count; n++) {
            text.append("СекцияДокумент=Платежное поручение\r\nНомер=").append(n).append("\r\nДата=01.12.2026\r\n")
                    .append("Сумма=").append(1000 + n % 100).append(".50\r\nПлательщикСчет=40817810")
                    .append(String.format("%012d", n)).append("\r\nПлательщик=Плательщик ").append(n)
                    .append("\r\nПлательщикИНН=").append(inn.isEmpty() ? "" : "78" + String.format("%08d", n % 100))
                    .append("\r\nНазначениеПлатежа=").append(purpose.of(n)).append("\r\nКонецДокумента\r\n");
        }
        byte[] file = text.append("КонецФайла\r\n").toString().getBytes(WINDOWS);
        long before = counter.roundTrips();
        HttpResponse<String> answer = server.send(HttpRequest.newBuilder(server.uri("/api/v1/bank/statements?name=t.txt"))
                .header("Cookie", admin.cookie()).header("X-CSRF-Token", admin.csrf())
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(file)));
        long trips = counter.roundTrips() - before;
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode json = new ObjectMapper().readTree(answer.body());
        assertEquals(count, json.path("added").asInt(), answer.body());
        assertEquals(matched, json.path("matched").asInt(), answer.body());
        return trips;
    }
}
