package org.matricula.platform.crm.billing;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.lists.AdminList;
import org.matricula.platform.web.AdminAccess;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Language;

/**
 * Money for API clients of the administration: prices, discounts and promo codes, instalment
 * plans, quotes, invoices, payments and refunds, balances. Amounts are decimal strings or numbers
 * in roubles with at most two places, and are answered as numbers with two.
 */
@RolesAllowed({Roles.ADMIN, Roles.AUTOMATION})
@Path("/api/v1/billing")
@Produces(MediaType.APPLICATION_JSON)
public final class BillingApi {

    private final Billing billing;
    private final InvoiceDocument documents;
    private final AdminList arrears;

    public BillingApi(Billing billing, InvoiceDocument documents, AdminList arrears) {
        this.billing = billing;
        this.documents = documents;
        this.arrears = arrears;
    }

    /** The arrears as {@code {total, columns, rows}}, with the list page's parameters (bucket, program, project...). */
    @GET
    @Path("arrears")
    @RolesAllowed(Roles.ADMIN)
    public Map<String, Object> arrears(@Context ContainerRequestContext request, @Context UriInfo uri) {
        return arrears.json(AdminAccess.admin(request), uri, Language.of(request));
    }

    @GET
    @Path("prices")
    public Map<String, Object> prices() {
        return Map.of("prices", billing.prices().prices());
    }

    @POST
    @Path("prices")
    @Consumes(MediaType.APPLICATION_JSON)
    public Prices.Price setPrice(Prices.PriceInput input, @Context ContainerRequestContext request) {
        return billing.prices().setPrice(input, Language.of(request));
    }

    @POST
    @Path("prices/{id}/delete")
    public Map<String, Object> removePrice(@PathParam("id") long id, @Context ContainerRequestContext request) {
        billing.prices().removePrice(id, Language.of(request));
        return Map.of("removed", id);
    }

    @GET
    @Path("discounts")
    public Map<String, Object> discounts() {
        return Map.of("discounts", billing.prices().discounts());
    }

    @POST
    @Path("discounts")
    @Consumes(MediaType.APPLICATION_JSON)
    public Prices.Discount createDiscount(Prices.DiscountInput input, @Context ContainerRequestContext request) {
        return billing.prices().createDiscount(input, Language.of(request));
    }

    @POST
    @Path("discounts/{id}/delete")
    public Map<String, Object> removeDiscount(@PathParam("id") long id, @Context ContainerRequestContext request) {
        billing.prices().removeDiscount(id, Language.of(request));
        return Map.of("removed", id);
    }

    @GET
    @Path("plans")
    public Map<String, Object> plans() {
        return Map.of("plans", billing.prices().plans());
    }

    @POST
    @Path("plans")
    @Consumes(MediaType.APPLICATION_JSON)
    public Prices.Plan createPlan(Prices.PlanInput input, @Context ContainerRequestContext request) {
        return billing.prices().createPlan(input, Language.of(request));
    }

    @POST
    @Path("plans/{id}/delete")
    public Map<String, Object> removePlan(@PathParam("id") long id, @Context ContainerRequestContext request) {
        billing.prices().removePlan(id, Language.of(request));
        return Map.of("removed", id);
    }

    /** What a person would pay for a program today, with a promo code and a plan if given. */
    @GET
    @Path("quote")
    public Map<String, Object> quote(@QueryParam("programId") long program, @QueryParam("startDate") String start,
            @QueryParam("personId") UUID person, @QueryParam("promoCode") String promo,
            @QueryParam("planId") Long plan, @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        Checks checks = new Checks(locale);
        LocalDate startDate = checks.date("startDate", start, false);
        checks.done();
        Prices.Quote quote = billing.prices().quote(program, startDate, person, promo, plan,
                billing.invoices().today(), locale);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("programId", quote.programId());
        body.put("program", quote.program());
        body.put("subtotal", quote.subtotal());
        body.put("discount", quote.discount().orElse(null));
        body.put("off", quote.off());
        body.put("total", quote.total());
        body.put("planId", quote.plan().map(Prices.Plan::id).orElse(null));
        body.put("instalments", quote.instalments());
        return body;
    }

