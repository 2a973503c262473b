package org.matricula.platform.crm.persons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.Program;
import org.matricula.platform.catalog.ProgramInput;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.TestSessions;

/** A merge leaves nothing of the dropped person behind: its money least of all. */
class PersonMergeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Tables kept by a trigger from a table the merge carries over. */
    private static final Set<String> DERIVED = Set.of("person_consent_states");

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Jdbi jdbi;
    static TestSessions.Session admin;

    @BeforeAll
    static void start() {
        jdbi = server.platform().database().jdbi();
        admin = TestSessions.admin(server);
    }

    @Test
    void everyTableHoldingAPersonIsCarriedOver() {
        List<String> tables = jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT conrelid::regclass::text FROM"
                + " pg_constraint WHERE contype = 'f' AND confrelid = 'persons'::regclass ORDER BY 1")
                .mapTo(String.class).list());
        assertTrue(tables.size() > 20, tables.toString());
        List<String> left = tables.stream().filter(table -> !DERIVED.contains(table))
                .filter(table -> !PersonMerge.carries(table)).toList();
        assertEquals(List.of(), left, "tables whose rows a merge would delete with the dropped person");
    }

    @Test
    void theDroppedPersonsInvoicesPaymentsAndDiscountsAreTheKeptPersons() throws Exception {
        Program course = new Catalog(jdbi, id -> true).createProgram(new ProgramInput("merge-" + System.nanoTime()
                % 100000, "Merge", "", true, "", false));
        assertEquals(200, post("/api/v1/billing/prices", Map.of("programId", course.id(), "amount", "1000"))
                .statusCode());
        UUID keep = person("Keep");
        UUID drop = person("Drop");
        assertEquals(200, post("/api/v1/billing/discounts", Map.of("personId", drop.toString(), "kind", "FIXED",
                "value", "100")).statusCode());
        JsonNode invoice = JSON.readTree(post("/api/v1/billing/invoices", Map.of("personId", drop.toString(),
                "programId", course.id())).body());
        assertEquals(200, post("/api/v1/billing/payments", Map.of("idempotencyKey", "merge-" + drop, "personId",
                drop.toString(), "amount", "500")).statusCode());
        assertEquals(200, post("/api/v1/billing/payments", Map.of("idempotencyKey", "merge-i-" + drop, "invoiceId",
                invoice.path("id").asText(), "amount", "200")).statusCode());

        HttpResponse<String> merged = server.send(admin.json("/api/v1/crm/persons/" + keep + "/merge")
                .POST(body(Map.of("drop", drop.toString()))));
        assertEquals(200, merged.statusCode(), merged.body());

        JsonNode account = JSON.readTree(server.send(admin.json("/api/v1/billing/persons/" + keep)).body());
        assertEquals(1, account.path("invoices").size(), account.toString());
        assertEquals(invoice.path("id").asText(), account.path("invoices").get(0).path("id").asText());
        assertEquals(2, account.path("payments").size(), account.toString());
        // 500 paid on account, 700 of the invoice still due: as if the payer had been one person all along
        assertEquals(0, new BigDecimal("-200").compareTo(account.path("balance").decimalValue()), account.toString());
        assertEquals(1, count("SELECT count(*) FROM billing_discounts WHERE person_id = '" + keep + "'"),
                "the personal discount");
        assertEquals(1, count("SELECT count(*) FROM analytics_payers WHERE person_id = '" + keep + "'"));
        assertEquals(0, count("SELECT count(*) FROM analytics_payers WHERE person_id = '" + drop + "'"));
    }

    private static UUID person(String name) {
        return jdbi.withHandle(h -> h.createQuery("INSERT INTO persons (first_name, full_name, email) VALUES (:name,"
                + " :name, :email) RETURNING id").bind("name", name).bind("email", name.toLowerCase() + "-"
                + UUID.randomUUID() + "@example.org").mapTo(UUID.class).one());
    }

    private static long count(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static HttpResponse<String> post(String path, Map<String, Object> value) throws Exception {
        return server.send(admin.json(path).POST(body(value)));
    }

    private static HttpRequest.BodyPublisher body(Object value) throws Exception {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(value));
    }
}
