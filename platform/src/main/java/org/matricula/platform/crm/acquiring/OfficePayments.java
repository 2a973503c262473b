package org.matricula.platform.crm.acquiring;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.billing.Billing;
import org.matricula.platform.crm.billing.InvoiceDocument;
import org.matricula.platform.crm.billing.Invoices;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SignedIn;
import org.matricula.platform.web.Views;

/**
 * The applicant's invoices in the private office, with a "Pay" button while a payment provider is
 * enabled: the button posts, the provider's payment is created and the browser is sent there; the
 * provider sends it back to the payment's page, which shows the state (waiting until the
 * provider's notification arrives). No script needed.
 */
@RolesAllowed(Roles.SIGNED_IN)
@Path("/office")
@Produces(MediaType.TEXT_HTML)
public final class OfficePayments {

    private final Acquiring acquiring;
    private final Billing billing;
    private final Jdbi jdbi;
    private final Views views;

    public OfficePayments(Acquiring acquiring, Billing billing, Jdbi jdbi, Views views) {
        this.acquiring = acquiring;
        this.billing = billing;
        this.jdbi = jdbi;
        this.views = views;
    }

    @GET
    @Path("invoices")
    public String invoices(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        return render(SignedIn.user(request), Language.of(lang, headers), null);
    }

    @POST
    @Path("invoices/{id}/pay")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response pay(@PathParam("id") UUID id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        CurrentUser user = SignedIn.user(request);
        Locale locale = Language.of(lang, headers);
        try {
            Acquiring.AcquiringPayment started = acquiring.start(user.id(), id, locale);
            return Response.seeOther(URI.create(started.confirmationUrl())).build();
        } catch (Conflict refused) {
            return Response.status(Response.Status.CONFLICT).type(MediaType.TEXT_HTML_TYPE)
                    .entity(render(user, locale, refused.message(locale))).build();
        }
    }

    @GET
    @Path("payments/{id}")
    public String payment(@PathParam("id") UUID id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        CurrentUser user = SignedIn.user(request);
        Locale locale = Language.of(lang, headers);
        Acquiring.AcquiringPayment payment = acquiring.paymentOfAccount(id, user.id(), locale);
        return views.render("office-payment", Page.of(Messages.text(locale, "office.payment.title"), locale, user)
                .with("invoice", payment.invoiceNumber() == null ? "" : payment.invoiceNumber())
                .with("amount", InvoiceDocument.money(payment.amount(), locale))
                .with("state", payment.state())
                .with("stateName", Messages.text(locale, "acquiring.state." + payment.state()))
                .with("pending", payment.state().equals("CREATED"))
                .with("succeeded", payment.state().equals("SUCCEEDED"))
                .with("cancelled", payment.state().equals("CANCELLED"))
                .with("refunded", payment.state().equals("REFUNDED")).scope());
    }

    private String render(CurrentUser user, Locale locale, String problem) {
        List<UUID> persons = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT person_id FROM person_accounts WHERE account_id = :account")
                .bind("account", user.id()).mapTo(UUID.class).list());
        boolean payable = !acquiring.providers().isEmpty();
        List<Map<String, Object>> rows = persons.stream().flatMap(person -> billing.invoices().ofPerson(person).stream())
                .map(invoice -> row(invoice, locale, payable)).toList();
        BigDecimal balance = persons.stream().map(person -> billing.payments().balance(person, null))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return views.render("office-invoices", Page.of(Messages.text(locale, "office.invoices.title"), locale, user)
                .with("invoices", rows).with("any", !rows.isEmpty())
                .with("balance", persons.isEmpty() ? null : Messages.text(locale, "office.invoices.balance",
                        InvoiceDocument.money(balance, locale)))
                .with("problem", problem).scope());
    }

    private static Map<String, Object> row(Invoices.Invoice invoice, Locale locale, boolean payable) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", invoice.id());
        row.put("number", invoice.number());
        row.put("issuedOn", TimeDisplay.date(locale, invoice.issuedOn()));
        row.put("status", invoice.status());
        row.put("state", Messages.text(locale, "billing.state." + invoice.status()));
        row.put("total", InvoiceDocument.money(invoice.total(), locale));
        row.put("paid", InvoiceDocument.money(invoice.paid(), locale));
        row.put("due", InvoiceDocument.money(invoice.due(), locale));
        row.put("instalments", invoice.instalments().stream().map(part -> TimeDisplay.date(locale, part.dueDate())
                + " · " + InvoiceDocument.money(part.amount(), locale)).toList());
        row.put("payLabel", Messages.text(locale, "office.invoices.pay", InvoiceDocument.money(invoice.due(), locale)));
        row.put("payable", payable && invoice.due().signum() > 0);
        return row;
    }
}
