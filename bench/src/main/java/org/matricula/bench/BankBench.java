package org.matricula.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * A bank statement in the 1C client-bank exchange format (Windows-1251) of {@value #LINES} incoming
 * payments imported through {@code POST /api/v1/bank/statements} and timed: 90% name an unpaid
 * generated invoice in their purpose, 5% come from a payer's known INN, 5% match nothing. A
 * statement of 200 other payments is imported first, untimed. Then the money is checked (every
 * matched line one payment, the invoices' paid sums grown by exactly those payments) and the
 * statement imported again must add nothing.
 */
final class BankBench {

    static final int LINES = 10_000;
    private static final Charset WINDOWS = Charset.forName("windows-1251");

    private final Jdbi jdbi;
    private final PlatformHttp http;
    private final Session admin;
    private final Results results;

    BankBench(Jdbi jdbi, PlatformHttp http, Session admin, Results results) {
        this.jdbi = jdbi;
        this.http = http;
        this.admin = admin;
        this.results = results;
    }

    void run() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        importStatement(client, statement(LINES, 200));
        BigDecimal paidBefore = paid();
        long paymentsBefore = payments();
        byte[] file = statement(0, LINES);
        long started = System.nanoTime();
        JsonNode imported = importStatement(client, file);
        long millis = Figures.millisSince(started);
        BigDecimal paidAfter = paid();
        long added = payments() - paymentsBefore;
        BigDecimal linesPaid = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT coalesce(sum(p.amount), 0) FROM bank_lines l JOIN payments p ON p.id = l.payment_id
                WHERE l.import_id = :import AND p.invoice_id IS NOT NULL""")
                .bind("import", imported.get("importId").asLong()).mapTo(BigDecimal.class).one());
        boolean money = added == imported.get("matched").asLong() && paidAfter.subtract(paidBefore).compareTo(linesPaid) == 0;
        results.addFormatted("bank statement of %d payments (1C exchange format, Windows-1251, %d KB) imported in"
                + " %d ms: %d added, %d matched, %d waiting  [target <= 5000 ms: %s]", LINES, file.length / 1024,
                millis, imported.get("added").asInt(), imported.get("matched").asInt(),
                imported.get("unmatched").asInt(), Figures.met(millis <= 5000 && imported.get("added").asInt() == LINES));
        JsonNode again = importStatement(client, file);
        results.addFormatted("bank statement checks: %d payments recorded for %d matched lines, invoices paid %s more"
                + " for %s on invoices (%s); imported again: %d added, %d known", added,
                imported.get("matched").asLong(), paidAfter.subtract(paidBefore).toPlainString(),
                linesPaid.toPlainString(), money ? "each payment once" : "MISMATCH", again.get("added").asInt(),
                again.get("known").asInt());
    }

    /** Documents {@code from} to {@code from + count - 1}. */
    private static byte[] statement(int from, int count) {
        StringBuilder text = new StringBuilder(count * 420).append("""
                1CClientBankExchange\r
                ВерсияФормата=1.03\r
                Кодировка=Windows\r
                Отправитель=Бухгалтерия\r
                ДатаНачала=01.12.2026\r
                ДатаКонца=01.12.2026\r
                РасчСчет=40703810900000000001\r
                """);
        for (int n = from; n < from + count; n++) {
            String purpose;
            String inn = "";
            if (n % 20 == 18) {
                inn = BillingData.inn(n % BillingData.KNOWN_INNS);
                purpose = "Оплата обучения";
            } else if (n % 20 == 19) {
                purpose = "Оплата по договору " + n;
            } else {
                // the generated invoices with g % 4 == 0 are unpaid
                purpose = "Оплата по счёту " + BillingData.number(4 * (n % 25_000)) + " за обучение, без НДС";
            }
            text.append("СекцияДокумент=Платежное поручение\r\nНомер=").append(n).append("\r\nДата=01.12.2026\r\n")
                    .append("Сумма=").append(1000 + n % 100).append(".50\r\n")
                    .append("ПлательщикСчет=40817810").append(String.format("%012d", n)).append("\r\n")
                    .append("Плательщик=Плательщик ").append(n).append("\r\n")
                    .append("ПлательщикИНН=").append(inn).append("\r\n")
                    .append("ПолучательСчет=40703810900000000001\r\nПолучательИНН=7700000001\r\n")
                    .append("НазначениеПлатежа=").append(purpose).append("\r\nКонецДокумента\r\n");
        }
        return text.append("КонецФайла\r\n").toString().getBytes(WINDOWS);
    }

    private JsonNode importStatement(HttpClient client, byte[] file) throws Exception {
        HttpResponse<String> answer = client.send(http.request("/api/v1/bank/statements?name=bench.txt", admin)
                .header("Content-Type", "application/octet-stream").header("X-CSRF-Token", admin.csrf())
                .POST(HttpRequest.BodyPublishers.ofByteArray(file)).build(), HttpResponse.BodyHandlers.ofString());
        PlatformHttp.requireOk(answer);
        return new ObjectMapper().readTree(answer.body());
    }

    private BigDecimal paid() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT sum(paid) FROM invoices").mapTo(BigDecimal.class)
                .one());
    }

    private long payments() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM payments").mapTo(Long.class).one());
    }
}
