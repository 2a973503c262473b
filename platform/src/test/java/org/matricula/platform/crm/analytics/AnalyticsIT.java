package org.matricula.platform.crm.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * Every figure of the analytics page against a small fixture worked out by hand (docs/analytics.md
 * has the definitions): five persons, three invoices, eight payments and a refund in January to
 * March 2030, marketing spend and funnel moves. Payments go through the payments API, so the
 * pre-aggregated tables are those its transaction keeps.
 */
class AnalyticsIT {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final String PERIOD = "from=2030-01&to=2030-03";

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Jdbi jdbi;
    static Session admin;
    static long programA;
    static long programB;
    static UUID anna;
    static UUID boris;
    static UUID vera;
    static UUID gleb;
    static UUID dina;

    @BeforeAll
    static void fixture() throws Exception {
        jdbi = server.platform().database().jdbi();
        admin = TestSessions.admin(server);
        programA = program("analytics-a", "Analytics A");
        programB = program("analytics-b", "Analytics B");
        anna = person("Anna", "{\"channel\": \"cpc\", \"campaign\": \"spring\"}");
        boris = person("Boris", "{\"channel\": \"cpc\", \"campaign\": \"autumn\"}");
        vera = person("Vera", "{\"channel\": \"email\"}");
        gleb = person("Gleb", null);
        dina = person("Dina", "{\"channel\": \"cpc\", \"campaign\": \"spring\"}");
        long organization = jdbi.withHandle(h -> h.createQuery(
                "INSERT INTO organizations (name, kind) VALUES ('Analytics Corp', 'EMPLOYER') RETURNING id")
                .mapTo(Long.class).one());
        UUID annaInvoice = invoice(anna, programA, 1, "30000");
        UUID borisInvoice = invoice(boris, programB, 2, "20000");
        UUID veraInvoice = invoice(vera, programA, 3, "10000");

        pay("a1", "PAYMENT", Map.of("invoiceId", annaInvoice.toString()), "10000", "2030-01-10");
        pay("a2", "PAYMENT", Map.of("invoiceId", annaInvoice.toString()), "10000", "2030-02-10");
        pay("a3", "PAYMENT", Map.of("invoiceId", annaInvoice.toString()), "10000", "2030-03-10");
        pay("b1", "PAYMENT", Map.of("invoiceId", borisInvoice.toString()), "20000", "2030-01-20");
        pay("b2", "REFUND", Map.of("invoiceId", borisInvoice.toString()), "5000", "2030-02-05");
        pay("v1", "PAYMENT", Map.of("invoiceId", veraInvoice.toString()), "4000", "2030-02-15");
        pay("v2", "PAYMENT", Map.of("invoiceId", veraInvoice.toString()), "6000", "2030-03-15");
        pay("g1", "PAYMENT", Map.of("personId", gleb.toString()), "1000", "2030-03-01");
        pay("o1", "PAYMENT", Map.of("organizationId", organization), "3000", "2030-03-20");
        // sent twice: counted once
        pay("o1", "PAYMENT", Map.of("organizationId", organization), "3000", "2030-03-20");

        spend("cpc", "spring", "2030-01", "6000");
        spend("cpc", "spring", "2030-02", "2999.99");
        spend("cpc", "spring", "2030-02", "3000"); // entered again: replaces
        spend("cpc", "", "2030-01", "1000");
        spend("email", "", "2030-02", "500");
        spend("cpc", "autumn", "2029-12", "9999"); // before the period
        spend("display", "banner", "2030-03", "700");

        move(anna, null, "interested", "2030-01-01T12:00:00Z");
        move(anna, "interested", "applicant", "2030-01-05T12:00:00Z");
        move(anna, "applicant", "student", "2030-01-15T12:00:00Z");
        move(boris, null, "interested", "2030-01-02T12:00:00Z");
        move(boris, "interested", "applicant", "2030-01-08T12:00:00Z");
        move(vera, null, "interested", "2030-02-01T12:00:00Z");
        move(vera, "interested", "applicant", "2030-02-03T12:00:00Z");
        move(vera, "applicant", "student", "2030-02-20T12:00:00Z");
        move(vera, "student", "alumnus", "2030-03-10T12:00:00Z");
        move(dina, null, "interested", "2030-03-05T12:00:00Z");
    }