    public record InvoiceInput(UUID personId, Long organizationId, Long programId, String startDate,
            String promoCode, Long planId, Boolean vat, String locale) {
    }

    @POST
    @Path("invoices")
    @Consumes(MediaType.APPLICATION_JSON)
    public Invoices.Invoice issue(InvoiceInput input, @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        Checks checks = new Checks(locale);
        InvoiceInput given = input == null ? new InvoiceInput(null, null, null, null, null, null, null, null) : input;
        if (given.programId() == null) {
            checks.fail("programId", "billing.program");
        }
        if (given.personId() == null && given.organizationId() == null) {
            checks.fail("personId", "billing.payment.whose");
        }
        LocalDate start = checks.date("startDate", given.startDate(), false);
        checks.done();
        return billing.invoices().issue(new Invoices.Request(given.personId(), given.organizationId(),
                given.programId(), start, given.promoCode(), given.planId(),
                given.vat() == null ? billing.vatByDefault() : given.vat(), null,
                given.locale() == null ? locale.getLanguage() : given.locale()), locale);
    }

    @GET
    @Path("invoices/{id}")
    public Invoices.Invoice invoice(@PathParam("id") UUID id, @Context ContainerRequestContext request) {
        return billing.invoices().invoice(id, Language.of(request));
    }

    /** The invoice as PDF, in the language asked for ({@code ?lang=en}) or else the invoice's own. */
    @GET
    @Path("invoices/{id}/pdf")
    @Produces("application/pdf")
    public Response pdf(@PathParam("id") UUID id, @QueryParam("lang") String lang,
            @Context ContainerRequestContext request) {
        Invoices.Invoice invoice = billing.invoices().invoice(id, Language.of(request));
        Locale locale = Messages.language(lang == null ? invoice.locale() : lang).orElse(Messages.RUSSIAN);
        return Response.ok(documents.pdf(invoice, locale))
                .header("Content-Disposition", "inline; filename=\"invoice-" + invoice.number() + ".pdf\"").build();
    }

    /** Cancels an invoice: the number stays taken, what was paid on it goes to the payer's balance. */
    @POST
    @Path("invoices/{id}/cancel")
    public Invoices.Invoice cancel(@PathParam("id") UUID id, @Context ContainerRequestContext request) {
        return billing.invoices().cancel(id, CurrentUser.of(request).map(CurrentUser::id).orElse(null),
                Language.of(request));
    }

    public record PaymentInput(String kind, String idempotencyKey, UUID invoiceId, UUID personId,
            Long organizationId, String amount, String receivedOn, String note) {
    }

    /** Records a payment received (or, with kind REFUND, money given back); the same key twice records once. */
    @POST
    @Path("payments")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> pay(PaymentInput input, @Context ContainerRequestContext request) {
        PaymentInput given = input == null ? new PaymentInput(null, null, null, null, null, null, null, null) : input;
        UUID actor = CurrentUser.of(request).map(CurrentUser::id).orElse(null);
        Payments.Recorded recorded = billing.payments().record(new Payments.Input(given.kind(), "MANUAL",
                given.idempotencyKey(), given.invoiceId(), given.personId(), given.organizationId(), given.amount(),
                given.receivedOn(), given.note(), actor), Language.of(request));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("added", recorded.added());
        body.put("payment", recorded.payment());
        return body;
    }

    /** A person's balance (above zero: money with us; below: owed), invoices and payments. */
    @GET
    @Path("persons/{id}")
    public Map<String, Object> person(@PathParam("id") UUID id) {
        return account(billing.payments().balance(id, null), billing.invoices().ofPerson(id),
                billing.payments().ofPerson(id));
    }

    @GET
    @Path("organizations/{id}")
    public Map<String, Object> organization(@PathParam("id") long id) {
        return account(billing.payments().balance(null, id), billing.invoices().ofOrganization(id),
                billing.payments().ofOrganization(id));
    }

    private static Map<String, Object> account(BigDecimal balance, List<Invoices.Invoice> invoices,
            List<Payments.Payment> payments) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("balance", balance);
        body.put("due", invoices.stream().map(Invoices.Invoice::due).reduce(BigDecimal.ZERO, BigDecimal::add));
        body.put("invoices", invoices);
        body.put("payments", payments);
        return body;
    }
}
