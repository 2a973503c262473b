package org.matricula.platform.crm.deals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
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
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.Program;
import org.matricula.platform.catalog.ProgramInput;
import org.matricula.platform.catalog.ProjectInput;
import org.matricula.platform.crm.timeline.Timeline;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.privacy.PersonalFamily;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * Deals end to end: retail deals opened, won (with automatic enrolment where the program says so)
 * and lost with no human touch, once each; B2B deals moved through the pipeline by managers, won
 * with one invoice for the organization, their seats taken by code or list and never overfilled.
 */
class DealsIT {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Jdbi jdbi;
    static Catalog catalog;
    static long project;
    static Session admin;

    @BeforeAll
    static void start() throws Exception {
        jdbi = server.platform().database().jdbi();
        PluginJar.plugin("deal-school", "1.0.0").pluginClass(FixturePlugin.class).extension(PersonalFamily.class)
                .writeTo(server.pluginsDir(), "deal-school.jar");
        server.awaitFamily("deal-school");
        catalog = new Catalog(jdbi, id -> true);
        project = catalog.createProject(new ProjectInput("deals", "Deals", "", "deal-school", true, "", "")).id();
        admin = TestSessions.admin(server);
    }

    static Program newProgram(String code) {
        Program program = catalog.createProgram(new ProgramInput(code + "-" + (System.nanoTime() % 100000), code, "",
                true, "", false));
        catalog.link(project, program.id());
        return program;
    }