    @Test
    void revenuePerMonthAndProgramIsPaymentsMinusRefundsByPaymentDate() throws Exception {
        JsonNode revenue = json(get("/api/v1/analytics/revenue?" + PERIOD), 200);
        assertMonths(revenue.path("months"), "paid", "30000", "14000", "20000");
        assertMonths(revenue.path("months"), "refunded", "0", "5000", "0");
        assertMonths(revenue.path("months"), "net", "30000", "9000", "20000");
        assertMoney("64000", revenue.path("paid"));
        assertMoney("5000", revenue.path("refunded"));
        assertMoney("59000", revenue.path("net"));
        Map<Long, String> programs = new LinkedHashMap<>();
        revenue.path("programs").forEach(p -> programs.put(p.path("programId").asLong(), p.path("net").asText()));
        assertEquals(List.of(programA, programB, 0L), List.copyOf(programs.keySet()), "by net revenue, largest first");
        assertMoney("40000", revenue.path("programs").get(0).path("net"));
        assertMoney("15000", revenue.path("programs").get(1).path("net"));
        assertMoney("5000", revenue.path("programs").get(1).path("refunded"));
        assertMoney("4000", revenue.path("programs").get(2).path("net"), "a balance payment and an organization's");

        JsonNode onlyA = json(get("/api/v1/analytics/revenue?" + PERIOD + "&program=" + programA), 200);
        assertMonths(onlyA.path("months"), "net", "10000", "14000", "16000");
        assertMoney("40000", onlyA.path("net"));
    }

    @Test
    void payersArpuAndCrrPerMonth() throws Exception {
        JsonNode months = json(get("/api/v1/analytics/customers?" + PERIOD), 200).path("months");
        assertEquals(List.of(2L, 2L, 3L), longs(months, "payers"));
        assertEquals(List.of(2L, 1L, 1L), longs(months, "newPayers"));
        assertEquals(List.of(0L, 2L, 2L), longs(months, "payersBefore"));
        assertMonths(months, "personsNet", "30000", "9000", "17000");
        assertMonths(months, "arpu", "15000", "4500", "5666.67");
        assertTrue(months.get(0).path("crr").isNull(), "no payers the month before: no CRR");
        assertMoney("0.5", months.get(1).path("crr"));
        assertMoney("1", months.get(2).path("crr"));
    }

    @Test
    void ltvAndCacPerFirstTouchChannelAndCampaign() throws Exception {
        Map<String, JsonNode> touches = touches(PERIOD);
        assertEquals(Set.of("cpc|*", "cpc|", "cpc|autumn", "cpc|spring", "email|*", "email|", "|*", "|",
                "display|*", "display|banner"), touches.keySet());
        JsonNode cpc = touches.get("cpc|*");
        assertEquals(2, cpc.path("payers").asLong());
        assertMoney("45000", cpc.path("net"));
        assertMoney("22500", cpc.path("ltv"));
        assertMoney("10000", cpc.path("spend"));
        assertEquals(2, cpc.path("newPayers").asLong());
        assertMoney("5000", cpc.path("cac"));
        JsonNode spring = touches.get("cpc|spring");
        assertMoney("30000", spring.path("ltv"));
        assertMoney("9000", spring.path("spend"));
        assertMoney("9000", spring.path("cac"));
        assertMoney("15000", touches.get("cpc|autumn").path("ltv"));
        assertMoney("0", touches.get("cpc|autumn").path("cac"), "its spend was before the period");
        assertTrue(touches.get("cpc|").path("cac").isNull(), "spend but no new payer: no CAC");
        assertMoney("1000", touches.get("cpc|").path("spend"));
        assertMoney("500", touches.get("email|*").path("cac"));
        assertMoney("10000", touches.get("email|").path("ltv"));
        assertMoney("1000", touches.get("|*").path("ltv"), "no first touch known");
        assertTrue(touches.get("display|*").path("ltv").isNull());
        assertMoney("700", touches.get("display|banner").path("spend"));

        Map<String, JsonNode> later = touches("from=2030-02&to=2030-03");
        assertMoney("3000", later.get("cpc|spring").path("spend"));
        assertEquals(0, later.get("cpc|spring").path("newPayers").asLong());
        assertTrue(later.get("cpc|spring").path("cac").isNull());
        assertMoney("500", later.get("email|*").path("cac"));
    }

