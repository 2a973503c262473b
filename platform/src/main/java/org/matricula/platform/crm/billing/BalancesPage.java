package org.matricula.platform.crm.billing;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SignedIn;
import org.matricula.platform.web.Views;

/**
 * Each person's and organization's balance: invoiced (cancelled invoices aside), received less
 * refunded, the balance (above zero money with us, below zero owed) and what is due, with their
 * invoices linked; the payers owing most first.
 */
@RolesAllowed(Roles.ADMIN)
@Path("/admin/billing/balances")
@Produces(MediaType.TEXT_HTML)
public final class BalancesPage {

    /** The page shows this many payers of each kind; the arrears list and the API cover the rest. */
    static final int ROWS = 500;

    private final Jdbi jdbi;
    private final Views views;

    public BalancesPage(Jdbi jdbi, Views views) {
        this.jdbi = jdbi;
        this.views = views;
    }

    @GET
    public String page(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        List<Map<String, Object>> persons = rows("persons", "p.full_name", "person_id", locale);
        List<Map<String, Object>> organizations = rows("organizations", "p.name", "organization_id", locale);
        return views.render("billing/balances", Page.of(Messages.text(locale, "billing.balances.title"), locale,
                SignedIn.user(request)).with("persons", persons).with("organizations", organizations)
                .with("anyPersons", !persons.isEmpty()).with("anyOrganizations", !organizations.isEmpty()).scope());
    }

    private List<Map<String, Object>> rows(String table, String name, String key, Locale locale) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                WITH invoiced AS (
                    SELECT %1$s AS who, sum(total) FILTER (WHERE status <> 'CANCELLED') AS invoiced,
                           sum(greatest(total - paid, 0)) FILTER (WHERE status <> 'CANCELLED') AS due,
                           string_agg(id::text || ' ' || number || ' ' || status, ',' ORDER BY issued_on DESC, number DESC)
                               AS invoices
                    FROM invoices WHERE %1$s IS NOT NULL GROUP BY %1$s),
                received AS (
                    SELECT %1$s AS who, sum(CASE kind WHEN 'PAYMENT' THEN amount ELSE -amount END) AS received
                    FROM payments WHERE %1$s IS NOT NULL GROUP BY %1$s)
                SELECT p.id, %2$s AS name, coalesce(i.invoiced, 0) AS invoiced, coalesce(r.received, 0) AS received,
                       coalesce(i.due, 0) AS due, coalesce(i.invoices, '') AS invoices
                FROM %3$s p LEFT JOIN invoiced i ON i.who = p.id LEFT JOIN received r ON r.who = p.id
                WHERE i.who IS NOT NULL OR r.who IS NOT NULL
                ORDER BY coalesce(r.received, 0) - coalesce(i.invoiced, 0), %2$s LIMIT :rows"""
                .formatted(key, name, table)).bind("rows", ROWS).map((rs, ctx) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    BigDecimal invoiced = rs.getBigDecimal("invoiced");
                    BigDecimal received = rs.getBigDecimal("received");
                    BigDecimal balance = received.subtract(invoiced);
                    row.put("id", rs.getString("id"));
                    row.put("name", rs.getString("name"));
                    row.put("invoiced", InvoiceDocument.money(invoiced, locale));
                    row.put("received", InvoiceDocument.money(received, locale));
                    row.put("balance", InvoiceDocument.money(balance, locale));
                    row.put("owes", balance.signum() < 0);
                    row.put("due", InvoiceDocument.money(rs.getBigDecimal("due"), locale));
                    List<Map<String, String>> invoices = new ArrayList<>();
                    for (String invoice : rs.getString("invoices").split(",")) {
                        String[] parts = invoice.split(" ");
                        if (parts.length == 3) {
                            invoices.add(Map.of("id", parts[0], "number", parts[1],
                                    "state", Messages.text(locale, "billing.state." + parts[2])));
                        }
                    }
                    row.put("invoices", invoices);
                    return row;
                }).list());
    }
}
