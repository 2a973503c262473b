package org.matricula.platform.crm.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.Program;
import org.matricula.platform.catalog.ProgramInput;
import org.matricula.platform.catalog.ProjectInput;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.privacy.PersonalFamily;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * The CRM's money end to end: prices, discounts, promo codes and plans with their 422s; invoices
 * numbered without gaps under concurrency and issued when a declaration is accepted; payments
 * partial, over and refunded, each counted once; balances, the timeline, access and the audit log.
 */
class BillingIT {

    /** Reads numbers as exact decimals, as any client of money should. */
    static final String OUR_ACCOUNT = "40703810900000000001";
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of("billing.account", OUR_ACCOUNT));
    static Jdbi jdbi;
    static Catalog catalog;
    static Program program;
    static Session admin;

    @BeforeAll
    static void start() throws Exception {
        jdbi = server.platform().database().jdbi();
        PluginJar.plugin("money-school", "1.0.0").pluginClass(FixturePlugin.class).extension(PersonalFamily.class)
                .writeTo(server.pluginsDir(), "money-school.jar");
        server.awaitFamily("money-school");
        catalog = new Catalog(jdbi, id -> true);
        long project = catalog.createProject(new ProjectInput("money", "Money", "", "money-school", true, "", ""))
                .id();
        program = catalog.createProgram(new ProgramInput("accounting", "Accounting", "", true, "", false));
        catalog.link(project, program.id());
        admin = TestSessions.admin(server);
    }

    static Program newProgram(String code) {
        return catalog.createProgram(new ProgramInput(code + "-" + (System.nanoTime() % 100000), code, "", true, "",
                false));
    }

    @Test
    void pricesPerStartDateDiscountsAndPlansMakeAnExactQuote() throws Exception {
        Program course = newProgram("quote");
        assertEquals(200, post("/api/v1/billing/prices", Map.of("programId", course.id(), "amount", "30000"))
                .statusCode());
        assertEquals(200, post("/api/v1/billing/prices", Map.of("programId", course.id(),
                "startDate", "2027-02-01", "amount", "33333.33")).statusCode());
        // setting the same price again changes it, never doubles it
        assertEquals(200, post("/api/v1/billing/prices", Map.of("programId", course.id(), "amount", "30000.00"))
                .statusCode());
        int prices = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM billing_prices WHERE program_id = :p")
                .bind("p", course.id()).mapTo(Integer.class).one());
        assertEquals(2, prices);

        JsonNode plan = json(post("/api/v1/billing/plans", Map.of("programId", course.id(), "name", "Three parts",
                "parts", List.of(Map.of("share", "33.33", "dueDate", "2027-01-15"),
                        Map.of("share", "33.33", "dueDate", "2027-02-15"),
                        Map.of("share", "33.34", "dueDate", "2027-03-15")))), 200);
        long planId = plan.path("id").asLong();
        JsonNode promo = json(post("/api/v1/billing/discounts", Map.of("code", "spring-" + course.id(),
                "kind", "PERCENT", "value", "15", "programId", course.id(), "maxUses", 1)), 200);
        String code = promo.path("code").asText();
        assertEquals(("SPRING-" + course.id()), code, "promo codes are kept upper-case");

        // the start date's own price, 15% off rounded to kopecks, three parts adding up exactly
        JsonNode quote = json(get("/api/v1/billing/quote?programId=" + course.id() + "&startDate=2027-02-01"
                + "&promoCode=" + code.toLowerCase() + "&planId=" + planId), 200);
        assertMoney("33333.33", quote.path("subtotal"));
        assertMoney("5000.00", quote.path("off"));
        assertMoney("28333.33", quote.path("total"));
        List<BigDecimal> parts = new ArrayList<>();
        quote.path("instalments").forEach(part -> parts.add(new BigDecimal(part.asText()).setScale(2)));
        assertEquals(List.of(new BigDecimal("9443.50"), new BigDecimal("9443.50"), new BigDecimal("9446.33")), parts);
        assertEquals(new BigDecimal("28333.33"), parts.stream().reduce(BigDecimal.ZERO, BigDecimal::add));
        // another start date falls back to the usual price
        assertMoney("30000.00", json(get("/api/v1/billing/quote?programId=" + course.id()
                + "&startDate=2027-09-01"), 200).path("total"));

        // a personal discount applies without a code; a fixed one never goes below zero
        UUID person = newPerson();
        assertEquals(200, post("/api/v1/billing/discounts", Map.of("personId", person.toString(), "kind", "FIXED",
                "value", "1000.50")).statusCode());
        assertMoney("28999.50", json(get("/api/v1/billing/quote?programId=" + course.id() + "&personId=" + person),
                200).path("total"));

        // the promo code's single use is taken by an invoice; the next one is refused
        assertEquals(200, post("/api/v1/billing/invoices", Map.of("personId", person.toString(),
                "programId", course.id(), "promoCode", code)).statusCode());
        HttpResponse<String> usedUp = get("/api/v1/billing/quote?programId=" + course.id() + "&promoCode=" + code
                + "&lang=en");
        assertEquals(422, usedUp.statusCode(), usedUp.body());
        assertEquals(Set.of("promoCode"), fields(usedUp));
    }

    @Test
    void badInputIsAnsweredWith422PerField() throws Exception {
        HttpResponse<String> price = post("/api/v1/billing/prices?lang=en", Map.of("programId", 999999,
                "startDate", "tomorrow", "amount", "-1"));
        assertEquals(422, price.statusCode(), price.body());
        assertEquals(Set.of("programId", "startDate", "amount"), fields(price));
        assertEquals(Set.of("amount"), fields(post("/api/v1/billing/prices", Map.of("programId", program.id(),
                "amount", "10.005"))));
        assertEquals(Set.of("amount"), fields(post("/api/v1/billing/prices", Map.of("programId", program.id(),
                "amount", "1e3x"))));

        HttpResponse<String> discount = post("/api/v1/billing/discounts?lang=ru", Map.of("code", "!",
                "kind", "HALF", "value", "0", "validFrom", "2027-05-01", "validUntil", "2027-04-01", "maxUses", 0));
        assertEquals(422, discount.statusCode());
        assertEquals(Set.of("code", "kind", "value", "validUntil", "maxUses"), fields(discount));
        assertTrue(discount.body().contains("Промокод"), discount.body());
        assertEquals(Set.of("value"), fields(post("/api/v1/billing/discounts", Map.of("code", "OVER100",
                "kind", "PERCENT", "value", "100.01"))));
        assertEquals(Set.of("code"), fields(post("/api/v1/billing/discounts", Map.of("kind", "FIXED",
                "value", "10"))));

        HttpResponse<String> plan = post("/api/v1/billing/plans", Map.of("programId", program.id(), "name", "",
                "parts", List.of(Map.of("share", "50", "dueDate", "2027-03-01"),
                        Map.of("share", "40", "dueDate", "2027-02-01"))));
        assertEquals(Set.of("name", "parts", "parts[1].dueDate"), fields(plan));

        HttpResponse<String> payment = post("/api/v1/billing/payments", Map.of("amount", "0", "kind", "GIFT"));
        assertEquals(Set.of("amount", "kind", "idempotencyKey", "personId"), fields(payment));
        assertEquals(Set.of("programId"), fields(post("/api/v1/billing/invoices", Map.of("personId",
                newPerson().toString(), "programId", newProgram("noprice").id()))));
    }

    @Test
    void datesOutOfTheYears1900To9999AreRefusedPerFieldAndTheUsualPriceStays() throws Exception {
        Program course = newProgram("far");
        json(post("/api/v1/billing/prices", Map.of("programId", course.id(), "amount", "30000")), 200);
        for (String date : List.of("-4713-01-01", "+6000000-01-01", "+999999999-12-31", "1899-12-31")) {
            HttpResponse<String> price = post("/api/v1/billing/prices?lang=en", Map.of("programId", course.id(),
                    "amount", "10", "startDate", date));
            assertEquals(Set.of("startDate"), fields(price), date);
            assertTrue(price.body().contains("1900-01-01") && price.body().contains("9999-12-31"), price.body());
        }
        assertMoney("30000.00", json(get("/api/v1/billing/quote?programId=" + course.id()), 200).path("total"),
                "the usual price is not overwritten");
        int prices = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM billing_prices WHERE program_id = :p")
                .bind("p", course.id()).mapTo(Integer.class).one());
        assertEquals(1, prices);

        UUID person = newPerson();
        assertEquals(Set.of("receivedOn"), fields(pay(Map.of("personId", person.toString(), "amount", "10",
                "receivedOn", "-5000-01-01", "idempotencyKey", "far-" + UUID.randomUUID()))));
        assertEquals(Set.of("validUntil"), fields(post("/api/v1/billing/discounts", Map.of("code",
                "FAR-" + course.id(), "kind", "FIXED", "value", "10", "validUntil", "+999999999-12-31"))));
        assertEquals(Set.of("parts[0].dueDate"), fields(post("/api/v1/billing/plans", Map.of("programId",
                course.id(), "name", "Far", "parts", List.of(Map.of("share", "100", "dueDate", "-5000-01-01"))))));
        assertEquals(Set.of("startDate"), fields(get("/api/v1/billing/quote?programId=" + course.id()
                + "&startDate=%2B6000000-01-01")));
    }

    @Test
    void aPaymentNamingNoPayerOrWithTooLongANoteIsRefusedPerField() throws Exception {
        String nobody = "00000000-0000-0000-0000-000000000000";
        assertEquals(Set.of("personId"), fields(pay(Map.of("idempotencyKey", "nobody-" + UUID.randomUUID(),
                "personId", nobody, "amount", "100"))));
        assertEquals(Set.of("organizationId"), fields(pay(Map.of("idempotencyKey", "nobody-" + UUID.randomUUID(),
                "organizationId", 999999, "amount", "100"))));
        assertEquals(Set.of("personId"), fields(pay(Map.of("idempotencyKey", "nobody-" + UUID.randomUUID(),
                "personId", nobody, "amount", "100", "kind", "REFUND"))));

        UUID person = newPerson();
        assertEquals(Set.of("note"), fields(pay(Map.of("idempotencyKey", "note-" + UUID.randomUUID(),
                "personId", person.toString(), "amount", "1", "note", "x".repeat(2001)))));
        json(pay(Map.of("idempotencyKey", "note-" + UUID.randomUUID(), "personId", person.toString(),
                "amount", "1", "note", "x".repeat(2000))), 200);

        // an invoice's paid sum is an amount too: what would take it past the largest one is refused
        Program course = newProgram("paid-max");
        post("/api/v1/billing/prices", Map.of("programId", course.id(), "amount", "1000"));
        String invoice = json(post("/api/v1/billing/invoices", Map.of("personId", person.toString(),
                "programId", course.id())), 200).path("id").asText();
        json(pay(Map.of("invoiceId", invoice, "amount", "999999999999.99", "idempotencyKey",
                "max-" + UUID.randomUUID())), 200);
        assertEquals(Set.of("amount"), fields(pay(Map.of("invoiceId", invoice, "amount", "0.01", "idempotencyKey",
                "max-" + UUID.randomUUID()))));

        // a statement line waiting for a manager is matched to existing payers only
        String inn = "7717" + String.format("%08d", System.nanoTime() % 100_000_000L);
        json(importStatement(("1CClientBankExchange\nКодировка=Windows\n"
                + document("701", "150.00", "40817810000000000701", inn, "Оплата") + "КонецФайла\n")
                .getBytes(java.nio.charset.Charset.forName("windows-1251"))), 200);
        long line = -1;
        for (JsonNode waiting : json(get("/api/v1/bank/lines"), 200).path("lines")) {
            if (waiting.path("payerInn").asText().equals(inn)) {
                line = waiting.path("id").asLong();
            }
        }
        assertTrue(line > 0);
        assertEquals(Set.of("personId"), fields(post("/api/v1/bank/lines/" + line + "/match",
                Map.of("personId", nobody))));
        assertEquals(Set.of("organizationId"), fields(post("/api/v1/bank/lines/" + line + "/match",
                Map.of("organizationId", 987654))));
        assertEquals("MATCHED", json(post("/api/v1/bank/lines/" + line + "/match",
                Map.of("personId", person.toString())), 200).path("state").asText());
    }

    @Test
    void parallelRefundsFromABalanceGiveItBackOnce() throws Exception {
        UUID person = newPerson();
        json(pay(Map.of("personId", person.toString(), "amount", "1880.50",
                "idempotencyKey", "race-in-" + person)), 200);
        assertMoney("1880.50", account(person).path("balance"));
        int count = 10;
        ExecutorService pool = Executors.newFixedThreadPool(count);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String key = "race" + i + "-" + person;
                sent.add(pool.submit(() -> pay(Map.of("idempotencyKey", key, "personId", person.toString(),
                        "amount", "1880", "kind", "REFUND"))));
            }
            for (Future<HttpResponse<String>> one : sent) {
                statuses.add(one.get().statusCode());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, statuses.stream().filter(status -> status == 200).count(), statuses.toString());
        assertEquals(count - 1, statuses.stream().filter(status -> status == 422).count(), statuses.toString());
        assertMoney("0.50", account(person).path("balance"));
    }

    @Test
    void statementLinesThatCannotBeKeptAreReportedAndTheOthersImported() throws Exception {
        String tag = String.format("%08d", System.nanoTime() % 100_000_000L);
        String statement = "1CClientBankExchange\nКодировка=Windows\n"
                + document("801", "100.00", "408178100000" + tag, "", "Обычный платёж")
                + document("802", "100.00", "408178100001" + tag, "", "Нет такого дня")
                    .replace("Дата=01.12.2026", "Дата=31.02.2026")
                + document("803", "99999999999999.00", "408178100002" + tag, "", "Слишком много")
                + document("804", "100.00", "408178100003" + tag, "", "Давным-давно")
                    .replace("Дата=01.12.2026", "Дата=01.01.0001")
                + document("805", "100.00", "408178100004" + tag, "", "Длинное назначение "
                    + "я".repeat(5000))
                + document("806", "1e9", "408178100005" + tag, "", "Не сумма")
                + "КонецФайла\n";
        JsonNode imported = json(importStatement(statement.getBytes(java.nio.charset.Charset.forName("windows-1251"))),
                200);
        assertEquals(6, imported.path("incoming").asInt(), imported.toString());
        assertEquals(2, imported.path("added").asInt(), imported.toString());
        assertEquals(4, imported.path("unreadable").size(), imported.toString());
        JsonNode reasons = imported.path("unreadableReasons");
        assertEquals(4, reasons.size(), imported.toString());
        assertEquals(imported.path("unreadable").get(3).asInt(), reasons.get(3).path("line").asInt());
        assertTrue(reasons.get(0).path("reason").asText().contains("ДД.ММ.ГГГГ"), reasons.toString());
        assertTrue(reasons.get(1).path("reason").asText().contains("Сумма больше"), reasons.toString());
        assertTrue(reasons.get(2).path("reason").asText().contains("между 1900 и 9999"), reasons.toString());
        assertTrue(reasons.get(3).path("reason").asText().contains("не десятичное число"), "1e9 is no amount: " + reasons);
        Map<String, Object> lines = jdbi.withHandle(h -> h.createQuery("""
                SELECT string_agg(doc_number, ',' ORDER BY doc_number) AS numbers, max(length(purpose)) AS longest
                FROM bank_lines WHERE payer_account LIKE :tail""").bind("tail", "%" + tag).mapToMap().one());
        assertEquals("801,805", lines.get("numbers"));
        assertEquals(500, ((Number) lines.get("longest")).intValue(), "the first characters of a long purpose");
    }

    @Test
    void aStatementInWhichNoDocumentReadsIsRefusedAndNothingRecorded() throws Exception {
        String tag = String.format("%08d", System.nanoTime() % 100_000_000L);
        String statement = "1CClientBankExchange\nКодировка=Windows\n"
                + document("901", "100.00", "408178100000" + tag, "", "Сохранена в UTF-8") + "КонецФайла\n";
        long importsBefore = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM bank_imports")
                .mapTo(Long.class).one());
        HttpResponse<String> utf8 = importStatement(statement.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(Set.of("file"), fields(utf8));
        assertTrue(utf8.body().contains("кодировке"), "the encoding is named: " + utf8.body());
        assertEquals(importsBefore, (long) jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM bank_imports")
                .mapTo(Long.class).one()), "no empty import is recorded");
    }

    @Test
    void invoiceNumbersAreGapFreeAndUniqueUnderConcurrency() throws Exception {
        Program course = newProgram("numbers");
        post("/api/v1/billing/prices", Map.of("programId", course.id(), "amount", "100"));
        UUID person = newPerson();
        int count = 24;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(pool.submit(() -> post("/api/v1/billing/invoices", Map.of("personId", person.toString(),
                        "programId", course.id()))));
            }
            for (Future<HttpResponse<String>> one : sent) {
                assertEquals(200, one.get().statusCode(), one.get().body());
            }
        } finally {
            pool.shutdown();
        }
        int year = LocalDate.now().getYear();
        List<Integer> all = jdbi.withHandle(h -> h.createQuery("SELECT seq FROM invoices WHERE year = :y ORDER BY seq")
                .bind("y", year).mapTo(Integer.class).list());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i), "numbers run 1, 2, 3... without gaps: " + all);
        }
        List<String> issued = jdbi.withHandle(h -> h.createQuery(
                "SELECT number FROM invoices WHERE person_id = :p").bind("p", person).mapTo(String.class).list());
        Set<String> numbers = new TreeSet<>(issued);
        assertEquals(count, numbers.size());
        assertTrue(numbers.iterator().next().matches(year + "-\\d{5}"), numbers.toString());
    }

    @Test
    void partialOverAndRefundedPaymentsAreCountedOnceAndKeepTheBalance() throws Exception {
        Program course = newProgram("pay");
        post("/api/v1/billing/prices", Map.of("programId", course.id(), "amount", "1000.00"));
        UUID person = newPerson();
        JsonNode invoice = json(post("/api/v1/billing/invoices", Map.of("personId", person.toString(),
                "programId", course.id(), "vat", true)), 200);
        String invoiceId = invoice.path("id").asText();
        assertEquals("ISSUED", invoice.path("status").asText());
        assertMoney("166.67", invoice.path("vatAmount"));
        assertMoney("-1000.00", account(person).path("balance"));

        String key = "cash-" + UUID.randomUUID();
        JsonNode first = json(pay(Map.of("invoiceId", invoiceId, "amount", "400.10", "idempotencyKey", key)), 200);
        assertTrue(first.path("added").asBoolean());
        JsonNode again = json(pay(Map.of("invoiceId", invoiceId, "amount", "400.10", "idempotencyKey", key)), 200);
        assertFalse(again.path("added").asBoolean(), "the same key is one payment");
        JsonNode state = account(person);
        assertEquals("PARTIAL", state.path("invoices").path(0).path("status").asText());
        assertMoney("599.90", state.path("due"));
        assertMoney("-599.90", state.path("balance"));

        json(pay(Map.of("invoiceId", invoiceId, "amount", "700.00", "idempotencyKey", "cash-" + UUID.randomUUID())),
                200);
        state = account(person);
        assertEquals("PAID", state.path("invoices").path(0).path("status").asText());
        assertMoney("0.00", state.path("due"));
        assertMoney("100.10", state.path("balance"), "the overpayment is kept as the balance");

        HttpResponse<String> tooMuch = pay(Map.of("kind", "REFUND", "personId", person.toString(),
                "amount", "100.11", "idempotencyKey", "refund-" + UUID.randomUUID()));
        assertEquals(422, tooMuch.statusCode(), tooMuch.body());
        assertEquals(Set.of("amount"), fields(tooMuch));
        json(pay(Map.of("kind", "REFUND", "personId", person.toString(), "amount", "100.10",
                "idempotencyKey", "refund-" + UUID.randomUUID())), 200);
        assertMoney("0.00", account(person).path("balance"));
        // a refund on the invoice itself reopens it
        json(pay(Map.of("kind", "REFUND", "invoiceId", invoiceId, "amount", "500",
                "idempotencyKey", "refund-" + UUID.randomUUID())), 200);
        state = account(person);
        assertEquals("PARTIAL", state.path("invoices").path(0).path("status").asText());
        assertMoney("-500.00", state.path("balance"));
        assertEquals(4, state.path("payments").size());

        HttpResponse<byte[]> ru = pdf(invoiceId, "ru");
        assertEquals(200, ru.statusCode());
        String ruText = org.matricula.platform.testing.DeclarationPdfText.text(ru.body())
                .replaceAll("[\\u00a0\\u202f]", " ");
        assertTrue(ruText.contains("Счёт на оплату № " + invoice.path("number").asText()), ruText);
        assertTrue(ruText.contains("1 000,00") && ruText.contains("В том числе НДС 20%") && ruText.contains("166,67")
                && ruText.contains("40703810900000000001"), ruText);
        String enText = org.matricula.platform.testing.DeclarationPdfText.text(pdf(invoiceId, "en").body());
        assertTrue(enText.contains("Invoice " + invoice.path("number").asText()) && enText.contains("1,000.00")
                && enText.contains("Including VAT 20%"), enText);

        JsonNode timeline = json(get("/api/v1/crm/persons/" + person + "/timeline?kind=INVOICE&kind=PAYMENT"), 200);
        List<String> kinds = new ArrayList<>();
        timeline.path("entries").forEach(entry -> kinds.add(0, entry.path("kind").asText()));
        assertEquals(List.of("INVOICE", "PAYMENT", "PAYMENT", "PAYMENT", "PAYMENT"), kinds);

        long audited = jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) FROM audit_log WHERE action = 'POST' AND target = '/api/v1/billing/payments'
                  AND after::text LIKE :key""").bind("key", "%" + key + "%").mapTo(Long.class).one());
        assertEquals(2, audited, "each money write is in the audit log, with what it recorded");
    }

    @Test
    void anAcceptedDeclarationGetsItsInvoiceOnce() throws Exception {
        post("/api/v1/billing/prices", Map.of("programId", program.id(), "amount", "45000"));
        post("/api/v1/billing/plans", Map.of("programId", program.id(), "name", "Two parts",
                "parts", List.of(Map.of("share", "50", "dueDate", "2027-01-10"),
                        Map.of("share", "50", "dueDate", "2027-04-10"))));
        Session me = TestSessions.applicant(server);
        Map<String, Object> body = new HashMap<>();
        body.put("project", "money");
        body.put("program", program.code());
        body.put("values", Map.of("category", "other", "lastName", "Платежова", "firstName", "Вера",
                "middleName", "Игоревна", "birthDate", "1990-01-02", "sex", "female", "email", me.email(),
                "phone", "+7 912 000-11-22", "snils", "112-233-445 95"));
        HttpResponse<String> created = server.send(me.json("/api/me/declarations").POST(body(body)));
        assertEquals(201, created.statusCode(), created.body());
        String declaration = JSON.readTree(created.body()).path("id").asText();
        Thread.sleep(2500);
        assertEquals(0, invoicesOf(declaration), "no invoice before acceptance");

        HttpResponse<String> changed = server.send(admin.json("/api/v1/admin/declarations/" + declaration
                + "/status").POST(body(Map.of("status", "ACCEPTED", "comment", "welcome"))));
        assertEquals(200, changed.statusCode(), changed.body());
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (invoicesOf(declaration) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(1, invoicesOf(declaration));
        Thread.sleep(2500);
        assertEquals(1, invoicesOf(declaration), "issued once");
        Map<String, Object> invoice = jdbi.withHandle(h -> h.createQuery("""
                SELECT i.total, count(s.*) AS parts, sum(s.amount) AS split FROM invoices i
                JOIN invoice_instalments s ON s.invoice_id = i.id WHERE i.declaration_id = :d GROUP BY i.total""")
                .bind("d", UUID.fromString(declaration)).mapToMap().one());
        assertEquals(0, new BigDecimal("45000.00").compareTo((BigDecimal) invoice.get("total")));
        assertEquals(2L, invoice.get("parts"));
        assertEquals(0, new BigDecimal("45000.00").compareTo((BigDecimal) invoice.get("split")));
    }

    @Test
    void onlyPlatformAdminsReachTheMoney() throws Exception {
        assertEquals(401, server.get("/api/v1/billing/prices").statusCode());
        for (String role : List.of("APPLICANT", "PROJECT_ADMIN", "COORDINATOR")) {
            Session session = TestSessions.open(server, role);
            assertEquals(403, server.send(session.json("/api/v1/billing/prices")).statusCode(), role);
            assertEquals(403, server.send(session.json("/api/v1/billing/payments").POST(body(Map.of(
                    "personId", UUID.randomUUID().toString(), "amount", "1", "idempotencyKey", "x")))).statusCode(),
                    role);
        }
        assertEquals(200, server.send(server.admin("/api/v1/billing/prices")).statusCode(), "automation may");
        assertEquals(403, server.send(TestSessions.open(server, "PROJECT_ADMIN").request("/admin/billing"))
                .statusCode());
    }

    @Test
    void thePricesPageSetsAPriceAndAPromoCodeAndShowsErrorsPerField() throws Exception {
        Program course = newProgram("page");
        HttpResponse<String> bad = server.send(admin.form("/admin/billing/prices?lang=en", "programId",
                String.valueOf(course.id()), "startDate", "", "amount", "12.345"));
        assertEquals(422, bad.statusCode());
        assertTrue(bad.body().contains("at most two decimal places") && bad.body().contains("value=\"12.345\""),
                bad.body());
        HttpResponse<String> set = server.send(admin.form("/admin/billing/prices?lang=en", "programId",
                String.valueOf(course.id()), "startDate", "", "amount", "15000,50"));
        assertEquals(303, set.statusCode(), set.body());
        HttpResponse<String> promo = server.send(admin.form("/admin/billing/discounts?lang=en", "code",
                "page-" + course.id(), "kind", "FIXED", "value", "500", "discountProgramId", "", "validFrom", "",
                "validUntil", "", "maxUses", "10"));
        assertEquals(303, promo.statusCode(), promo.body());
        String page = server.send(admin.request("/admin/billing?lang=en")).body();
        assertTrue(page.contains("15,000.50") && page.contains("PAGE-" + course.id()) && page.contains("0 / 10"),
                page);
    }

    @Test
    void aBankStatementIsMatchedByInvoiceNumberOrKnownInnAndImportedOnce() throws Exception {
        Program course = newProgram("bank");
        post("/api/v1/billing/prices", Map.of("programId", course.id(), "amount", "20000"));
        UUID anna = newPerson();
        UUID boris = newPerson();
        String annas = json(post("/api/v1/billing/invoices", Map.of("personId", anna.toString(),
                "programId", course.id())), 200).path("number").asText();
        String boriss = json(post("/api/v1/billing/invoices", Map.of("personId", boris.toString(),
                "programId", course.id())), 200).path("id").asText();
        String inn = "7712" + String.format("%08d", System.nanoTime() % 100_000_000L);
        String statement = "1CClientBankExchange\nВерсияФормата=1.03\nКодировка=Windows\n"
                + document("101", "12000.00", "40817810000000000001", "", "Оплата по счёту " + annas + " за обучение")
                + document("102", "20000.00", "40817810000000000002", inn, "Оплата обучения Борис")
                + document("103", "500.00", "40817810000000000003", "", "Возврат долга")
                    .replace(OUR_ACCOUNT, "40702810000000000999") // outgoing: another recipient
                + "КонецФайла\n";
        byte[] file = statement.replace("\n", "\r\n").getBytes(java.nio.charset.Charset.forName("windows-1251"));

        JsonNode first = json(importStatement(file), 200);
        assertEquals(3, first.path("documents").asInt());
        assertEquals(2, first.path("incoming").asInt());
        assertEquals(2, first.path("added").asInt());
        assertEquals(1, first.path("matched").asInt());
        JsonNode again = json(importStatement(file), 200);
        assertEquals(0, again.path("added").asInt(), "the same statement twice adds nothing");
        assertEquals(2, again.path("known").asInt());

        JsonNode annaNow = account(anna);
        assertEquals("PARTIAL", annaNow.path("invoices").path(0).path("status").asText());
        assertMoney("8000.00", annaNow.path("due"));
        assertEquals("BANK", annaNow.path("payments").path(0).path("source").asText());

        // Boris's payment waits for a manager, who matches it; his INN is remembered
        JsonNode waiting = json(get("/api/v1/bank/lines"), 200).path("lines");
        long lineId = -1;
        for (JsonNode line : waiting) {
            if (line.path("payerInn").asText().equals(inn)) {
                lineId = line.path("id").asLong();
            }
        }
        assertTrue(lineId > 0, waiting.toString());
        JsonNode matched = json(post("/api/v1/bank/lines/" + lineId + "/match", Map.of("invoiceId", boriss)), 200);
        assertEquals("MATCHED", matched.path("state").asText());
        assertEquals(409, post("/api/v1/bank/lines/" + lineId + "/match", Map.of("invoiceId", boriss))
                .statusCode(), "matched once");
        assertEquals("PAID", account(boris).path("invoices").path(0).path("status").asText());

        // the next statement from that INN finds Boris by it: kept as his balance, no invoice open
        byte[] next = ("1CClientBankExchange\nКодировка=Windows\n"
                + document("205", "1500.00", "40817810000000000002", inn, "Доплата") + "КонецФайла\n")
                .getBytes(java.nio.charset.Charset.forName("windows-1251"));
        assertEquals(1, json(importStatement(next), 200).path("matched").asInt());
        assertMoney("1500.00", account(boris).path("balance"));

        HttpResponse<String> notAStatement = server.send(admin.request("/api/v1/bank/statements?lang=en")
                .header("Content-Type", "text/plain").header("X-CSRF-Token", admin.csrf())
                .POST(HttpRequest.BodyPublishers.ofString("name;amount\n")));
        assertEquals(Set.of("file"), fields(notAStatement));
    }

    @Test
    void linesOfOneStatementFromAKnownInnPayThePayersOldestOpenInvoicesInTurn() throws Exception {
        Program course = newProgram("bank-inn");
        post("/api/v1/billing/prices", Map.of("programId", course.id(), "amount", "10000"));
        UUID vera = newPerson();
        String older = json(post("/api/v1/billing/invoices", Map.of("personId", vera.toString(),
                "programId", course.id())), 200).path("number").asText();
        String newer = json(post("/api/v1/billing/invoices", Map.of("personId", vera.toString(),
                "programId", course.id())), 200).path("number").asText();
        String verasInn = "7714" + String.format("%08d", System.nanoTime() % 100_000_000L);
        String companysInn = "7715" + String.format("%08d", System.nanoTime() % 100_000_000L);
        long company = jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO organizations (name, kind) VALUES (:name, 'OTHER') RETURNING id""")
                .bind("name", "Payer by INN " + companysInn).mapTo(Long.class).one());
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO billing_payers (inn, person_id, organization_id)
                VALUES (:vera, :person, NULL), (:company, NULL, :organization)""")
                .bind("vera", verasInn).bind("person", vera).bind("company", companysInn)
                .bind("organization", company).execute());
        String statement = "1CClientBankExchange\nКодировка=Windows\n"
                + document("301", "6000.00", "40817810000000000301", verasInn, "Оплата обучения")
                // the INN named in the purpose only; this one covers the older invoice, and more
                + document("302", "7000.00", "40817810000000000302", "", "За Веру, ИНН " + verasInn)
                + document("303", "2500.00", "40817810000000000303", verasInn, "Оплата обучения")
                + document("304", "1200.00", "40817810000000000304", companysInn, "Аванс")
                + document("305", "900.00", "40817810000000000305", "7716000000", "Оплата обучения")
                + "КонецФайла\n";
        byte[] file = statement.replace("\n", "\r\n").getBytes(java.nio.charset.Charset.forName("windows-1251"));

        JsonNode imported = json(importStatement(file), 200);
        assertEquals(5, imported.path("added").asInt(), imported.toString());
        assertEquals(4, imported.path("matched").asInt(), imported.toString());
        assertEquals(1, imported.path("unmatched").asInt(), imported.toString());
        // as if each line had been recorded on its own, in file order
        List<String> paidBy = jdbi.withHandle(h -> h.createQuery("""
                SELECT l.doc_number || ' ' || coalesce(i.number, '-') || ' ' || coalesce(p.person_id::text, '-')
                       || ' ' || coalesce(p.organization_id::text, '-') || ' ' || p.amount
                FROM bank_lines l JOIN payments p ON p.id = l.payment_id LEFT JOIN invoices i ON i.id = p.invoice_id
                WHERE l.doc_number IN ('301', '302', '303', '304') AND l.payer_account LIKE '408178100000000003%'
                ORDER BY l.doc_number""").mapTo(String.class).list());
        assertEquals(List.of("301 " + older + " " + vera + " - 6000.00", "302 " + older + " " + vera + " - 7000.00",
                "303 " + newer + " " + vera + " - 2500.00", "304 - - " + company + " 1200.00"), paidBy);
        Map<String, String> states = jdbi.withHandle(h -> h.createQuery("""
                SELECT number, status || ' ' || paid FROM invoices WHERE person_id = :vera""").bind("vera", vera)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2))).list().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertEquals("PAID 13000.00", states.get(older), states.toString());
        assertEquals("PARTIAL 2500.00", states.get(newer), states.toString());
        long entries = jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) FROM timeline_entries WHERE person_id = :vera AND kind = 'PAYMENT'""")
                .bind("vera", vera).mapTo(Long.class).one());
        assertEquals(3, entries, "a timeline entry for each of Vera's payments");

        JsonNode again = json(importStatement(file), 200);
        assertEquals(0, again.path("added").asInt(), again.toString());
        assertEquals(5, again.path("known").asInt(), again.toString());
        long payments = jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) FROM payments WHERE idempotency_key IN (
                    SELECT 'bank-line:' || id FROM bank_lines WHERE payer_account LIKE '408178100000000003%')""")
                .mapTo(Long.class).one());
        assertEquals(4, payments, "each payment once");
    }

    @Test
    void arrearsAreFoundByNumberOrPayerAndFilteredByAnOrganizationWithItsMembers() throws Exception {
        Program course = newProgram("arrears-search");
        post("/api/v1/billing/prices", Map.of("programId", course.id(), "amount", "1000"));
        long plan = json(post("/api/v1/billing/plans", Map.of("programId", course.id(), "name", "One part",
                "parts", List.of(Map.of("share", "100", "dueDate", LocalDate.now().minusDays(40).toString())))), 200)
                .path("id").asLong();
        String tag = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        long company = jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO organizations (name, kind) VALUES (:name, 'OTHER') RETURNING id""")
                .bind("name", "Zeta " + tag + " Holding").mapTo(Long.class).one());
        UUID member = jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO persons (last_name, first_name, full_name) VALUES (:last, 'Mira', :last || ' Mira')
                RETURNING id""").bind("last", "Member" + tag).mapTo(UUID.class).one());
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO organization_members (organization_id, person_id, role) VALUES (:o, :p, 'EMPLOYEE')""")
                .bind("o", company).bind("p", member).execute());
        UUID outsider = jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO persons (last_name, first_name, full_name) VALUES (:last, 'Oleg', :last || ' Oleg')
                RETURNING id""").bind("last", "Outsider" + tag).mapTo(UUID.class).one());
        String companys = json(post("/api/v1/billing/invoices", Map.of("organizationId", company,
                "programId", course.id(), "planId", plan)), 200).path("number").asText();
        String members = json(post("/api/v1/billing/invoices", Map.of("personId", member.toString(),
                "programId", course.id(), "planId", plan)), 200).path("number").asText();
        String outsiders = json(post("/api/v1/billing/invoices", Map.of("personId", outsider.toString(),
                "programId", course.id(), "planId", plan)), 200).path("number").asText();
        String inProgram = "/api/v1/billing/arrears?columns=number&program=" + course.id();

        assertEquals(Set.of(companys, members), numbers(inProgram + "&organization=" + company),
                "the organization's invoices and its members'");
        assertEquals(Set.of(), numbers(inProgram + "&organization=999999999"));
        assertEquals(Set.of(), numbers(inProgram + "&organization=zeta"), "a value that is no id names nothing");
        assertEquals(Set.of(outsiders), numbers(inProgram + "&q=" + outsiders), "a number");
        // a number's start: the year and the first digits, which the three share
        String start = companys.substring(0, companys.length() - 3);
        assertTrue(members.startsWith(start) && outsiders.startsWith(start), start);
        assertEquals(Set.of(companys, members, outsiders), numbers(inProgram + "&q=" + start));
        assertEquals(Set.of(members), numbers(inProgram + "&q=member" + tag), "a person's name, any case");
        assertEquals(Set.of(companys), numbers(inProgram + "&q=" + tag.toUpperCase() + "%20holding"),
                "an organization's name, word by word");
        assertEquals(Set.of(outsiders), numbers(inProgram + "&q=" + outsiders.substring(5)),
                "a number's digits anywhere");
        assertEquals(Set.of(), numbers(inProgram + "&q=%25"), "a wildcard is a literal character");
    }

    static Set<String> numbers(String path) throws Exception {
        Set<String> numbers = new TreeSet<>();
        json(get(path), 200).path("rows").forEach(row -> numbers.add(row.path("number").asText()));
        return numbers;
    }

    @Test
    void arrearsFallIntoAgeingBucketsAndAreFilteredAndExported() throws Exception {
        Program course = newProgram("arrears");
        post("/api/v1/billing/prices", Map.of("programId", course.id(), "amount", "4000"));
        LocalDate today = LocalDate.now();
        long plan = json(post("/api/v1/billing/plans", Map.of("programId", course.id(), "name", "Four parts",
                "parts", List.of(Map.of("share", "25", "dueDate", today.minusDays(100).toString()),
                        Map.of("share", "25", "dueDate", today.minusDays(45).toString()),
                        Map.of("share", "25", "dueDate", today.minusDays(10).toString()),
                        Map.of("share", "25", "dueDate", today.plusDays(20).toString())))), 200).path("id").asLong();
        Map<String, String> numbers = new HashMap<>();
        for (String who : List.of("none", "half", "most")) {
            JsonNode invoice = json(post("/api/v1/billing/invoices", Map.of("personId", newPerson().toString(),
                    "programId", course.id(), "planId", plan)), 200);
            numbers.put(who, invoice.path("number").asText());
            String paid = Map.of("none", "0", "half", "1500", "most", "3000").get(who);
            if (!paid.equals("0")) {
                json(pay(Map.of("invoiceId", invoice.path("id").asText(), "amount", paid,
                        "idempotencyKey", "arrears-" + UUID.randomUUID())), 200);
            }
        }
        JsonNode rows = json(get("/api/v1/billing/arrears?program=" + course.id() + "&columns=number,overdue,days,bucket"),
                200).path("rows");
        Map<String, JsonNode> byNumber = new HashMap<>();
        rows.forEach(row -> byNumber.put(row.path("number").asText(), row));
        assertEquals(Set.of(numbers.get("none"), numbers.get("half")), byNumber.keySet(),
                "the invoice paid up to today's instalments is no arrear: " + rows);
        JsonNode none = byNumber.get(numbers.get("none"));
        assertEquals("90+", none.path("bucket").asText());
        assertEquals("100", none.path("days").asText());
        assertMoney("3000.00", new com.fasterxml.jackson.databind.node.TextNode(none.path("overdue").asText()));
        JsonNode half = byNumber.get(numbers.get("half"));
        assertEquals("31-60", half.path("bucket").asText(), "the first part not covered is the second: " + half);
        assertMoney("1500.00", new com.fasterxml.jackson.databind.node.TextNode(half.path("overdue").asText()));

        JsonNode old = json(get("/api/v1/billing/arrears?program=" + course.id() + "&bucket=90%2B"), 200);
        assertEquals(1, old.path("total").asInt(), old.toString());
        assertEquals(0, json(get("/api/v1/billing/arrears?program=" + course.id() + "&project=999999"), 200)
                .path("total").asInt());
        HttpResponse<String> csv = server.send(admin.request("/admin/arrears.csv?program=" + course.id()));
        assertEquals(200, csv.statusCode());
        assertTrue(csv.body().contains(numbers.get("none")) && csv.body().contains(numbers.get("half"))
                && !csv.body().contains(numbers.get("most")), csv.body());
        HttpResponse<String> page = server.send(admin.request("/admin/arrears?lang=en&program=" + course.id()));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Arrears") && page.body().contains(numbers.get("half")), page.body());
    }

    @Test
    void remindersGoBeforeAndAfterEachDueDateOnce() throws Exception {
        Program course = newProgram("remind");
        post("/api/v1/billing/prices", Map.of("programId", course.id(), "amount", "3000"));
        LocalDate today = LocalDate.now();
        long plan = json(post("/api/v1/billing/plans", Map.of("programId", course.id(), "name", "Three",
                "parts", List.of(Map.of("share", "33.33", "dueDate", today.minusDays(5).toString()),
                        Map.of("share", "33.33", "dueDate", today.plusDays(2).toString()),
                        Map.of("share", "33.34", "dueDate", today.plusDays(20).toString())))), 200).path("id").asLong();
        String email = "payer-" + UUID.randomUUID() + "@example.org";
        UUID person = jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO persons (last_name, first_name, full_name, email) VALUES ('R', 'P', 'R P', :email)
                RETURNING id""").bind("email", email).mapTo(UUID.class).one());
        json(post("/api/v1/billing/invoices", Map.of("personId", person.toString(), "programId", course.id(),
                "planId", plan, "locale", "en")), 200);
        Reminders reminders = new Reminders(jdbi, new org.matricula.platform.notify.Outbox(jdbi,
                org.matricula.platform.http.JsonMapper.create()), new Invoices(jdbi, new Prices(jdbi),
                new org.matricula.platform.crm.timeline.Timeline(jdbi), java.time.Clock.systemUTC(),
                java.time.ZoneId.of("Europe/Moscow")));
        reminders.run();
        reminders.run();
        List<String> subjects = jdbi.withHandle(h -> h.createQuery("""
                SELECT payload ->> 'subject' FROM outbox WHERE kind = 'mail' AND payload ->> 'to' = :to
                ORDER BY id""").bind("to", email).mapTo(String.class).list());
        assertEquals(2, subjects.size(), "one overdue and one coming, each once: " + subjects);
        assertTrue(subjects.get(0).startsWith("Overdue payment") || subjects.get(1).startsWith("Overdue payment"),
                subjects.toString());
        assertTrue(subjects.stream().anyMatch(subject -> subject.startsWith("Payment due soon")), subjects.toString());
    }

    static String document(String number, String amount, String payerAccount, String inn, String purpose) {
        return "СекцияДокумент=Платежное поручение\nНомер=" + number + "\nДата=01.12.2026\nСумма=" + amount
                + "\nПлательщикСчет=" + payerAccount + "\nПлательщик=Плательщик " + number
                + "\nПлательщикИНН=" + inn + "\nПолучательСчет=" + OUR_ACCOUNT
                + "\nНазначениеПлатежа=" + purpose + "\nКонецДокумента\n";
    }

    static HttpResponse<byte[]> pdf(String invoiceId, String lang) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(admin.request("/api/v1/billing/invoices/" + invoiceId
                + "/pdf?lang=" + lang).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<String> importStatement(byte[] file) {
        return server.send(admin.request("/api/v1/bank/statements?name=statement.txt")
                .header("Content-Type", "application/octet-stream").header("X-CSRF-Token", admin.csrf())
                .POST(HttpRequest.BodyPublishers.ofByteArray(file)));
    }

    // ---- helpers

    static int invoicesOf(String declaration) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM invoices WHERE declaration_id = :d")
                .bind("d", UUID.fromString(declaration)).mapTo(Integer.class).one());
    }

    static UUID newPerson() {
        return jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO persons (last_name, first_name, full_name) VALUES ('Test', 'Payer', 'Test Payer')
                RETURNING id""").mapTo(UUID.class).one());
    }

    static JsonNode account(UUID person) throws Exception {
        return json(get("/api/v1/billing/persons/" + person), 200);
    }

    static HttpResponse<String> pay(Map<String, Object> payment) throws Exception {
        return post("/api/v1/billing/payments", payment);
    }

    static HttpResponse<String> post(String path, Map<String, Object> value) throws Exception {
        return server.send(admin.json(path).POST(body(new LinkedHashMap<>(value))));
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

    static void assertMoney(String expected, JsonNode actual) {
        assertMoney(expected, actual, "");
    }

    static void assertMoney(String expected, JsonNode actual, String why) {
        assertEquals(0, new BigDecimal(expected).compareTo(new BigDecimal(actual.asText())),
                why + " expected " + expected + ", got " + actual);
    }

    static HttpRequest.BodyPublisher body(Object value) throws Exception {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(value));
    }
}