    @Test
    void funnelConversionAndMedianDaysInEachStage() throws Exception {
        JsonNode stages = json(get("/api/v1/analytics/funnel?" + PERIOD), 200).path("stages");
        assertEquals(List.of("interested", "applicant", "student", "alumnus"), texts(stages, "stage"));
        assertEquals(List.of(4L, 3L, 2L, 1L), longs(stages, "entered"));
        assertEquals(List.of(3L, 2L, 1L, 0L), longs(stages, "converted"));
        assertMoney("0.75", stages.get(0).path("conversion"));
        assertMoney("0.6667", stages.get(1).path("conversion"));
        assertMoney("0.5", stages.get(2).path("conversion"));
        assertTrue(stages.get(3).path("conversion").isNull(), "the last stage has no next one");
        assertMoney("4", stages.get(0).path("medianDays"), "4, 6 and 2 days; Dina is still there");
        assertMoney("13.5", stages.get(1).path("medianDays"));
        assertMoney("18", stages.get(2).path("medianDays"));
        assertTrue(stages.get(3).path("medianDays").isNull());
        JsonNode february = json(get("/api/v1/analytics/funnel?from=2030-02&to=2030-02"), 200).path("stages");
        assertEquals(List.of(1L, 1L, 1L, 0L), longs(february, "entered"));
    }

    @Test
    void cohortRetentionGrid() throws Exception {
        JsonNode cohorts = json(get("/api/v1/analytics/cohorts?" + PERIOD), 200).path("cohorts");
        assertEquals(List.of("2030-01", "2030-02", "2030-03"), texts(cohorts, "cohort"));
        assertEquals(List.of(2L, 1L, 1L), longs(cohorts, "persons"));
        assertEquals("[1,1]", cohorts.get(0).path("retained").toString(), "Boris only got money back in February");
        assertMoney("0.5", cohorts.get(0).path("shares").get(0));
        assertEquals("[1]", cohorts.get(1).path("retained").toString());
        assertMoney("1", cohorts.get(1).path("shares").get(0));
        assertEquals("[]", cohorts.get(2).path("retained").toString());
    }

    @Test
    void everyFigureDrillsDownToItsPersonsOrPayments() throws Exception {
        assertEquals(List.of("Anna", "Vera"), names("of=payers&month=2030-02"));
        assertEquals(List.of("Anna", "Boris"), names("of=new&month=2030-01"));
        assertEquals(List.of("Anna"), names("of=cohort&cohort=2030-01&month=2030-03"));
        assertEquals(List.of("Anna", "Boris"), names("of=touch&channel=cpc"));
        assertEquals(List.of("Anna"), names("of=touch&channel=cpc&campaign=spring"));
        assertEquals(List.of("Gleb"), names("of=touch&channel=&campaign="));
        assertEquals(List.of(), names("of=touch&channel=cpc&from=2030-02&to=2030-03"));
        assertEquals(List.of("Anna", "Boris", "Dina", "Vera"), names("of=stage&stage=interested&" + PERIOD));
        assertEquals(List.of("Anna", "Vera"), names("of=stage&stage=applicant&" + PERIOD + "&converted=true"));

        JsonNode february = json(get("/api/v1/analytics/payments?from=2030-02&to=2030-02"), 200);
        assertEquals(3, february.path("total").asLong());
        assertEquals(List.of("REFUND", "PAYMENT", "PAYMENT"), texts(february.path("rows"), "kind"));
        assertEquals(2, json(get("/api/v1/analytics/payments?from=2030-02&to=2030-02&program=" + programA), 200)
                .path("total").asLong());
        assertEquals(2, json(get("/api/v1/analytics/payments?" + PERIOD + "&program=0"), 200).path("total")
                .asLong());

        HttpResponse<String> page = server.send(admin.request("/admin/analytics/persons?of=payers&month=2030-02"
                + "&lang=en"));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("/admin/persons/" + anna), page.body());
        HttpResponse<String> csv = server.send(admin.request("/admin/analytics/payments.csv?from=2030-02&to=2030-02"));
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertEquals(4, csv.body().strip().split("\r\n").length, csv.body());
        assertTrue(csv.body().contains("\"5000.00\""), csv.body());
        HttpResponse<String> people = server.send(admin.request("/admin/analytics/persons.csv?of=new&month=2030-01"));
        assertTrue(people.body().contains("\"Anna Test\"") && people.body().contains("\"30000.00\""), people.body());