    @Test
    void aRetailDealOpensIsWonWithAutomaticEnrolmentAndIsLostOnWithdrawalEachOnce() throws Exception {
        Program auto = newProgram("auto");
        assertEquals(200, post("/api/v1/billing/prices", Map.of("programId", auto.id(), "amount", "12000.50"))
                .statusCode());
        JsonNode setting = json(post("/api/v1/crm/deals/programs/" + auto.id(), Map.of("autoEnrol", true)), 200);
        assertTrue(setting.path("autoEnrol").asBoolean());

        Session buyer = TestSessions.applicant(server);
        String declaration = submit(buyer, auto);
        await(() -> retailDeal(declaration) != null, "a deal opens for the submitted declaration");
        Map<String, Object> deal = retailDeal(declaration);
        assertEquals("OPEN", deal.get("stage"));
        // the job read the declarations linked since its mark, and moved the mark past this one
        Boolean marked = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT s.last_id >= pd.seq FROM crm_sync s, person_declarations pd
                WHERE s.source = 'retail_deals' AND pd.declaration_id = CAST(:id AS uuid)""")
                .bind("id", declaration).mapTo(Boolean.class).one());
        assertTrue(marked);
        assertEquals(0, new BigDecimal("12000.50").compareTo((BigDecimal) deal.get("amount")),
                "the amount is the program's price");
        UUID person = (UUID) deal.get("person_id");

        accept(declaration);
        await(() -> invoice(declaration) != null, "the accepted declaration is invoiced");
        String invoice = invoice(declaration).toString();
        assertEquals(200, post("/api/v1/billing/payments", Map.of("invoiceId", invoice, "amount", "5000",
                "idempotencyKey", "part-" + invoice)).statusCode());
        Thread.sleep(2500);
        assertEquals("OPEN", retailDeal(declaration).get("stage"), "a partial payment wins nothing");
        assertEquals(200, post("/api/v1/billing/payments", Map.of("invoiceId", invoice, "amount", "7000.50",
                "idempotencyKey", "rest-" + invoice)).statusCode());
        await(() -> "WON".equals(retailDeal(declaration).get("stage")), "paid in full wins the deal");
        await(() -> "ENROLLED".equals(status(declaration)), "the program enrols automatically");

        // replays change nothing: one deal, its moves and its timeline entries once each
        new RetailDeals(jdbi, new Timeline(jdbi), id -> {
            throw new AssertionError("enrolled twice");
        }, Clock.systemUTC()).catchUp();
        Thread.sleep(1500);
        assertEquals(1, count("SELECT count(*) FROM deals WHERE declaration_id = :d", declaration));
        assertEquals(2, count("""
                SELECT count(*) FROM deal_moves m JOIN deals x ON x.id = m.deal_id
                WHERE x.declaration_id = :d""", declaration));
        List<String> kinds = new ArrayList<>();
        json(get("/api/v1/crm/persons/" + person + "/timeline?kind=DEAL"), 200).path("entries")
                .forEach(entry -> kinds.add(entry.path("kind").asText()));
        assertEquals(List.of("DEAL", "DEAL"), kinds, "opened and won on the person's timeline");

        // another program, not enrolling by itself: won, but the declaration waits for a person
        Program manual = newProgram("manual");
        post("/api/v1/billing/prices", Map.of("programId", manual.id(), "amount", "100"));
        Session other = TestSessions.applicant(server);
        String second = submit(other, manual);
        await(() -> retailDeal(second) != null, "a deal opens");
        accept(second);
        await(() -> invoice(second) != null, "invoiced");
        post("/api/v1/billing/payments", Map.of("invoiceId", invoice(second).toString(), "amount", "100",
                "idempotencyKey", "all-" + second));
        await(() -> "WON".equals(retailDeal(second).get("stage")), "won");
        Thread.sleep(1500);
        assertEquals("ACCEPTED", status(second), "no automatic enrolment where the program does not say so");

        // withdrawn: lost, with the declaration's status as the reason
        Session quitter = TestSessions.applicant(server);
        String third = submit(quitter, manual);
        await(() -> retailDeal(third) != null, "a deal opens");
        HttpResponse<String> withdrawn = server.send(quitter.json("/api/v1/me/declarations/" + third + "/withdraw")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, withdrawn.statusCode(), withdrawn.body());
        await(() -> "LOST".equals(retailDeal(third).get("stage")), "withdrawn loses the deal");
        assertEquals("WITHDRAWN", retailDeal(third).get("lost_reason"));
    }

    @Test
    void aB2bDealMovesThroughThePipelineAndWinsOneInvoiceForTheOrganization() throws Exception {
        Program program = newProgram("corp");
        long organization = organization("Corporate University " + program.id());
        HttpResponse<String> bad = post("/api/v1/crm/deals?lang=en", Map.of("organizationId", 999999,
                "seats", "0", "pricePerSeat", "1.234", "probability", "150", "expectedClose", "soon"));
        assertEquals(Set.of("organizationId", "programId", "seats", "pricePerSeat", "probability", "expectedClose"),
                fields(bad));

        JsonNode created = json(post("/api/v1/crm/deals", Map.of("organizationId", organization,
                "programId", program.id(), "title", "Spring group", "seats", 3, "pricePerSeat", "25000.50",
                "expectedClose", "2027-03-01", "probability", 40, "managerId", admin.accountId().toString())), 200);
        long id = created.path("id").asLong();
        assertEquals("LEAD", created.path("stage").asText());
        assertEquals(0, new BigDecimal("75001.50").compareTo(created.path("amount").decimalValue()));

        assertEquals("PROPOSAL", json(move(id, "PROPOSAL", ""), 200).path("stage").asText());
        assertEquals("CONTRACT", json(move(id, "CONTRACT", "signed draft"), 200).path("stage").asText());
        assertEquals(Set.of("reason"), fields(move(id, "LOST", " ")), "lost needs a reason");
        assertEquals(Set.of("stage"), fields(move(id, "OPEN", "")), "retail stages are not the pipeline's");

        JsonNode won = json(move(id, "WON", "paid by contract"), 200);
        assertEquals("WON", won.path("stage").asText());
        String code = won.path("enrolmentCode").asText();
        assertFalse(code.isBlank());
        assertEquals(409, move(id, "LOST", "changed our minds").statusCode(), "a won deal stays won");
        assertEquals(1, count("SELECT count(*) FROM invoices WHERE organization_id = :d", organization),
                "one invoice for the organization");
        Map<String, Object> invoice = jdbi.withHandle(h -> h.createQuery("""
                SELECT i.total, l.quantity, l.unit_price FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
                WHERE i.organization_id = :o""").bind("o", organization).mapToMap().one());
        assertEquals(0, new BigDecimal("75001.50").compareTo((BigDecimal) invoice.get("total")));
        assertEquals(3, invoice.get("quantity"));

        JsonNode history = json(get("/api/v1/crm/deals/" + id), 200).path("moves");
        List<String> stages = new ArrayList<>();
        history.forEach(move -> stages.add(move.path("to").asText()));
        assertEquals(List.of("LEAD", "PROPOSAL", "CONTRACT", "WON"), stages);
        assertEquals("signed draft", history.get(2).path("reason").asText());

        // lost with a reason
        long other = json(post("/api/v1/crm/deals", Map.of("organizationId", organization, "programId", program.id(),
                "seats", 1, "pricePerSeat", "10")), 200).path("id").asLong();
        JsonNode lost = json(move(other, "LOST", "budget cut"), 200);
        assertEquals("budget cut", lost.path("lostReason").asText());
        assertEquals(1, count("SELECT count(*) FROM invoices WHERE organization_id = :d", organization));
    }

    @Test
    void theListTakesAnyKindOrNoneAndRefusesAnUnknownOne() throws Exception {
        Program program = newProgram("kinds");
        long organization = organization("Kinds " + program.id());
        json(post("/api/v1/crm/deals", Map.of("organizationId", organization, "programId", program.id(),
                "seats", 1, "pricePerSeat", "10")), 200);

        JsonNode all = json(get("/api/v1/crm/deals"), 200).path("deals");
        assertTrue(all.size() > 0, all.toString());
        JsonNode b2b = json(get("/api/v1/crm/deals?kind=b2b"), 200).path("deals");
        assertTrue(b2b.size() > 0, b2b.toString());
        b2b.forEach(deal -> assertEquals("B2B", deal.path("kind").asText()));

        HttpResponse<String> nonsense = get("/api/v1/crm/deals?kind=nonsense&lang=en");
        assertEquals(Set.of("kind"), fields(nonsense));
        assertTrue(nonsense.body().contains("RETAIL, B2B"), nonsense.body());
    }

    @Test
    void aTotalOrADateThatCannotBeKeptIsRefusedPerField() throws Exception {
        Program program = newProgram("bounds");
        long organization = organization("Bounds " + program.id());
        HttpResponse<String> tooMuch = post("/api/v1/crm/deals?lang=en", Map.of("organizationId", organization,
                "programId", program.id(), "seats", 100, "pricePerSeat", "99999999999.99"));
        assertEquals(Set.of("pricePerSeat"), fields(tooMuch));
        assertTrue(tooMuch.body().contains("999999999999.99"), tooMuch.body());

        for (String date : List.of("+6000000-01-01", "+999999999-12-31", "-5000-01-01", "1899-12-31",
                "+10000-01-01")) {
            HttpResponse<String> far = post("/api/v1/crm/deals?lang=en", Map.of("organizationId", organization,
                    "programId", program.id(), "seats", 1, "pricePerSeat", "10", "expectedClose", date));
            assertEquals(Set.of("expectedClose"), fields(far), date);
            assertTrue(far.body().contains("1900-01-01") && far.body().contains("9999-12-31"), far.body());
        }
        JsonNode edge = json(post("/api/v1/crm/deals", Map.of("organizationId", organization,
                "programId", program.id(), "seats", 1, "pricePerSeat", "999999999999.99",
                "expectedClose", "9999-12-31")), 200);
        assertEquals("9999-12-31", edge.path("expectedClose").asText());
    }

    @Test
    void wonDealsPaidInFullAtTheLargestAmountAddUpInTheMonthsRevenue() throws Exception {
        Program program = newProgram("largest");
        for (int i = 0; i < 2; i++) {
            long organization = organization("Largest " + program.id() + "-" + i);
            long id = json(post("/api/v1/crm/deals", Map.of("organizationId", organization,
                    "programId", program.id(), "seats", 1, "pricePerSeat", "999999999999.99")), 200)
                    .path("id").asLong();
            String invoice = json(move(id, "WON", "signed"), 200).path("invoiceId").asText();
            json(post("/api/v1/billing/payments", Map.of("invoiceId", invoice, "amount", "999999999999.99",
                    "idempotencyKey", "largest-" + invoice)), 200);
        }
        BigDecimal paid = jdbi.withHandle(h -> h.createQuery(
                "SELECT sum(paid) FROM analytics_revenue WHERE program_id = :p").bind("p", program.id())
                .mapTo(BigDecimal.class).one());
        assertEquals(0, new BigDecimal("1999999999999.98").compareTo(paid), paid.toPlainString());
    }

    @Test
    void seatsAreTakenByCodeOrListNeverBeyondTheDealAndTheirDeclarationsAreNotInvoiced() throws Exception {
        Program program = newProgram("seats");
        post("/api/v1/billing/prices", Map.of("programId", program.id(), "amount", "9000"));
        long organization = organization("Employer " + program.id());
        long id = json(post("/api/v1/crm/deals", Map.of("organizationId", organization, "programId", program.id(),
                "seats", 3, "pricePerSeat", "8000")), 200).path("id").asLong();
        assertEquals(409, seats(id, List.of("early@example.org")).statusCode(), "seats only on a won deal");
        String code = json(move(id, "WON", "signed"), 200).path("enrolmentCode").asText();

        // eight applicants at once for three seats: three get one
        List<Session> applicants = new ArrayList<>();
        List<String> declarations = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Session applicant = TestSessions.applicant(server);
            applicants.add(applicant);
            declarations.add(submit(applicant, program));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Session applicant = applicants.get(i);
            String declaration = declarations.get(i);
            sent.add(pool.submit(() -> server.send(applicant.json("/api/v1/me/deals/enrolment-code?lang=en")
                    .POST(body(Map.of("declarationId", declaration, "code", code.toLowerCase()))))));
        }
        int taken = 0;
        int refused = 0;
        for (Future<HttpResponse<String>> answer : sent) {
            HttpResponse<String> response = answer.get();
            if (response.statusCode() == 200) {
                taken++;
            } else {
                assertEquals(Set.of("code"), fields(response));
                refused++;
            }
        }
        pool.shutdown();
        assertEquals(3, taken);
        assertEquals(5, refused);
        assertEquals(3, json(get("/api/v1/crm/deals/" + id), 200).path("seatsUsed").asInt());
        String seated = jdbi.withHandle(h -> h.createQuery("""
                SELECT declaration_id::text FROM deal_seats WHERE deal_id = :d LIMIT 1""").bind("d", id)
                .mapTo(String.class).one());
        Session holder = applicants.get(declarations.indexOf(seated));
        assertEquals(200, server.send(holder.json("/api/v1/me/deals/enrolment-code").POST(body(Map.of(
                "declarationId", seated, "code", code)))).statusCode(), "taking the same seat again is no change");
        assertEquals(3, json(get("/api/v1/crm/deals/" + id), 200).path("seatsUsed").asInt());
        assertEquals(404, server.send(applicants.get(0).json("/api/v1/me/deals/enrolment-code").POST(body(Map.of(
                "declarationId", UUID.randomUUID().toString(), "code", code)))).statusCode());

        accept(seated);
        Thread.sleep(3000);
        assertEquals(null, invoice(seated), "the organization pays: no retail invoice");
        assertEquals(null, retailDeal(seated), "and no retail deal");

        // the list: all or none within the seats left
        Program listed = newProgram("listed");
        long second = json(post("/api/v1/crm/deals", Map.of("organizationId", organization,
                "programId", listed.id(), "seats", 2, "pricePerSeat", "100")), 200).path("id").asLong();
        move(second, "WON", "ok");
        assertEquals(Set.of("emails"), fields(seats(second, List.of("a@example.org", "b@example.org",
                "c@example.org"))));
        assertEquals(Set.of("emails"), fields(seats(second, List.of("not-an-address"))));
        Session listedApplicant = TestSessions.applicant(server);
        assertEquals(2, json(seats(second, List.of(listedApplicant.email(), "b@example.org")), 200)
                .path("added").asInt());
        assertEquals(0, json(seats(second, List.of(listedApplicant.email().toUpperCase())), 200).path("added")
                .asInt(), "a known address adds nothing");
        String fromList = submit(listedApplicant, listed);
        await(() -> count("SELECT count(*) FROM deal_seats WHERE declaration_id = :d", fromList) == 1,
                "the listed address takes its seat");
        Thread.sleep(1500);
        assertEquals(null, retailDeal(fromList), "no retail deal for a seat the organization pays");

        // one who applied before the list takes the seat as the list is saved, and their retail deal goes
        Program late = newProgram("listed-late");
        Session early = TestSessions.applicant(server);
        String applied = submit(early, late);
        await(() -> retailDeal(applied) != null, "the earlier declaration's retail deal");
        long third = json(post("/api/v1/crm/deals", Map.of("organizationId", organization,
                "programId", late.id(), "seats", 1, "pricePerSeat", "100")), 200).path("id").asLong();
        move(third, "WON", "ok");
        assertEquals(1, json(seats(third, List.of(early.email())), 200).path("added").asInt());
        assertEquals(1, count("SELECT count(*) FROM deal_seats WHERE declaration_id = :d", applied),
                "the seat taken by the list's own save");
        assertEquals(null, retailDeal(applied), "the retail deal dropped with it");
    }

    @Test
    void theBoardMovesCardsByFormsAndTheListShowsEveryDeal() throws Exception {
        Program program = newProgram("board");
        long organization = organization("Board University " + program.id());
        HttpResponse<String> bad = server.send(admin.form("/admin/deals?lang=en", "organizationId", "",
                "programId", String.valueOf(program.id()), "title", "x", "seats", "many", "pricePerSeat", "1",
                "expectedClose", "", "probability", "", "managerId", ""));
        assertEquals(422, bad.statusCode());
        assertTrue(bad.body().contains("error-summary") && bad.body().contains("Choose an organization.")
                && bad.body().contains("Enter a whole number of seats"), bad.body());

        HttpResponse<String> created = server.send(admin.form("/admin/deals?lang=en", "organizationId",
                String.valueOf(organization), "programId", String.valueOf(program.id()), "title", "Board deal",
                "seats", "4", "pricePerSeat", "1500,25", "expectedClose", "2027-05-01", "probability", "60",
                "managerId", ""));
        assertEquals(303, created.statusCode(), created.body());
        long id = Long.parseLong(created.headers().firstValue("Location").orElseThrow().replaceAll(".*/deals/(\\d+).*",
                "$1"));
        HttpResponse<String> board = server.send(admin.request("/admin/deals?lang=en"));
        assertEquals(200, board.statusCode());
        assertTrue(board.body().contains("deal-card-" + id) && board.body().contains("6,001.00"), board.body());

        HttpResponse<String> lostWithoutReason = server.send(admin.form("/admin/deals/" + id + "/move?lang=en",
                "stage", "LOST", "reason", ""));
        assertEquals(422, lostWithoutReason.statusCode());
        assertTrue(lostWithoutReason.body().contains("Say why the deal was lost."));
        assertEquals(303, server.send(admin.form("/admin/deals/" + id + "/move?lang=en", "stage", "PROPOSAL",
                "reason", "")).statusCode());
        assertEquals("PROPOSAL", json(get("/api/v1/crm/deals/" + id), 200).path("stage").asText());
        HttpResponse<String> card = server.send(admin.request("/admin/deals/" + id + "?lang=en"));
        assertEquals(200, card.statusCode());
        assertTrue(card.body().contains("deal-moves") && card.body().contains("Proposal"), card.body());

        HttpResponse<String> list = server.send(admin.request("/admin/deals/list?lang=en"));
        assertEquals(200, list.statusCode());
        assertTrue(list.body().contains("Board University " + program.id()), list.body());
        for (String named : List.of(String.valueOf(organization), "board+university+" + program.id())) {
            assertTrue(server.send(admin.request("/admin/deals/list?lang=en&organization=" + named)).body()
                    .contains("Board University " + program.id()), "the organization by id or by name: " + named);
        }
        assertFalse(server.send(admin.request("/admin/deals/list?lang=en&organization=no+such+university")).body()
                .contains("Board University " + program.id()));
        HttpResponse<String> csv = server.send(admin.request("/admin/deals/list.csv?lang=en"));
        assertEquals(200, csv.statusCode());
        assertTrue(csv.body().contains("Board University " + program.id()));

        assertEquals(200, server.send(TestSessions.open(server, "CRM_MANAGER").request("/admin/deals"))
                .statusCode());
        for (String role : List.of("APPLICANT", "PROJECT_ADMIN", "COORDINATOR")) {
            Session session = TestSessions.open(server, role);
            assertEquals(403, server.send(session.request("/admin/deals")).statusCode(), role);
            assertEquals(403, server.send(session.json("/api/v1/crm/deals")).statusCode(), role);
        }
        assertEquals(401, server.get("/api/v1/crm/deals").statusCode());
    }

    @Test
    void enrolmentWaitsForTheOfferAcceptedAndTheFirstInstalmentAndContractsComeFromEditableTemplates()
            throws Exception {
        Program program = newProgram("offer");
        post("/api/v1/billing/prices", Map.of("programId", program.id(), "amount", "30000"));
        post("/api/v1/billing/plans", Map.of("programId", program.id(), "name", "Halves",
                "parts", List.of(Map.of("share", "50", "dueDate", "2027-01-10"),
                        Map.of("share", "50", "dueDate", "2027-04-10"))));
        // submitted before the program required the offer: accepted afterwards in the office
        Session applicant = TestSessions.applicant(server);
        String declaration = submit(applicant, program);
        assertEquals(200, post("/api/v1/crm/deals/programs/" + program.id(), Map.of("requiresOffer", true,
                "requiresFirstInstalment", true)).statusCode());
        accept(declaration);
        await(() -> invoice(declaration) != null, "invoiced");

        HttpResponse<String> refused = enrol(declaration);
        assertEquals(422, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("has not accepted the public offer and the first instalment is not paid"),
                refused.body());

        HttpResponse<byte[]> offer = bytes(applicant.request("/api/v1/me/deals/offer/" + declaration + "?lang=en"));
        assertEquals(200, offer.statusCode());
        String offerText = pdfText(offer.body());
        assertTrue(offerText.contains("Public offer") && offerText.contains(program.name())
                && offerText.contains("30,000.00"), offerText);
        assertEquals(404, bytes(TestSessions.applicant(server).request("/api/v1/me/deals/offer/" + declaration))
                .statusCode(), "another applicant's declaration is not theirs to see");

        JsonNode accepted = json(server.send(applicant.json("/api/v1/me/deals/offer/" + declaration + "/accept")
                .POST(HttpRequest.BodyPublishers.noBody())), 200);
        assertEquals(0, accepted.path("version").asInt(), "the shipped text is version 0");
        assertEquals(200, server.send(applicant.json("/api/v1/me/deals/offer/" + declaration + "/accept")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode(), "accepting again changes nothing");
        assertEquals(1, count("SELECT count(*) FROM offer_acceptances WHERE declaration_id = :d", declaration));

        HttpResponse<String> unpaid = enrol(declaration);
        assertEquals(422, unpaid.statusCode());
        assertTrue(unpaid.body().contains("the first instalment is not paid")
                && !unpaid.body().contains("public offer"), unpaid.body());
        post("/api/v1/billing/payments", Map.of("invoiceId", invoice(declaration).toString(), "amount", "15000",
                "idempotencyKey", "first-" + declaration));
        assertEquals(200, enrol(declaration).statusCode(), "offer accepted and first instalment paid: enrolled");
        assertEquals("ENROLLED", status(declaration));

        // admins edit the offer: a preview with sample data, a broken template refused, a save is a new version
        HttpResponse<String> preview = server.send(admin.form("/admin/deals/templates?lang=en", "kind", "OFFER",
                "language", "en", "body", "<p>Offer for {{customer}} on {{program}}</p>", "action", "preview"));
        assertEquals(200, preview.statusCode());
        assertTrue(preview.body().contains("Offer for Anna Petrova (sample) on Sample program"), preview.body());
        HttpResponse<String> scripted = server.send(admin.form("/admin/deals/templates?lang=en", "kind", "OFFER",
                "language", "en", "body", "<p>Offer</p><script>alert(1)</script>", "action", "preview"));
        assertEquals(200, scripted.statusCode(), scripted.body());
        assertTrue(!scripted.body().contains("<script>alert(1)") && scripted.body().contains("sandbox=\"\""),
                "the preview is shown in a sandbox, its markup escaped: " + scripted.body());
        HttpResponse<String> broken = server.send(admin.form("/admin/deals/templates?lang=en", "kind", "OFFER",
                "language", "en", "body", "<p>{{#customer}}</p>", "action", "save"));
        assertEquals(422, broken.statusCode());
        assertTrue(broken.body().contains("The template does not make a document"), broken.body());
        HttpResponse<String> unclosed = server.send(admin.form("/admin/deals/templates?lang=en", "kind", "OFFER",
                "language", "en", "body", "<p>unclosed", "action", "save"));
        assertEquals(422, unclosed.statusCode());
        assertTrue(unclosed.body().contains("line 1") && !unclosed.body().contains("TRaX")
                && !unclosed.body().contains("SAXParseException"), unclosed.body());
        assertEquals(303, server.send(admin.form("/admin/deals/templates?lang=en", "kind", "OFFER", "language",
                "en", "body", "<p>Offer for {{customer}} on {{program}}, version {{version}}</p>", "action", "save"))
                .statusCode());
        Session next = TestSessions.applicant(server);
        String later = JSON.readTree(submitWith(next, program, Map.of("acceptOffer", true), "?lang=en").body())
                .path("id").asText();
        String edited = pdfText(bytes(next.request(
                "/api/v1/me/deals/offer/" + later + "?lang=en")).body());
        assertTrue(edited.contains("Offer for") && edited.contains(program.name()) && edited.contains("version 1"),
                edited);
        assertEquals(1, json(server.send(next.json("/api/v1/me/deals/offer/" + later + "/accept?lang=en")
                .POST(HttpRequest.BodyPublishers.noBody())), 200).path("version").asInt(),
                "the acceptance keeps the version accepted, in the language read");
        assertEquals(403, server.send(TestSessions.open(server, "CRM_MANAGER").request("/admin/deals/templates"))
                .statusCode(), "templates are the admins'");
        // a withdrawn declaration's offer is no longer offered, nor accepted
        Session gone = TestSessions.applicant(server);
        HttpResponse<String> submitted = submitWith(gone, program, Map.of("acceptOffer", true), "?lang=en");
        assertEquals(201, submitted.statusCode(), submitted.body());
        String withdrawn = JSON.readTree(submitted.body()).path("id").asText();
        assertEquals(200, server.send(gone.json("/api/v1/me/declarations/" + withdrawn + "/withdraw")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        HttpResponse<String> late = server.send(gone.json("/api/v1/me/deals/offer/" + withdrawn + "/accept?lang=en")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(409, late.statusCode(), late.body());
        String contract = server.send(gone.request("/office/contract/" + withdrawn + "?lang=en")).body();
        assertTrue(!contract.contains("id=\"accept-offer\"") && !contract.contains("id=\"enrolment-code\""), contract);

        // the B2B contract, in Russian and English, and a template's sample PDF
        long organization = organization("ООО «Договор» " + program.id());
        long deal = json(post("/api/v1/crm/deals", Map.of("organizationId", organization, "programId", program.id(),
                "seats", 12, "pricePerSeat", "1000")), 200).path("id").asLong();
        HttpResponse<byte[]> ru = bytes(admin.request("/admin/deals/" + deal + "/contract.pdf?lang=ru"));
        assertEquals(200, ru.statusCode());
        String ruText = pdfText(ru.body());
        assertTrue(ruText.contains("Договор об оказании образовательных услуг") && ruText.contains("ООО «Договор»")
                && ruText.contains("12 000,00"), ruText);
        String enText = pdfText(bytes(admin.request(
                "/admin/deals/" + deal + "/contract.pdf?lang=en")).body());
        assertTrue(enText.contains("Contract for educational services") && enText.contains("12,000.00"), enText);
        assertEquals(200, bytes(admin.request("/admin/deals/templates/CONTRACT/ru.pdf")).statusCode());
    }

    @Test
    void inTheOfficeTheApplicantAcceptsTheOfferByATickAndTakesASeatByCode() throws Exception {
        Program program = newProgram("office");
        long organization = organization("Office Employer " + program.id());
        long deal = json(post("/api/v1/crm/deals", Map.of("organizationId", organization, "programId", program.id(),
                "seats", 1, "pricePerSeat", "500")), 200).path("id").asLong();
        String code = json(move(deal, "WON", "signed"), 200).path("enrolmentCode").asText();
        Session applicant = TestSessions.applicant(server);
        String declaration = submit(applicant, program);

        HttpResponse<String> page = server.send(applicant.request("/office/contract/" + declaration + "?lang=en"));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("accept-offer") && page.body().contains("enrolment-code"), page.body());
        assertTrue(server.send(applicant.request("/office/declarations/" + declaration + "?lang=en")).body()
                .contains("/office/contract/" + declaration), "the declaration's page links to it");
        assertEquals(404, server.send(TestSessions.applicant(server).request("/office/contract/" + declaration))
                .statusCode(), "someone else's declaration");

        HttpResponse<String> unticked = server.send(applicant.form("/office/contract/" + declaration
                + "/accept?lang=en"));
        assertEquals(422, unticked.statusCode());
        assertTrue(unticked.body().contains("Tick the box to accept the offer."), unticked.body());
        assertEquals(303, server.send(applicant.form("/office/contract/" + declaration + "/accept?lang=en",
                "accept", "true")).statusCode());
        assertEquals(1, count("SELECT count(*) FROM offer_acceptances WHERE declaration_id = :d", declaration));

        HttpResponse<String> wrong = server.send(applicant.form("/office/contract/" + declaration + "/code?lang=en",
                "code", "NOPE-NOPE"));
        assertEquals(422, wrong.statusCode());
        assertTrue(wrong.body().contains("No won deal has this enrolment code."), wrong.body());
        assertEquals(303, server.send(applicant.form("/office/contract/" + declaration + "/code?lang=en",
                "code", code)).statusCode());
        HttpResponse<String> after = server.send(applicant.request("/office/contract/" + declaration + "?lang=en"));
        assertTrue(after.body().contains("Office Employer " + program.id()) && after.body().contains("offer-accepted"),
                after.body());
        assertEquals(1, count("SELECT count(*) FROM deal_seats WHERE declaration_id = :d", declaration));
    }

    @Test
    void onTheDeclarationFormTheOfferIsAcceptedByATickAndASeatTakenByCodeInTheSubmission() throws Exception {
        Program offered = newProgram("form-offer");
        Program plain = newProgram("form-plain");
        assertEquals(200, post("/api/v1/crm/deals/programs/" + offered.id(), Map.of("requiresOffer", true))
                .statusCode());
        Session applicant = TestSessions.applicant(server);
        // the setting reaches the form through the catalog's channel, at once on this node too
        await(() -> server.send(applicant.request("/apply/deals?lang=en")).body().contains("id=\"in-acceptOffer\""),
                "the form asks for the offer");
        String form = server.send(applicant.request("/apply/deals?lang=en&program=" + offered.code())).body();
        assertTrue(form.contains("/office/contract/offer/" + offered.id() + "?lang") && form.contains(offered.name())
                && !form.contains("id=\"in-enrolmentCode\""), "the offer linked, no code asked without a won deal: "
                + form);
        HttpResponse<byte[]> pdf = bytes(applicant.request("/office/contract/offer/" + offered.id() + "?lang=en"));
        assertEquals(200, pdf.statusCode());
        assertTrue(pdfText(pdf.body()).contains(offered.name()), "the offer names the program");

        // the form without the tick: 422 on that field, everything typed kept, nothing stored
        HttpResponse<String> unticked = server.send(applicant.form("/apply/deals?lang=en", formFields(applicant,
                offered, "lastName", "Офертова")));
        assertEquals(422, unticked.statusCode());
        assertTrue(unticked.body().contains("id=\"error-acceptOffer\"") && unticked.body().contains("Офертова")
                && unticked.body().contains("id=\"summary-acceptOffer\""), unticked.body());
        assertEquals(0, count("SELECT count(*) FROM declarations WHERE account_id = :d", applicant.accountId()));
        HttpResponse<String> json = submitWith(TestSessions.applicant(server), offered, Map.of(), "?lang=en");
        assertEquals(Set.of("acceptOffer"), fields(json), "the JSON API asks for it too");

        // ticked: stored with the declaration, with its time
        HttpResponse<String> ticked = server.send(applicant.form("/apply/deals?lang=en", formFields(applicant,
                offered, "acceptOffer", "true")));
        assertEquals(303, ticked.statusCode(), ticked.body());
        String declaration = ticked.headers().firstValue("Location").orElseThrow().replaceAll(".*/declarations/", "")
                .replaceAll("\\?.*", "");
        Map<String, Object> acceptance = jdbi.withHandle(h -> h.createQuery(
                "SELECT language, version, accepted_at FROM offer_acceptances WHERE declaration_id = :d")
                .bind("d", UUID.fromString(declaration)).mapToMap().one());
        assertEquals("en", acceptance.get("language"));
        assertNotNull(acceptance.get("accepted_at"));
        HttpResponse<String> byJson = submitWith(TestSessions.applicant(server), offered, Map.of("acceptOffer", true),
                "?lang=en");
        assertEquals(201, byJson.statusCode(), byJson.body());
        assertEquals(1, count("SELECT count(*) FROM offer_acceptances WHERE declaration_id = :d",
                JSON.readTree(byJson.body()).path("id").asText()));
        HttpResponse<String> office = server.send(applicant.request("/office/contract/" + declaration + "?lang=en"));
        assertTrue(office.body().contains("offer-accepted"), "the office shows it accepted: " + office.body());

        // a program that requires nothing: no tick box; a won deal of it: the code field
        Session employee = TestSessions.applicant(server);
        String plainForm = server.send(employee.request("/apply/deals?lang=en&program=" + plain.code())).body();
        long organization = organization("Form Employer " + plain.id());
        long deal = json(post("/api/v1/crm/deals", Map.of("organizationId", organization, "programId", plain.id(),
                "seats", 1, "pricePerSeat", "700")), 200).path("id").asLong();
        String code = json(move(deal, "WON", "signed"), 200).path("enrolmentCode").asText();
        // the won deal's code reaches the form through the catalog's channel (V97), as the offer setting does
        await(() -> server.send(employee.request("/apply/deals?lang=en&program=" + plain.code())).body()
                .contains("id=\"in-enrolmentCode\""), "the form asks for the code once the deal is won");

        HttpResponse<String> wrong = server.send(employee.form("/apply/deals?lang=en", formFields(employee, plain,
                "enrolmentCode", "NOPE0-NOPE0")));
        assertEquals(422, wrong.statusCode());
        assertTrue(wrong.body().contains("id=\"error-enrolmentCode\"")
                && wrong.body().contains("No won deal has this enrolment code."), wrong.body());
        assertEquals(0, count("SELECT count(*) FROM declarations WHERE account_id = :d", employee.accountId()),
                "a refused code stores no declaration");
        HttpResponse<String> seated = server.send(employee.form("/apply/deals?lang=en", formFields(employee, plain,
                "enrolmentCode", code.toLowerCase())));
        assertEquals(303, seated.statusCode(), seated.body());
        String seatHolder = seated.headers().firstValue("Location").orElseThrow().replaceAll(".*/declarations/", "")
                .replaceAll("\\?.*", "");
        assertEquals(1, count("SELECT count(*) FROM deal_seats WHERE declaration_id = :d", seatHolder));
        assertEquals(1, count("SELECT seats_used FROM deals WHERE id = :d", deal));

        HttpResponse<String> usedUp = submitWith(TestSessions.applicant(server), plain, Map.of("enrolmentCode", code),
                "?lang=en");
        assertEquals(Set.of("enrolmentCode"), fields(usedUp), "the seats are used up");
        assertTrue(usedUp.body().contains("All seats of this enrolment code are taken"), usedUp.body());

        accept(seatHolder);
        Thread.sleep(2500);
        assertEquals(null, invoice(seatHolder), "the organization pays: no invoice for the applicant");
        assertTrue(plainForm.contains("value=\"" + plain.code() + "\" selected") && !plainForm.contains("in-acceptOffer")
                && !plainForm.contains("in-enrolmentCode"), "nothing asked where nothing is required: " + plainForm);
    }

    /** The declaration form's fields for a program, as the browser posts them, with more fields after. */
    static String[] formFields(Session applicant, Program program, String... more) {
        Map<String, String> fields = new LinkedHashMap<>(values(applicant));
        fields.put("program", program.code());
        for (int i = 0; i < more.length; i += 2) {
            fields.put(more[i], more[i + 1]);
        }
        return fields.entrySet().stream().flatMap(entry -> java.util.stream.Stream.of(entry.getKey(),
                entry.getValue())).toArray(String[]::new);
    }

    /** The PDF's text, its lines joined and every kind of space (a Russian thousands separator too) a plain one. */
    static String pdfText(byte[] pdf) throws Exception {
        return org.matricula.platform.testing.DeclarationPdfText.text(pdf).replaceAll("[\\s\\u00a0\\u202f]+", " ");
    }

    static HttpResponse<String> enrol(String declaration) throws Exception {
        return server.send(admin.json("/api/v1/admin/declarations/" + declaration + "/status?lang=en")
                .POST(body(Map.of("status", "ENROLLED", "comment", ""))));
    }

    static HttpResponse<byte[]> bytes(HttpRequest.Builder request) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    // ---- helpers

    static String submit(Session applicant, Program program) throws Exception {
        HttpResponse<String> created = submitWith(applicant, program, Map.of(), "");
        assertEquals(201, created.statusCode(), created.body());
        return JSON.readTree(created.body()).path("id").asText();
    }

    /** The form's values of an applicant of the fixture family, as the form posts them. */
    static Map<String, String> values(Session applicant) {
        return Map.of("category", "other", "lastName", "Сделкина", "firstName", "Анна",
                "middleName", "Петровна", "birthDate", "1991-02-03", "sex", "female", "email", applicant.email(),
                "phone", "+7 912 " + (100 + (int) (Math.random() * 800)) + "-" + (10 + (int) (Math.random() * 80)) + "-"
                        + (10 + (int) (Math.random() * 80)),
                "snils", "112-233-445 95");
    }

    /** A JSON submission with more fields beside project, program and values ({@code acceptOffer}, {@code enrolmentCode}). */
    static HttpResponse<String> submitWith(Session applicant, Program program, Map<String, Object> extra, String query)
            throws Exception {
        Map<String, Object> body = new HashMap<>(extra);
        body.put("project", "deals");
        body.put("program", program.code());
        body.put("values", values(applicant));
        return server.send(applicant.json("/api/v1/me/declarations" + query).POST(body(body)));
    }

    static void accept(String declaration) throws Exception {
        HttpResponse<String> changed = server.send(admin.json("/api/v1/admin/declarations/" + declaration
                + "/status").POST(body(Map.of("status", "ACCEPTED", "comment", "welcome"))));
        assertEquals(200, changed.statusCode(), changed.body());
    }

    static long organization(String name) {
        return jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO organizations (name, kind) VALUES (:name, 'CORPORATE_UNIVERSITY') RETURNING id""")
                .bind("name", name).mapTo(Long.class).one());
    }

    static Map<String, Object> retailDeal(String declaration) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM deals WHERE declaration_id = :d")
                .bind("d", UUID.fromString(declaration)).mapToMap().findOne().orElse(null));
    }

    static UUID invoice(String declaration) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM invoices WHERE declaration_id = :d")
                .bind("d", UUID.fromString(declaration)).mapTo(UUID.class).findOne().orElse(null));
    }

    static String status(String declaration) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status FROM declarations WHERE id = :d")
                .bind("d", UUID.fromString(declaration)).mapTo(String.class).one());
    }

    static int count(String sql, Object parameter) {
        Object bound = parameter instanceof String text && text.length() == 36 ? UUID.fromString(text) : parameter;
        return jdbi.withHandle(h -> h.createQuery(sql).bind("d", bound).mapTo(Integer.class).one());
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited in vain: " + what);
            }
            Thread.sleep(200);
        }
    }

    static HttpResponse<String> move(long id, String stage, String reason) throws Exception {
        return post("/api/v1/crm/deals/" + id + "/move?lang=en", Map.of("stage", stage, "reason", reason));
    }

    static HttpResponse<String> seats(long id, List<String> emails) throws Exception {
        return post("/api/v1/crm/deals/" + id + "/seats?lang=en", Map.of("emails", emails));
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

    static HttpRequest.BodyPublisher body(Object value) throws Exception {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(value));
    }

    static void assertPresent(Object value) {
        assertNotNull(value);
    }
}
