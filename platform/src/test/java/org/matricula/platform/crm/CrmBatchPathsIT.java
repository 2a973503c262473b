package org.matricula.platform.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * The paths made for large numbers (docs/performance.md, "CRM"): the persons list's organization,
 * manager and tag filters; a bank statement of several batches imported once with every payment
 * counted once; the arrears kept on the invoice agreeing with the arrears computed from the
 * instalments; a lead source's last use written at most once a minute.
 */
class CrmBatchPathsIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Charset WINDOWS = Charset.forName("windows-1251");

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Jdbi jdbi;
    static Session admin;

    @BeforeAll
    static void start() {
        jdbi = server.platform().database().jdbi();
        admin = TestSessions.admin(server);
    }

    @Test
    void thePersonsListFiltersByOrganizationByIdOrNameManagerAndTag() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        long organization = jdbi.withHandle(h -> h.createQuery(
                "INSERT INTO organizations (name, kind) VALUES (:n, 'EMPLOYER') RETURNING id")
                .bind("n", "Filter org " + run).mapTo(Long.class).one());
        for (int i = 0; i < 6; i++) {
            int n = i;
            jdbi.useHandle(h -> {
                UUID person = h.createQuery("""
                        INSERT INTO persons (last_name, first_name, full_name, tags, manager_id, email)
                        VALUES (:last, 'Filter', :last || ' Filter', CAST(:tags AS text[]), :manager, :email)
                        RETURNING id""").bind("last", "Filtered" + run + "x" + n)
                        .bind("tags", n % 2 == 0 ? "{even-" + run + "}" : "{odd-" + run + "}")
                        .bind("manager", n < 2 ? admin.accountId() : null)
                        .bind("email", "filter" + n + "-" + run + "@example.org").mapTo(UUID.class).one();
                if (n % 3 == 0) {
                    h.execute("INSERT INTO organization_members (organization_id, person_id, role) VALUES (?, ?, 'STUDENT')",
                            organization, person);
                }
            });
        }
        assertEquals(List.of(0, 3), shown(run, "organization=" + organization));
        // a part of the organization's name, in any case, as an admin types it
        assertEquals(List.of(0, 3), shown(run, "organization=ORG+" + run.toUpperCase()));
        assertEquals(List.of(0, 1), shown(run, "manager=" + admin.accountId()));
        assertEquals(List.of(0, 2, 4), shown(run, "tag=even-" + run));
        assertEquals(List.of(0), shown(run, "tag=even-" + run + "&organization=" + organization + "&manager="
                + admin.accountId()));
        // values that name nothing show nothing, and are no error
        assertEquals(List.of(), shown(run, "organization=not-a-number"));
        assertEquals(List.of(), shown(run, "manager=not-an-id"));
        // the search looks in emails and phones as well as names
        assertEquals(List.of(4), shown(run, "q=filter4-" + run));
    }

    @Test
    void thePersonsListCountsItsTotalUpToAThousandRowsPastThePage() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO persons (last_name, first_name, full_name, tags)
                SELECT 'Counted' || g, 'Many', 'Counted' || g || ' Many', ARRAY[:tag || CASE WHEN g <= 60 THEN '-few' ELSE '' END]
                FROM generate_series(1, 1100) g""").bind("tag", "count-" + run).execute());
        String many = server.send(admin.request("/admin/persons?lang=en&size=50&tag=count-" + run)).body();
        assertTrue(many.contains("id=\"total\">1000+<"), "1,040 persons are counted as 1000+");
        String few = server.send(admin.request("/admin/persons?lang=en&size=50&tag=count-" + run + "-few")).body();
        assertTrue(few.contains("id=\"total\">60<"), "60 persons are counted exactly");
        // a page past the thousand is counted up to its end, and shows its rows
        String deep = server.send(admin.request("/admin/persons?lang=en&size=50&page=21&sort=full_name&dir=asc&tag=count-"
                + run)).body();
        assertTrue(deep.contains("id=\"total\">1040<"), "counted to the end from page 21");
        assertTrue(deep.contains("Counted99 Many"), "page 21 shows its rows");
    }

    /** Which of the run's persons (by their number) the persons list shows with those parameters. */
    static List<Integer> shown(String run, String parameters) throws Exception {
        HttpResponse<String> page = server.send(admin.request("/admin/persons?size=200&lang=en&" + parameters
                + (parameters.startsWith("q=") ? "" : "&q=Filtered" + run)));
        assertEquals(200, page.statusCode(), page.body());
        java.util.regex.Matcher names = java.util.regex.Pattern.compile("Filtered" + run + "x(\\d)").matcher(page.body());
        java.util.TreeSet<Integer> found = new java.util.TreeSet<>();
        while (names.find()) {
            found.add(Integer.parseInt(names.group(1)));
        }
        return List.copyOf(found);
    }

    @Test
    void aStatementOfSeveralBatchesPaysEachLineOnceAndIsImportedOnce() throws Exception {
        int year = 2090 + (int) (System.nanoTime() % 9);
        // 1,200 invoices of 3,000.00 with one instalment, the last one cancelled
        UUID person = jdbi.withHandle(h -> h.createQuery(
                "INSERT INTO persons (full_name, email) VALUES ('Batch Payer', :e) RETURNING id")
                .bind("e", "batch-" + UUID.randomUUID() + "@example.org").mapTo(UUID.class).one());
        jdbi.useHandle(h -> {
            h.createUpdate("""
                    INSERT INTO invoices (year, seq, number, person_id, issued_on, subtotal, total, paid, status)
                    SELECT :year, g, :year || '-' || lpad(g::text, 5, '0'), :person, current_date - 40, 3000, 3000, 0,
                           CASE WHEN g = 1200 THEN 'CANCELLED' ELSE 'ISSUED' END
                    FROM generate_series(1, 1200) g""").bind("year", year).bind("person", person).execute();
            h.createUpdate("""
                    INSERT INTO invoice_instalments (invoice_id, position, due_date, amount)
                    SELECT id, 1, issued_on + 10, total FROM invoices WHERE year = :year""").bind("year", year).execute();
        });
        StringBuilder statement = new StringBuilder("1CClientBankExchange\r\nКодировка=Windows\r\n");
        // 2,400 lines: each invoice twice (1,000.00 then 2,000.00: paid in full), in two far apart batches
        for (int n = 0; n < 2400; n++) {
            int invoice = n % 1200 + 1;
            statement.append(document(year, n, n < 1200 ? "1000.00" : "2000.00",
                    "Оплата по счёту " + year + "-" + String.format("%05d", invoice)));
        }
        statement.append(document(year, 2400, "10.00", "Без счёта"));
        statement.append(document(year, 0, "1000.00", "Оплата по счёту " + year + "-00001")); // the same document again
        byte[] file = statement.append("КонецФайла\r\n").toString().getBytes(WINDOWS);

        JsonNode first = json(importStatement(file));
        assertEquals(2402, first.path("documents").asInt());
        assertEquals(2401, first.path("added").asInt(), "the document written twice is one line");
        assertEquals(1, first.path("known").asInt());
        assertEquals(2398, first.path("matched").asInt(), "all but the cancelled invoice's two and the one without");
        assertEquals(3, first.path("unmatched").asInt());
        Map<String, Object> money = jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) FILTER (WHERE status = 'PAID') AS paid_invoices, sum(paid) AS paid,
                       (SELECT count(*) FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE i.year = :year) AS payments,
                       (SELECT count(*) FROM timeline_entries WHERE person_id = :person AND kind = 'PAYMENT') AS entries,
                       (SELECT count(*) FROM bank_lines l JOIN payments p ON p.id = l.payment_id
                        WHERE p.idempotency_key = 'bank-line:' || l.id AND l.state = 'MATCHED'
                          AND p.invoice_id IS NOT NULL AND p.source = 'BANK') AS tied
                FROM invoices WHERE year = :year""").bind("year", year).bind("person", person).mapToMap().one());
        assertEquals(1199L, money.get("paid_invoices"));
        assertEquals(0, new BigDecimal("3597000.00").compareTo((BigDecimal) money.get("paid")), money.toString());
        assertEquals(2398L, money.get("payments"));
        assertEquals(2398L, money.get("entries"), "a timeline entry per payment");
        assertTrue((Long) money.get("tied") >= 2398L, money.toString());

        JsonNode again = json(importStatement(file));
        assertEquals(0, again.path("added").asInt());
        assertEquals(2402, again.path("known").asInt(), "every document known, the one written twice too");
        assertEquals(money.get("paid"), jdbi.withHandle(h -> h.createQuery(
                "SELECT sum(paid) FROM invoices WHERE year = :year").bind("year", year).mapTo(BigDecimal.class).one()));
    }

    static String document(int year, int n, String amount, String purpose) {
        return "СекцияДокумент=Платежное поручение\r\nНомер=" + year + n + "\r\nДата=01.12.2026\r\nСумма=" + amount
                + "\r\nПлательщикСчет=40817810" + String.format("%012d", n) + "\r\nПлательщик=Плательщик " + n
                + "\r\nНазначениеПлатежа=" + purpose + "\r\nКонецДокумента\r\n";
    }

    static HttpResponse<String> importStatement(byte[] file) {
        return server.send(admin.request("/api/v1/bank/statements?name=batch.txt")
                .header("Content-Type", "application/octet-stream").header("X-CSRF-Token", admin.csrf())
                .POST(HttpRequest.BodyPublishers.ofByteArray(file)));
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    /** The arrears as the view computed them before the columns were kept (migration V42). */
    static final String COMPUTED = """
            SELECT i.id, o.overdue, o.since, (current_date - o.since) AS days
            FROM invoices i
            JOIN LATERAL (
                SELECT min(s.due_date) FILTER (WHERE s.covered_to > i.paid) AS since,
                       coalesce(sum(s.amount) FILTER (WHERE s.due_date < current_date), 0) - i.paid AS overdue
                FROM (SELECT due_date, amount, sum(amount) OVER (ORDER BY position) AS covered_to
                      FROM invoice_instalments WHERE invoice_id = i.id) s
            ) o ON true
            WHERE i.status IN ('ISSUED', 'PARTIAL') AND o.overdue > 0""";

    @Test
    void theArrearsKeptOnTheInvoiceAgreeWithThoseComputedFromTheInstalments() {
        int year = 2080 + (int) (System.nanoTime() % 9);
        UUID person = jdbi.withHandle(h -> h.createQuery(
                "INSERT INTO persons (full_name, email) VALUES ('Arrears Payer', :e) RETURNING id")
                .bind("e", "arrears-" + UUID.randomUUID() + "@example.org").mapTo(UUID.class).one());
        jdbi.useHandle(h -> {
            // 300 invoices: three instalments due at various dates, some out of order, paid in steps
            h.createUpdate("""
                    INSERT INTO invoices (year, seq, number, person_id, issued_on, subtotal, total, paid, status)
                    SELECT :year, g, :year || '-' || lpad(g::text, 5, '0'), :person, current_date - 200, 900, 900,
                           (ARRAY[0, 100, 300, 450, 600, 899.99])[1 + g % 6],
                           CASE WHEN g % 6 = 0 THEN 'ISSUED' ELSE 'PARTIAL' END
                    FROM generate_series(1, 300) g""").bind("year", year).bind("person", person).execute();
            h.createUpdate("""
                    INSERT INTO invoice_instalments (invoice_id, position, due_date, amount)
                    SELECT i.id, k, current_date + ((i.seq * 7 + k * 31) % 160) - 100, 300
                    FROM invoices i CROSS JOIN generate_series(1, 3) k WHERE i.year = :year""").bind("year", year)
                    .execute();
        });
        assertEquals(computed(year), kept(year));
        assertFalse(kept(year).isEmpty());
        // instalments moved and payments raised: the kept columns follow
        jdbi.useHandle(h -> {
            h.createUpdate("""
                    UPDATE invoice_instalments SET due_date = due_date - 45
                    WHERE position = 2 AND invoice_id IN (SELECT id FROM invoices WHERE year = :year AND seq % 2 = 0)""")
                    .bind("year", year).execute();
            h.createUpdate("UPDATE invoices SET paid = paid + 150 WHERE year = :year AND seq % 3 = 0")
                    .bind("year", year).execute();
            h.createUpdate("""
                    DELETE FROM invoice_instalments
                    WHERE position = 3 AND invoice_id IN (SELECT id FROM invoices WHERE year = :year AND seq % 5 = 0)""")
                    .bind("year", year).execute();
        });
        assertEquals(computed(year), kept(year));
    }

    @Test
    void theArrearsListIsSearchedByNumberAndPayer() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        int year = 2070 + (int) Math.abs(System.nanoTime() % 9);
        String number = year + "-" + String.format("%05d", 1 + (int) Math.abs(System.nanoTime() % 99_000));
        jdbi.useHandle(h -> {
            UUID person = h.createQuery("INSERT INTO persons (full_name, email) VALUES (:n, :e) RETURNING id")
                    .bind("n", "Searchable" + run + " Payer").bind("e", "search-" + run + "@example.org")
                    .mapTo(UUID.class).one();
            UUID invoice = h.createQuery("""
                    INSERT INTO invoices (year, seq, number, person_id, issued_on, subtotal, total, paid, status)
                    VALUES (:year, :seq, :number, :person, current_date - 30, 500, 500, 0, 'ISSUED') RETURNING id""")
                    .bind("year", year).bind("seq", Integer.parseInt(number.substring(5))).bind("number", number)
                    .bind("person", person).mapTo(UUID.class).one();
            h.execute("INSERT INTO invoice_instalments (invoice_id, position, due_date, amount)"
                    + " VALUES (?, 1, current_date - 20, 500)", invoice);
        });
        for (String search : List.of("Searchable" + run, number)) {
            HttpResponse<String> found = server.send(admin.request("/api/v1/billing/arrears?q="
                    + java.net.URLEncoder.encode(search, java.nio.charset.StandardCharsets.UTF_8)));
            assertEquals(200, found.statusCode(), found.body());
            assertTrue(found.body().contains(number), found.body());
        }
    }

    static List<String> computed(int year) {
        return jdbi.withHandle(h -> h.createQuery("SELECT c.id || ' ' || c.overdue || ' ' || c.since || ' ' || c.days"
                + " FROM (" + COMPUTED + ") c JOIN invoices i ON i.id = c.id WHERE i.year = :year ORDER BY c.id")
                .bind("year", year).mapTo(String.class).list());
    }

    static List<String> kept(int year) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT a.id || ' ' || a.overdue || ' ' || a.since || ' ' || a.days
                FROM billing_arrears a JOIN invoices i ON i.id = a.id WHERE i.year = :year ORDER BY a.id""")
                .bind("year", year).mapTo(String.class).list());
    }

    @Test
    void aLeadSourcesLastUseIsWrittenAtMostOnceAMinute() throws Exception {
        HttpResponse<String> created = server.send(admin.json("/api/v1/crm/lead-sources")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Minute site\"}")));
        assertEquals(201, created.statusCode(), created.body());
        JsonNode source = JSON.readTree(created.body());
        String key = source.path("key").asText();
        long id = source.path("source").path("id").asLong();
        assertEquals(202, lead(key, "minute-1").statusCode());
        Instant first = lastUsed(id);
        assertEquals(202, lead(key, "minute-2").statusCode());
        assertEquals(first, lastUsed(id), "not written again within the minute");
        jdbi.useHandle(h -> h.execute("UPDATE lead_sources SET last_used_at = now() - interval '2 minutes' WHERE id = ?",
                id));
        Instant back = lastUsed(id);
        // a node reads the key again a minute after it last did (here: a node that has not read it yet)
        assertTrue(new org.matricula.platform.crm.leads.LeadSources(jdbi).authenticate(key).isPresent());
        assertTrue(lastUsed(id).isAfter(back), "written once older than a minute");
    }

    static HttpResponse<String> lead(String key, String name) {
        return server.send(HttpRequest.newBuilder(server.uri("/api/v1/leads")).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"firstName\": \"" + name + "\", \"email\": \"" + name + "-" + UUID.randomUUID()
                                + "@example.org\", \"consentProcessing\": true}")));
    }

    static Instant lastUsed(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT last_used_at FROM lead_sources WHERE id = :id")
                .bind("id", id).mapTo(Instant.class).one());
    }
}