        assertEquals(Set.of("of"), fields(get("/api/v1/analytics/persons?of=nothing")));
        assertEquals(Set.of("month"), fields(get("/api/v1/analytics/persons?of=payers&month=soon")));
        assertEquals(Set.of("stage"), fields(get("/api/v1/analytics/persons?of=stage&stage=nowhere")));
    }

    @Test
    void thePageShowsEveryFigureWithItsLinkToAdminsAndCrmManagersOnly() throws Exception {
        HttpResponse<String> page = server.send(admin.request("/admin/analytics?" + PERIOD + "&lang=en"));
        assertEquals(200, page.statusCode(), page.body());
        String html = page.body().replace("&#61;", "=");
        for (String id : List.of("revenue-months", "revenue-programs", "customers", "touches", "funnel", "cohorts",
                "chart-revenue", "chart-funnel", "chart-cohorts")) {
            assertTrue(html.contains("id=\"" + id + "\""), id);
        }
        assertTrue(html.contains(">59,000.00</a>"), "the period's net revenue, linked");
        assertTrue(html.contains("href=\"/admin/analytics/payments?" + PERIOD.replace("&", "&amp;") + "\""), html);
        assertTrue(html.contains("/admin/analytics/persons?of=cohort&amp;cohort=2030-01&amp;month=2030-02"), html);
        assertTrue(html.contains("/assets/echarts.min.js"));
        assertEquals(200, server.send(admin.request("/assets/echarts.min.js")).statusCode());
        assertEquals(200, server.send(admin.request("/assets/analytics.js")).statusCode());

        Session manager = TestSessions.open(server, "CRM_MANAGER");
        assertEquals(200, server.send(manager.request("/admin/analytics?" + PERIOD)).statusCode());
        assertEquals(200, server.send(manager.json("/api/v1/analytics?" + PERIOD)).statusCode());
        Session applicant = TestSessions.applicant(server);
        assertEquals(403, server.send(applicant.json("/api/v1/analytics?" + PERIOD)).statusCode());
        assertTrue(server.send(applicant.request("/admin/analytics")).statusCode() >= 300);

        HttpResponse<String> bad = server.send(admin.request("/admin/analytics?from=2030-13&to=2030-01&lang=en"));
        assertEquals(422, bad.statusCode());
        assertTrue(bad.body().contains("error-summary"));
        assertEquals(Set.of("from"), fields(get("/api/v1/analytics?from=2030-13")));
        assertEquals(Set.of("to"), fields(get("/api/v1/analytics?from=2030-03&to=2030-01")));
        assertEquals(Set.of("program"), fields(get("/api/v1/analytics?program=x")));
    }

    @Test
    void marketingSpendIsCheckedPerFieldAuditedAndEditedOnItsScreen() throws Exception {
        assertEquals(Set.of("channel", "month", "amount"), fields(post("/api/v1/analytics/spend?lang=en",
                Map.of("channel", " ", "month", "2030-13", "amount", "12.345"))));
        assertEquals(Set.of("amount"), fields(post("/api/v1/analytics/spend", Map.of("channel", "cpc", "month",
                "2031-01", "amount", "-1"))));
        int before = audited();
        JsonNode saved = json(post("/api/v1/analytics/spend", Map.of("channel", "seo", "campaign", "blog",
                "month", "2031-01", "amount", 1234.5)), 200);
        assertMoney("1234.50", saved.path("amount"));
        assertEquals(before + 1, audited(), "the one accepted write is in the audit log");
        assertTrue(jdbi.withHandle(h -> h.createQuery("""
                SELECT after FROM audit_log WHERE action = 'POST' AND target = '/api/v1/analytics/spend'
                ORDER BY id DESC LIMIT 1""").mapTo(String.class).one()).contains("1234.5"));

        HttpResponse<String> refused = server.send(admin.form("/admin/analytics/spend?lang=en", "channel", "",
                "campaign", "", "month", "later", "amount", "x"));
        assertEquals(422, refused.statusCode());
        assertTrue(refused.body().contains("error-summary") && refused.body().contains("aria-invalid"));
        HttpResponse<String> done = server.send(admin.form("/admin/analytics/spend", "channel", "seo", "campaign",
                "", "month", "2031-02", "amount", "10,50"));
        assertEquals(303, done.statusCode(), done.body());
        long id = saved.path("id").asLong();
        HttpResponse<String> confirm = server.send(admin.request("/admin/analytics/spend/" + id + "/delete"));
        assertEquals(200, confirm.statusCode());
        assertTrue(confirm.body().contains("confirm-delete"));
        assertEquals(303, server.send(admin.form("/admin/analytics/spend/" + id + "/delete")).statusCode());
        assertEquals(404, server.send(admin.json("/api/v1/analytics/spend/" + id + "/delete")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode(), "deleted once");
        JsonNode left = json(get("/api/v1/analytics/spend?from=2031-01&to=2031-02"), 200).path("spend");
        assertEquals(1, left.size());
        assertMoney("10.50", left.get(0).path("amount"));
    }

    @Test
    void aBackDatedPaymentMovesThePersonToItsCohortAndARebuildAgrees() throws Exception {
        UUID late = person("Lev", "{\"channel\": \"cpc\"}");
        pay("l1", "PAYMENT", Map.of("personId", late.toString()), "100", "2032-03-10");
        pay("l2", "PAYMENT", Map.of("personId", late.toString()), "100", "2032-01-10");
        JsonNode cohorts = json(get("/api/v1/analytics/cohorts?from=2032-01&to=2032-03"), 200).path("cohorts");
        assertEquals(List.of(1L, 0L, 0L), longs(cohorts, "persons"));
        assertEquals("[0,1]", cohorts.get(0).path("retained").toString());

        // a first touch known only after the first payment moves the payer to its channel
        UUID unknown = person("Mila", null);
        pay("m1", "PAYMENT", Map.of("personId", unknown.toString()), "700", "2032-02-10");
        jdbi.useHandle(h -> h.createUpdate("UPDATE persons SET first_touch = CAST(:t AS jsonb) WHERE id = :id")
                .bind("t", "{\"channel\": \"radio\", \"campaign\": \"morning\"}").bind("id", unknown).execute());
        JsonNode radio = touches("from=2032-01&to=2032-03").get("radio|morning");
        assertEquals(1, radio.path("newPayers").asLong());
        assertMoney("700", radio.path("ltv"));

        List<String> before = aggregates();
        jdbi.useHandle(h -> h.execute("SELECT analytics_rebuild()"));
        assertEquals(before, aggregates(), "the triggers' tables are what a recount from the payments gives");
    }

    @Test
    void manyPaymentsInsertedByOneStatementCountAsEachOnItsOwnAndARebuildAgrees() {
        // in a transaction rolled back at the end, so that the other tests' figures stay as they are
        jdbi.useHandle(h -> {
            h.begin();
            try {
                UUID olga = h.createQuery("""
                        INSERT INTO persons (last_name, first_name, full_name, first_touch)
                        VALUES ('Test', 'Olga', 'Olga Test', '{"channel": "email", "campaign": "winter"}')
                        RETURNING id""").mapTo(UUID.class).one();
                UUID pavel = h.createQuery("""
                        INSERT INTO persons (last_name, first_name, full_name) VALUES ('Test', 'Pavel', 'Pavel Test')
                        RETURNING id""").mapTo(UUID.class).one();
                UUID rita = h.createQuery("""
                        INSERT INTO persons (last_name, first_name, full_name, first_touch)
                        VALUES ('Test', 'Rita', 'Rita Test', '{"channel": "email"}') RETURNING id""")
                        .mapTo(UUID.class).one();
                UUID invoice = h.createQuery("""
                        INSERT INTO invoices (year, seq, number, person_id, program_id, issued_on, subtotal, total)
                        VALUES (2041, 1, '2041-00001', :pavel, :program, DATE '2041-01-01', 5000, 5000)
                        RETURNING id""").bind("pavel", pavel).bind("program", programB).mapTo(UUID.class).one();
                h.createUpdate("""
                        INSERT INTO payments (kind, source, idempotency_key, person_id, amount, received_on)
                        VALUES ('PAYMENT', 'MANUAL', 'analytics-batch-0', :olga, 300, DATE '2041-02-10')""")
                        .bind("olga", olga).execute();
                List<String> before = aggregates(h);
                // as a bank statement's batch records them: Olga back-dated into an earlier cohort
                // and paying again, Pavel twice in a month on an invoice, Rita paid and refunded
                h.createUpdate("""
                        INSERT INTO payments (kind, source, idempotency_key, person_id, invoice_id, amount, received_on)
                        VALUES ('PAYMENT', 'BANK', 'analytics-batch-1', :olga, NULL, 100, DATE '2041-01-20'),
                               ('PAYMENT', 'BANK', 'analytics-batch-2', :olga, NULL, 200, DATE '2041-03-05'),
                               ('PAYMENT', 'BANK', 'analytics-batch-3', :pavel, :invoice, 50, DATE '2041-02-01'),
                               ('PAYMENT', 'BANK', 'analytics-batch-4', :pavel, :invoice, 70, DATE '2041-02-28'),
                               ('PAYMENT', 'BANK', 'analytics-batch-5', :rita, NULL, 400, DATE '2041-03-01'),
                               ('REFUND', 'BANK', 'analytics-batch-6', :rita, NULL, 150, DATE '2041-03-02')""")
                        .bind("olga", olga).bind("pavel", pavel).bind("rita", rita).bind("invoice", invoice)
                        .execute();
                List<String> after = aggregates(h);
                assertTrue(after.contains(olga + "|2041-01-20|600.00|email|winter"), after.toString());
                assertTrue(after.contains(pavel + "|2041-02-01|120.00||"), after.toString());
                assertTrue(after.contains(rita + "|2041-03-01|250.00|email|"), after.toString());
                assertTrue(after.contains("2041-02-01|" + programB + "|120.00|0.00|120.00|2"), after.toString());
                assertTrue(!before.equals(after));
                h.execute("SELECT analytics_rebuild()");
                assertEquals(after, aggregates(h), "counted as the recount from the payments gives");
            } finally {
                h.rollback();
            }
        });
    }

    static int audited() {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) FROM audit_log WHERE action = 'POST' AND target = '/api/v1/analytics/spend'""")
                .mapTo(Integer.class).one());
    }

    static List<String> aggregates() {
        return jdbi.withHandle(AnalyticsIT::aggregates);
    }

    static List<String> aggregates(Handle h) {
        List<String> rows = new ArrayList<>();
        rows.addAll(h.createQuery("SELECT concat_ws('|', month, program_id, paid, refunded, persons_net, payments)"
                + " FROM analytics_revenue WHERE payments <> 0 ORDER BY 1").mapTo(String.class).list());
        rows.addAll(h.createQuery("SELECT concat_ws('|', person_id, first_paid_on, net, channel, campaign)"
                + " FROM analytics_payers ORDER BY 1").mapTo(String.class).list());
        rows.addAll(h.createQuery("SELECT concat_ws('|', person_id, month) FROM analytics_payer_months ORDER BY 1")
                .mapTo(String.class).list());
        rows.addAll(h.createQuery("SELECT concat_ws('|', cohort, month, persons) FROM analytics_cohorts"
                + " WHERE persons > 0 ORDER BY 1").mapTo(String.class).list());
        rows.addAll(h.createQuery("SELECT concat_ws('|', channel, campaign, month, payers, net)"
                + " FROM analytics_touches WHERE payers > 0 ORDER BY 1").mapTo(String.class).list());
        return rows;
    }

    // --- the fixture

    static long program(String code, String name) {
        return jdbi.withHandle(h -> h.createQuery(
                "INSERT INTO programs (code, name) VALUES (:code, :name) RETURNING id").bind("code", code)
                .bind("name", name).mapTo(Long.class).one());
    }

    static UUID person(String name, String touch) {
        return jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO persons (last_name, first_name, full_name, first_touch)
                VALUES ('Test', :name, :name || ' Test', CAST(:touch AS jsonb)) RETURNING id""")
                .bind("name", name).bind("touch", touch).mapTo(UUID.class).one());
    }

    static UUID invoice(UUID person, long program, int seq, String total) {
        return jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO invoices (year, seq, number, person_id, program_id, issued_on, subtotal, total)
                VALUES (2030, :seq, '2030-9000' || :seq, :person, :program, DATE '2030-01-01', :total, :total)
                RETURNING id""").bind("seq", seq).bind("person", person).bind("program", program)
                .bind("total", new BigDecimal(total)).mapTo(UUID.class).one());
    }

    static void pay(String key, String kind, Map<String, Object> whose, String amount, String on) throws Exception {
        Map<String, Object> payment = new LinkedHashMap<>(whose);
        payment.put("kind", kind);
        payment.put("idempotencyKey", "analytics-" + key);
        payment.put("amount", amount);
        payment.put("receivedOn", on);
        HttpResponse<String> answer = post("/api/v1/billing/payments", payment);
        assertEquals(200, answer.statusCode(), answer.body());
    }

    static void spend(String channel, String campaign, String month, String amount) throws Exception {
        HttpResponse<String> answer = post("/api/v1/analytics/spend", Map.of("channel", channel, "campaign", campaign,
                "month", month, "amount", amount));
        assertEquals(200, answer.statusCode(), answer.body());
    }

    static void move(UUID person, String from, String to, String at) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO funnel_moves (person_id, from_stage, to_stage, automatic, at)
                VALUES (:person, :from, :to, true, :at)""").bind("person", person).bind("from", from).bind("to", to)
                .bind("at", Instant.parse(at)).execute());
    }

    // --- reading the answers

    static Map<String, JsonNode> touches(String period) throws Exception {
        Map<String, JsonNode> touches = new LinkedHashMap<>();
        json(get("/api/v1/analytics/touches?" + period), 200).path("touches").forEach(t -> touches.put(
                t.path("channel").asText() + "|" + (t.path("campaign").isNull() ? "*" : t.path("campaign").asText()), t));
        return touches;
    }

    static List<String> names(String query) throws Exception {
        List<String> names = new ArrayList<>();
        json(get("/api/v1/analytics/persons?" + query), 200).path("rows")
                .forEach(row -> names.add(row.path("name").asText().replace(" Test", "")));
        return names;
    }

    static void assertMonths(JsonNode months, String field, String... expected) {
        assertEquals(expected.length, months.size());
        for (int i = 0; i < expected.length; i++) {
            assertMoney(expected[i], months.get(i).path(field), field + " of " + months.get(i).path("month"));
        }
    }

    static List<Long> longs(JsonNode rows, String field) {
        List<Long> values = new ArrayList<>();
        rows.forEach(row -> values.add(row.path(field).asLong()));
        return values;
    }

    static List<String> texts(JsonNode rows, String field) {
        List<String> values = new ArrayList<>();
        rows.forEach(row -> values.add(row.path(field).asText()));
        return values;
    }

    static void assertMoney(String expected, JsonNode actual) {
        assertMoney(expected, actual, "");
    }

    static void assertMoney(String expected, JsonNode actual, String why) {
        assertTrue(actual.isNumber() || actual.isTextual(), why + " expected " + expected + ", got " + actual);
        assertEquals(0, new BigDecimal(expected).compareTo(new BigDecimal(actual.asText())),
                why + " expected " + expected + ", got " + actual);
    }

    static HttpResponse<String> post(String path, Map<String, Object> value) throws Exception {
        return server.send(admin.json(path).POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(value))));
    }

    static HttpResponse<String> get(String path) {
        return server.send(admin.json(path));
    }

    static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    static Set<String> fields(HttpResponse<String> response) throws Exception {
        assertEquals(422, response.statusCode(), response.body());
        Set<String> fields = new TreeSet<>();
        JSON.readTree(response.body()).path("errors").forEach(error -> fields.add(error.path("field").asText()));
        return fields;
    }
}
