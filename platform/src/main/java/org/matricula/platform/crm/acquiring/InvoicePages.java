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
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.billing.Billing;
import org.matricula.platform.crm.billing.InvoiceDocument;
import org.matricula.platform.crm.billing.Invoices;
import org.matricula.platform.crm.billing.Payments;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Flash;
import org.matricula.platform.web.FormValues;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SignedIn;
import org.matricula.platform.web.Views;

/**
 * One invoice for administrators: its state, instalments, payments and online payments; refunds
 * (through the provider for an online payment, else recorded by hand) and cancellation, after a
 * confirmation step.
 */
@RolesAllowed(Roles.ADMIN)
@Path("/admin/billing/invoices")
@Produces(MediaType.TEXT_HTML)
public final class InvoicePages {

    private final Acquiring acquiring;
    private final Billing billing;
    private final Jdbi jdbi;
    private final Views views;

    public InvoicePages(Acquiring acquiring, Billing billing, Jdbi jdbi, Views views) {
        this.acquiring = acquiring;
        this.billing = billing;
        this.jdbi = jdbi;
        this.views = views;
    }

    @GET
    @Path("{id}")
    public String invoice(@PathParam("id") UUID id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        return render(id, SignedIn.user(request), Language.of(lang, headers), Map.of(), Map.of(), null);
    }

    @GET
    @Path("{id}/cancel")
    public String confirmCancel(@PathParam("id") UUID id, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        Invoices.Invoice invoice = billing.invoices().invoice(id, locale);
        return views.render("billing/invoice-cancel", Page.of(Messages.text(locale, "billing.invoice.cancel"), locale,
                SignedIn.user(request)).with("id", id).with("question", Messages.text(locale,
                        "billing.invoice.cancelConfirm", invoice.number())).scope());
    }

    @POST
    @Path("{id}/cancel")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response cancel(@PathParam("id") UUID id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        CurrentUser admin = SignedIn.user(request);
        try {
            billing.invoices().cancel(id, admin.id(), locale);
        } catch (Conflict refused) {
            return Response.status(Response.Status.CONFLICT).type(MediaType.TEXT_HTML_TYPE)
                    .entity(render(id, admin, locale, Map.of(), Map.of(), refused.message(locale))).build();
        }
        Flash.put(request, "flash.billing.invoiceCancelled");
        return back(id, lang);
    }

