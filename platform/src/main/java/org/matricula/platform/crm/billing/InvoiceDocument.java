package org.matricula.platform.crm.billing;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.config.Configuration;
import org.matricula.platform.config.Settings;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.registration.PdfRenderer;
import org.matricula.platform.web.Views;

/**
 * The printable invoice, in Russian or English: the institute's bank details from the
 * configuration, the payer, lines, discount, VAT and instalments; rendered to PDF through the
 * platform's openhtmltopdf setup.
 */
public final class InvoiceDocument {

    private final Jdbi jdbi;
    private final Views views;
    private final PdfRenderer pdf;
    private final Map<String, String> institute;

    public InvoiceDocument(Jdbi jdbi, Views views, PdfRenderer pdf, Configuration config) {
        this.jdbi = jdbi;
        this.views = views;
        this.pdf = pdf;
        this.institute = institute(config);
    }

    /** The institute's name, tax numbers, address and bank details from the configuration, as documents show them. */
    public static Map<String, String> institute(Configuration config) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("payee", config.get(Settings.BILLING_PAYEE));
        details.put("inn", config.get(Settings.BILLING_INN));
        details.put("kpp", config.get(Settings.BILLING_KPP));
        details.put("address", config.get(Settings.BILLING_ADDRESS));
        details.put("bank", config.get(Settings.BILLING_BANK));
        details.put("bik", config.get(Settings.BILLING_BIK));
        details.put("account", config.get(Settings.BILLING_ACCOUNT));
        details.put("correspondent", config.get(Settings.BILLING_CORRESPONDENT));
        return Map.copyOf(details);
    }

    public byte[] pdf(Invoices.Invoice invoice, Locale locale) {
        return pdf.render(html(invoice, locale));
    }

    public String html(Invoices.Invoice invoice, Locale locale) {
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("t", Messages.helper(locale));
        scope.put("fontFamily", PdfRenderer.FONT_FAMILY);
        scope.put("lang", locale.getLanguage());
        scope.put("number", invoice.number());
        scope.put("issuedOn", TimeDisplay.date(locale, invoice.issuedOn()));
        scope.put("institute", institute);
        scope.put("payer", payer(invoice.personId(), invoice.organizationId()));
        scope.put("lines", invoice.lines().stream().map(line -> Map.of("position", line.position(),
                "description", line.description(), "quantity", line.quantity(),
                "unitPrice", money(line.unitPrice(), locale), "amount", money(line.amount(), locale))).toList());
        scope.put("subtotal", money(invoice.subtotal(), locale));
        scope.put("discount", invoice.discount().signum() == 0 ? null : money(invoice.discount(), locale));
        scope.put("total", money(invoice.total(), locale));
        scope.put("vat", invoice.vat() ? money(invoice.vatAmount(), locale) : null);
        List<Map<String, Object>> parts = invoice.instalments().size() < 2 ? List.of()
                : invoice.instalments().stream().map(part -> Map.<String, Object>of("position", part.position(),
                        "dueDate", TimeDisplay.date(locale, part.dueDate()), "amount", money(part.amount(), locale)))
                        .toList();
        scope.put("instalments", parts);
        scope.put("hasInstalments", !parts.isEmpty());
        return views.render("billing/invoice-pdf", scope);
    }

    /** An amount as the language writes it, always with kopecks: {@code 15 000,50} or {@code 15,000.50}. */
    public static String money(BigDecimal amount, Locale locale) {
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        format.setMinimumFractionDigits(2);
        format.setMaximumFractionDigits(2);
        return format.format(amount);
    }

    private String payer(UUID person, Long organization) {
        return jdbi.withHandle(handle -> person != null
                ? handle.createQuery("SELECT full_name FROM persons WHERE id = :id").bind("id", person)
                        .mapTo(String.class).findOne().orElse("")
                : handle.createQuery("SELECT name FROM organizations WHERE id = :id").bind("id", organization)
                        .mapTo(String.class).findOne().orElse(""));
    }
}
