package org.matricula.platform.crm.acquiring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.ProgramInput;
import org.matricula.platform.testing.RunningPlatform;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * The set-up the invoice and online-payment tests share: an applicant's CRM person who pays, and
 * invoices issued to that person for a program of its own with a price.
 */
final class InvoicedPayer {

    /** Amounts read exactly, as money is compared. */
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final RunningPlatform server;
    private final Catalog catalog;
    private final Session admin;
    final UUID person;

    private InvoicedPayer(RunningPlatform server, Session admin, UUID person) {
        this.server = server;
        this.catalog = new Catalog(server.platform().database().jdbi(), id -> true);
        this.admin = admin;
        this.person = person;
    }

    /** A person of these names tied to the applicant's account, invoiced by the admin. */
    static InvoicedPayer of(RunningPlatform server, Session admin, Session applicant, String lastName,
            String firstName) {
        Jdbi jdbi = server.platform().database().jdbi();
        UUID person = jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO persons (last_name, first_name, full_name) VALUES (:last, :first, :last || ' ' || :first)
                RETURNING id""").bind("last", lastName).bind("first", firstName).mapTo(UUID.class).one());
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO person_accounts (account_id, person_id) VALUES (:a, :p)")
                .bind("a", applicant.accountId()).bind("p", person).execute());
        return new InvoicedPayer(server, admin, person);
    }

    /** An invoice of that amount, issued for a new program priced so, as the billing API answers it. */
    JsonNode invoice(String codePrefix, String programName, String amount) throws Exception {
        long program = catalog.createProgram(new ProgramInput(codePrefix + "-" + UUID.randomUUID().toString()
                .substring(0, 8), programName, "", true, "", false)).id();
        assertEquals(200, server.send(admin.json("/api/v1/billing/prices").POST(body(Map.of("programId", program,
                "amount", amount)))).statusCode());
        HttpResponse<String> issued = server.send(admin.json("/api/v1/billing/invoices").POST(body(Map.of(
                "personId", person.toString(), "programId", program))));
        assertEquals(200, issued.statusCode(), issued.body());
        return JSON.readTree(issued.body());
    }

    static HttpRequest.BodyPublisher body(Object value) throws Exception {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(value));
    }
}