    /** Asks whether what an online payment of the invoice is marked with is resolved, naming it. */
    @GET
    @Path("{id}/online/{payment}/resolve")
    public Response confirmResolve(@PathParam("id") UUID id, @PathParam("payment") UUID paymentId,
            @QueryParam("lang") String lang, @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        CurrentUser admin = SignedIn.user(request);
        Acquiring.AcquiringPayment payment = onlineOf(id, paymentId, locale);
        Optional<String> mark = acquiring.attentionMark(paymentId);
        if (payment.attention() == null || mark.isEmpty()) {
            return Response.status(Response.Status.CONFLICT).type(MediaType.TEXT_HTML_TYPE).entity(render(id, admin,
                    locale, Map.of(), Map.of(), Messages.text(locale, "acquiring.attention.none"))).build();
        }
        return Response.ok(views.render("billing/attention-resolve", Page.of(Messages.text(locale,
                "billing.invoice.resolveTitle"), locale, admin).with("id", id).with("paymentId", paymentId)
                .with("seen", mark.get()).with("question", Messages.text(locale, "billing.invoice.resolveConfirm",
                        payment.providerPaymentId(), payment.provider(), payment.attention())).scope()),
                MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }

    /**
     * Takes the mark off an online payment of the invoice, as confirmed: only the reason the
     * confirmation named ({@code seen}), so that one marked meanwhile is not dismissed unread.
     */
    @POST
    @Path("{id}/online/{payment}/resolve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resolve(@PathParam("id") UUID id, @PathParam("payment") UUID paymentId,
            @QueryParam("lang") String lang, @Context HttpHeaders headers, @Context ContainerRequestContext request,
            MultivaluedMap<String, String> posted) {
        Locale locale = Language.of(lang, headers);
        CurrentUser admin = SignedIn.user(request);
        onlineOf(id, paymentId, locale);
        String seen = FormValues.of(posted).getOrDefault("seen", "");
        try {
            acquiring.resolve(paymentId, seen, locale);
        } catch (Conflict refused) {
            return Response.status(Response.Status.CONFLICT).type(MediaType.TEXT_HTML_TYPE)
                    .entity(render(id, admin, locale, Map.of(), Map.of(), refused.message(locale))).build();
        }
        Flash.put(request, "flash.billing.attentionResolved");
        return back(id, lang);
    }

    /** The online payment, when it is one of this invoice's. */
    private Acquiring.AcquiringPayment onlineOf(UUID invoice, UUID paymentId, Locale locale) {
        Acquiring.AcquiringPayment payment = acquiring.payment(paymentId, locale);
        if (!invoice.equals(payment.invoiceId())) {
            throw new NotFoundException(Messages.text(locale, "acquiring.paymentNotFound"));
        }
        return payment;
    }

    /**
     * A refund: of an online payment ({@code paymentId}) through its provider, otherwise recorded
     * by hand on the invoice. Money given back cannot be taken back, so a valid amount is first
     * shown with the payer on a confirmation page, whose form posts the same values with
     * {@code confirmed=yes}. The form's key makes a form sent twice count once.
     */
    @POST
    @Path("{id}/refunds")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response refund(@PathParam("id") UUID id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Locale locale = Language.of(lang, headers);
        CurrentUser admin = SignedIn.user(request);
        Map<String, String> form = FormValues.of(posted);
        Invoices.Invoice invoice = billing.invoices().invoice(id, locale);
        boolean confirmed = "yes".equals(form.get("confirmed"));
        try {
            String payment = form.getOrDefault("paymentId", "").strip();
            if (!payment.isEmpty()) {
                UUID online = parse(payment);
                Acquiring.AcquiringPayment paid = online == null ? null : acquiring.payment(online, locale);
                if (paid == null || !id.equals(paid.invoiceId())) {
                    throw InvalidInputException.field("paymentId", Messages.text(locale, "acquiring.paymentNotFound"));
                }
                if (!confirmed) {
                    return confirmRefund(invoice, RefundAmount.parse(form.get("amount"),
                            paid.amount().subtract(paid.refunded()), locale), paid, form, admin, locale);
                }
                acquiring.refund(online, form.get("amount"), admin.id(), locale);
            } else {
                if (!confirmed) {
                    return confirmRefund(invoice, RefundAmount.parse(form.get("amount"), invoice.paid(), locale),
                            null, form, admin, locale);
                }
                String key = form.getOrDefault("key", "").strip();
                billing.payments().record(new Payments.Input("REFUND", "MANUAL",
                        key.isEmpty() ? null : "refund-form:" + key, id, null, null, form.get("amount"), null,
                        form.get("note"), admin.id()), locale);
            }
        } catch (InvalidInputException refused) {
            return Response.status(InvalidInputException.UNPROCESSABLE).type(MediaType.TEXT_HTML_TYPE)
                    .entity(render(id, admin, locale, FormValues.errorsByField(refused.errors()), form, null)).build();
        } catch (Conflict refused) {
            return Response.status(Response.Status.CONFLICT).type(MediaType.TEXT_HTML_TYPE)
                    .entity(render(id, admin, locale, Map.of(), form, refused.message(locale))).build();
        }
        Flash.put(request, "flash.billing.refundDone");
        return back(id, lang);
    }

    /** The refund about to be made, with its amount and payer; {@code online} is null for one recorded by hand. */
    private Response confirmRefund(Invoices.Invoice invoice, BigDecimal amount, Acquiring.AcquiringPayment online,
            Map<String, String> form, CurrentUser admin, Locale locale) {
        String money = InvoiceDocument.money(amount, locale);
        String payer = payer(invoice);
        String question = online == null
                ? Messages.text(locale, "billing.invoice.refundConfirm", money, payer, invoice.number())
                : Messages.text(locale, "billing.invoice.refundOnlineConfirm", money, payer, invoice.number(),
                        online.provider());
        return Response.ok(views.render("billing/refund-confirm", Page.of(Messages.text(locale,
                "billing.invoice.refundConfirmTitle"), locale, admin)
                .with("id", invoice.id()).with("question", question)
                .with("amount", amount.toPlainString()).with("paymentId", online == null ? "" : online.id())
                .with("key", form.getOrDefault("key", "")).with("note", form.getOrDefault("note", "")).scope()),
                MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }

    private static Response back(UUID id, String lang) {
        return Response.seeOther(URI.create("/admin/billing/invoices/" + id + (lang == null ? "" : "?lang=" + lang)))
                .build();
    }

    private static UUID parse(String typed) {
        try {
            return UUID.fromString(typed);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String payer(Invoices.Invoice invoice) {
        return jdbi.withHandle(handle -> invoice.personId() != null
                ? handle.createQuery("SELECT full_name FROM persons WHERE id = :id").bind("id", invoice.personId())
                        .mapTo(String.class).findOne().orElse("")
                : handle.createQuery("SELECT name FROM organizations WHERE id = :id")
                        .bind("id", invoice.organizationId()).mapTo(String.class).findOne().orElse(""));
    }

    private String render(UUID id, CurrentUser admin, Locale locale, Map<String, String> errors,
            Map<String, String> form, String problem) {
        Invoices.Invoice invoice = billing.invoices().invoice(id, locale);
        String payer = payer(invoice);
        List<Payments.Payment> payments = (invoice.personId() != null
                ? billing.payments().ofPerson(invoice.personId())
                : billing.payments().ofOrganization(invoice.organizationId())).stream()
                .filter(payment -> id.equals(payment.invoiceId())).toList();
        List<Map<String, Object>> online = acquiring.ofInvoice(id, locale).stream().map(payment -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", payment.id());
            row.put("invoiceId", id);
            row.put("provider", payment.provider());
            row.put("providerPaymentId", payment.providerPaymentId());
            row.put("amount", InvoiceDocument.money(payment.amount(), locale));
            row.put("refunded", InvoiceDocument.money(payment.refunded(), locale));
            row.put("state", Messages.text(locale, "acquiring.state." + payment.state()));
            row.put("createdAt", TimeDisplay.dateTime(locale, payment.createdAt()));
            row.put("refundable", payment.state().equals("SUCCEEDED"));
            row.put("attention", payment.attention());
            return row;
        }).toList();
        return views.render("billing/invoice", Page.of(Messages.text(locale, "billing.invoice.title", invoice.number()),
                locale, admin)
                .with("id", id).with("number", invoice.number()).with("payer", payer)
                .with("state", Messages.text(locale, "billing.state." + invoice.status()))
                .with("cancelled", invoice.status().equals("CANCELLED"))
                .with("issuedOn", TimeDisplay.date(locale, invoice.issuedOn()))
                .with("total", InvoiceDocument.money(invoice.total(), locale))
                .with("paid", InvoiceDocument.money(invoice.paid(), locale))
                .with("due", InvoiceDocument.money(invoice.due(), locale))
                .with("refundable", !invoice.status().equals("CANCELLED") && invoice.paid().signum() > 0)
                .with("instalments", invoice.instalments().stream().map(part -> TimeDisplay.date(locale, part.dueDate())
                        + " · " + InvoiceDocument.money(part.amount(), locale)).toList())
                .with("payments", payments.stream().map(payment -> Map.of(
                        "kind", Messages.text(locale, "billing.invoice.kind." + payment.kind()),
                        "source", Messages.text(locale, "billing.invoice.source." + payment.source()),
                        "amount", InvoiceDocument.money(payment.amount(), locale),
                        "receivedOn", TimeDisplay.date(locale, payment.receivedOn()),
                        "note", payment.note() == null ? "" : payment.note())).toList())
                .with("online", online).with("anyOnline", !online.isEmpty())
                .with("key", UUID.randomUUID().toString())
                .with("problem", problem)
                .with("form", form).with("errors", errors).with("invalid", !errors.isEmpty()).scope());
    }
}
