package org.matricula.platform.crm.billing;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.FormValues;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SignedIn;
import org.matricula.platform.web.Views;

/** The prices page of the administration: prices, promo codes and discounts, instalment plans; forms for the first two. */
@RolesAllowed(Roles.ADMIN)
@Path("/admin/billing")
@Produces(MediaType.TEXT_HTML)
public final class BillingPages {

    private final Billing billing;
    private final Jdbi jdbi;
    private final Views views;

    public BillingPages(Billing billing, Jdbi jdbi, Views views) {
        this.billing = billing;
        this.jdbi = jdbi;
        this.views = views;
    }

    @GET
    public String page(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        return render(Map.of(), Map.of(), SignedIn.user(request), Language.of(lang, headers));
    }

    @POST
    @Path("prices")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response setPrice(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Locale locale = Language.of(lang, headers);
        Map<String, String> form = FormValues.of(posted);
        try {
            billing.prices().setPrice(new Prices.PriceInput(number(form.get("programId")), form.get("startDate"),
                    form.get("amount")), locale);
            return Response.seeOther(URI.create("/admin/billing" + (lang == null ? "" : "?lang=" + lang))).build();
        } catch (InvalidInputException refused) {
            return refused(refused, form, SignedIn.user(request), locale);
        }
    }

    @POST
    @Path("discounts")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response createDiscount(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Locale locale = Language.of(lang, headers);
        Map<String, String> form = FormValues.of(posted);
        try {
            Long uses = number(form.get("maxUses"));
            billing.prices().createDiscount(new Prices.DiscountInput(form.get("code"), null,
                    number(form.get("discountProgramId")), form.get("kind"), form.get("value"),
                    form.get("validFrom"), form.get("validUntil"), uses == null ? null : uses.intValue()), locale);
            return Response.seeOther(URI.create("/admin/billing" + (lang == null ? "" : "?lang=" + lang))).build();
        } catch (InvalidInputException refused) {
            return refused(refused, form, SignedIn.user(request), locale);
        }
    }

    private Response refused(InvalidInputException refused, Map<String, String> form, CurrentUser admin,
            Locale locale) {
        return Response.status(InvalidInputException.UNPROCESSABLE)
                .entity(render(FormValues.errorsByField(refused.errors()), form, admin, locale))
                .type(MediaType.TEXT_HTML_TYPE).build();
    }

    /** A whole number typed in a form; one that is not stays null, for the service to refuse as missing. */
    private static Long number(String typed) {
        try {
            return typed == null || typed.isBlank() ? null : Long.valueOf(typed.strip());
        } catch (NumberFormatException e) {
            return -1L;
        }
    }

    private String render(Map<String, String> errors, Map<String, String> form, CurrentUser admin, Locale locale) {
        List<Map<String, Object>> programs = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT id, name FROM programs ORDER BY name").map((rs, ctx) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", rs.getLong(1));
                    row.put("name", rs.getString(2));
                    return row;
                }).list());
        return views.render("billing/prices", Page.of(Messages.text(locale, "billing.prices.title"), locale, admin)
                .with("prices", billing.prices().prices().stream().map(price -> Map.of("program", price.program(),
                        "startDate", price.startDate() == null ? "" : TimeDisplay.date(locale, price.startDate()),
                        "amount", InvoiceDocument.money(price.amount(), locale))).toList())
                .with("discounts", billing.prices().discounts().stream().map(discount -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("code", discount.code() == null ? "" : discount.code());
                    row.put("personal", discount.personId() != null);
                    row.put("value", discount.kind().equals("PERCENT") ? discount.value().stripTrailingZeros()
                            .toPlainString() + " %" : InvoiceDocument.money(discount.value(), locale));
                    row.put("validFrom", discount.validFrom() == null ? "" : TimeDisplay.date(locale, discount.validFrom()));
                    row.put("validUntil", discount.validUntil() == null ? ""
                            : TimeDisplay.date(locale, discount.validUntil()));
                    row.put("uses", discount.uses() + (discount.maxUses() == null ? "" : " / " + discount.maxUses()));
                    return row;
                }).toList())
                .with("plans", billing.prices().plans().stream().map(plan -> Map.of("name", plan.name(),
                        "parts", plan.parts().stream().map(part -> part.share().stripTrailingZeros().toPlainString()
                                + " % · " + TimeDisplay.date(locale, part.dueDate())).toList())).toList())
                .with("programs", programs)
                .with("form", form).with("errors", errors).with("invalid", !errors.isEmpty()).scope());
    }
}
