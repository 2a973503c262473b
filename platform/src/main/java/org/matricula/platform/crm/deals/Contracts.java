package org.matricula.platform.crm.deals;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.config.Configuration;
import org.matricula.platform.crm.billing.InvoiceDocument;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.registration.PdfRenderer;
import org.matricula.platform.registration.Status;
import org.xml.sax.SAXParseException;

/**
 * Contracts from templates: the public offer for a retail declaration and the contract for a B2B
 * deal, as PDF in the reader's language, filled with the parties, program, price, seats, dates and
 * the institute's bank details. Templates are Mustache text per kind and language, edited by
 * admins (each save a new version); a kind and language never edited uses the shipped default,
 * version 0. Also the offer's acceptance, and what a program requires before enrolment.
 */
public final class Contracts {

    public static final List<String> KINDS = List.of("OFFER", "CONTRACT");
    private static final int MAX_BODY = 200_000;

    private final Jdbi jdbi;
    private final PdfRenderer pdf;
    private final Clock clock;
    private final Map<String, String> institute;

    public Contracts(Jdbi jdbi, PdfRenderer pdf, Configuration config, Clock clock) {
        this.jdbi = jdbi;
        this.pdf = pdf;
        this.clock = clock;
        this.institute = InvoiceDocument.institute(config);
    }

    public record Template(String kind, String language, String body, int version) {
    }

    /** The template in force for a kind and language: the last saved, or the shipped default. */
    public Template template(String kind, String language) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT body, version FROM contract_templates WHERE kind = :kind AND language = :language""")
                .bind("kind", kind).bind("language", language)
                .map((rs, ctx) -> new Template(kind, language, rs.getString(1), rs.getInt(2))).findOne())
                .orElseGet(() -> new Template(kind, language, shipped(kind), 0));
    }

    static String shipped(String kind) {
        String file = "/web/deals/default-" + kind.toLowerCase(Locale.ROOT) + ".mustache";
        try (InputStream in = Contracts.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("The platform jar lacks " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves a template as its next version, once it renders to PDF with sample data. */
    public Template save(String kind, String language, String body, UUID actor, Locale locale) {
        String text = checked(kind, language, body, locale);
        jdbi.useHandle(handle -> handle.createUpdate("""
                INSERT INTO contract_templates (kind, language, body, version, updated_by)
                VALUES (:kind, :language, :body, 1, :actor)
                ON CONFLICT (kind, language) DO UPDATE SET body = :body, version = contract_templates.version + 1,
                    updated_by = :actor, updated_at = now()""")
                .bind("kind", kind).bind("language", language).bind("body", text).bind("actor", actor).execute());
        return template(kind, language);
    }

    /** The template filled with sample data, as the HTML the PDF is made from; refuses one that does not render. */
    public String preview(String kind, String language, String body, Locale locale) {
        String text = checked(kind, language, body, locale);
        return fill(text, sample(kind, language));
    }

    /** A template filled with sample data as a whole document, for its sample PDF. */
    public byte[] samplePdf(String kind, String language, Locale locale) {
        String text = checked(kind, language, template(kind, language).body(), locale);
        return pdf.render(html(text, sample(kind, language), language));
    }

    private String checked(String kind, String language, String body, Locale locale) {
        if (!KINDS.contains(kind)) {
            throw InvalidInputException.field("kind", Messages.text(locale, "contracts.kindInvalid"));
        }
        if (Messages.language(language).isEmpty()) {
            throw InvalidInputException.field("language", Messages.text(locale, "contracts.languageInvalid"));
        }
        String text = body == null ? "" : body.strip();
        if (text.isEmpty() || text.length() > MAX_BODY) {
            throw InvalidInputException.field("body", Messages.text(locale, "contracts.bodyRequired"));
        }
        try {
            pdf.render(html(text, sample(kind, language), language));
        } catch (RuntimeException e) {
            Optional<SAXParseException> notXml = notXml(e);
            throw InvalidInputException.field("body", notXml.isPresent()
                    // the line only: the page around the template shifts the columns of its first line
                    ? Messages.text(locale, "contracts.bodyNotXml", notXml.get().getLineNumber())
                    : Messages.text(locale, "contracts.bodyInvalid",
                            String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
        }
        return text;
    }

    /** Where the document stopped being well-formed XML, when that is why it failed. */
    private static Optional<SAXParseException> notXml(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SAXParseException parse) {
                return Optional.of(parse);
            }
        }
        return Optional.empty();
    }

    private Map<String, Object> sample(String kind, String language) {
        Locale locale = Messages.language(language).orElse(Messages.RUSSIAN);
        Map<String, Object> scope = base(locale, 0);
        scope.put("customer", Messages.text(locale, "contracts.sample.customer"));
        scope.put("program", Messages.text(locale, "contracts.sample.program"));
        scope.put("number", "2030-000001");
        scope.put("seats", kind.equals("CONTRACT") ? 10 : 1);
        scope.put("pricePerSeat", DealsPages.money(new BigDecimal("25000.00"), locale));
        scope.put("amount", DealsPages.money(new BigDecimal(kind.equals("CONTRACT") ? "250000.00" : "25000.00"),
                locale));
        scope.put("closeDate", TimeDisplay.date(locale, LocalDate.now(clock).plusMonths(1)));
        return scope;
    }

    private Map<String, Object> base(Locale locale, int version) {
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("t", Messages.helper(locale));
        scope.put("institute", institute);
        scope.put("date", TimeDisplay.date(locale, LocalDate.now(clock.withZone(TimeDisplay.zone()))));
        scope.put("version", version);
        return scope;
    }

    /** The public offer for a declaration's program, filled for its applicant; of that account's declarations only (all when null). */
    public byte[] offer(UUID account, UUID declaration, Locale locale) {
        Template template = template("OFFER", locale.getLanguage());
        Map<String, Object> scope = base(locale, template.version());
        Map<String, Object> found = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT d.number, d.full_name, g.name AS program,
                       (SELECT p.amount FROM billing_prices p WHERE p.program_id = d.program_id AND p.start_date IS NULL)
                         AS price
                FROM declarations d JOIN programs g ON g.id = d.program_id
                WHERE d.id = :id AND (CAST(:account AS uuid) IS NULL OR d.account_id = :account)""")
                .bind("id", declaration).bind("account", account).mapToMap().findOne())
                .orElseThrow(() -> NotFoundException.localized("refusal.declaration.missing", declaration));
        scope.put("number", found.get("number"));
        scope.put("customer", found.get("full_name"));
        scope.put("program", found.get("program"));
        BigDecimal price = found.get("price") == null ? BigDecimal.ZERO : (BigDecimal) found.get("price");
        scope.put("seats", 1);
        scope.put("pricePerSeat", DealsPages.money(price, locale));
        scope.put("amount", DealsPages.money(price, locale));
        return pdf.render(html(template.body(), scope, locale.getLanguage()));
    }

    /**
     * The public offer of a program as it reads before applying: the program, its usual price, no
     * customer named yet. What the declaration form links to.
     */
    public byte[] programOffer(long program, Locale locale) {
        Template template = template("OFFER", locale.getLanguage());
        Map<String, Object> scope = base(locale, template.version());
        Map<String, Object> found = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT g.name AS program,
                       (SELECT p.amount FROM billing_prices p WHERE p.program_id = g.id AND p.start_date IS NULL) AS price
                FROM programs g WHERE g.id = :id""").bind("id", program).mapToMap().findOne())
                .orElseThrow(() -> NotFoundException.localized("refusal.crmProgram.missing", String.valueOf(program)));
        BigDecimal price = found.get("price") == null ? BigDecimal.ZERO : (BigDecimal) found.get("price");
        scope.put("number", "");
        scope.put("customer", "");
        scope.put("program", found.get("program"));
        scope.put("seats", 1);
        scope.put("pricePerSeat", DealsPages.money(price, locale));
        scope.put("amount", DealsPages.money(price, locale));
        return pdf.render(html(template.body(), scope, locale.getLanguage()));
    }

    /**
     * Keeps the acceptance of the public offer made on the declaration form, in the submission's
     * transaction: as {@link #accept}, the time, language and version of the text in that language.
     */
    static void acceptOnSubmit(Handle handle, UUID account, UUID declaration, Locale locale) {
        String used = locale.getLanguage();
        int version = handle.createQuery("SELECT version FROM contract_templates WHERE kind = 'OFFER' AND language = :l")
                .bind("l", used).mapTo(Integer.class).findOne().orElse(0);
        handle.createUpdate("""
                INSERT INTO offer_acceptances (declaration_id, account_id, language, version)
                VALUES (:d, :account, :language, :version) ON CONFLICT (declaration_id) DO NOTHING""")
                .bind("d", declaration).bind("account", account).bind("language", used).bind("version", version)
                .execute();
    }

    /** The contract of a B2B deal with its organization. */
    public byte[] contract(Deals.Deal deal, Locale locale) {
        if (!deal.kind().equals("B2B")) {
            throw NotFoundException.localized("deals.notFound", deal.id());
        }
        Template template = template("CONTRACT", locale.getLanguage());
        Map<String, Object> scope = base(locale, template.version());
        scope.put("number", String.valueOf(deal.id()));
        scope.put("customer", deal.organizationName());
        scope.put("program", deal.programName());
        scope.put("seats", deal.seats());
        scope.put("pricePerSeat", DealsPages.money(deal.pricePerSeat(), locale));
        scope.put("amount", DealsPages.money(deal.amount(), locale));
        scope.put("closeDate", deal.expectedClose() == null ? "" : TimeDisplay.date(locale, deal.expectedClose()));
        return pdf.render(html(template.body(), scope, locale.getLanguage()));
    }

    /** The filled template inside the document's page: A4, the PDF's font. */
    static String fill(String body, Map<String, Object> scope) {
        Mustache mustache = new DefaultMustacheFactory().compile(new StringReader(body), "contract");
        StringWriter filled = new StringWriter();
        mustache.execute(filled, scope);
        return filled.toString();
    }

    static String html(String body, Map<String, Object> scope, String language) {
        String filled = fill(body, scope);
        return "<html lang=\"" + language + "\"><head><meta charset=\"utf-8\"/><title>" + language + "</title>"
                + "<style>@page { size: A4; margin: 18mm; } body { font-family: '" + PdfRenderer.FONT_FAMILY
                + "'; font-size: 10pt; } table { border-collapse: collapse; width: 100%; } "
                + "td, th { border: 0.75pt solid #555; padding: 3pt 5pt; vertical-align: top; text-align: left; } "
                + "h1 { font-size: 14pt; }</style></head><body>" + filled + "</body></html>";
    }

    /**
     * The applicant accepts the public offer for their declaration, in the language they read it
     * in: stored once, with the time and that text's version (no address kept).
     */
    public int accept(UUID account, UUID declaration, Locale locale) {
        String status = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT status FROM declarations WHERE id = :id AND account_id = :account""")
                .bind("id", declaration).bind("account", account).mapTo(String.class).findOne())
                .orElseThrow(() -> NotFoundException.localized("refusal.declaration.missing", declaration));
        if (closed(status)) {
            // an offer for a place no longer sought: nothing to accept
            throw Conflict.localized("contracts.office.closed");
        }
        // the text the applicant read: the offer in the language they accept it in
        String used = locale.getLanguage();
        int version = template("OFFER", used).version();
        return jdbi.withHandle(handle -> {
            handle.createUpdate("""
                    INSERT INTO offer_acceptances (declaration_id, account_id, language, version)
                    VALUES (:d, :account, :language, :version) ON CONFLICT (declaration_id) DO NOTHING""")
                    .bind("d", declaration).bind("account", account).bind("language", used)
                    .bind("version", version).execute();
            return handle.createQuery("SELECT version FROM offer_acceptances WHERE declaration_id = :d")
                    .bind("d", declaration).mapTo(Integer.class).one();
        });
    }

    /**
     * Whether a declaration in this status is withdrawn or rejected, the statuses that give its place
     * back: no offer or code applies to it any more.
     */
    static boolean closed(String status) {
        return Status.valueOf(status).releasesPlace();
    }

    /**
     * What a program still requires before this declaration is enrolled: the offer accepted, the
     * first instalment of its invoice paid (a seat an organization pays for counts as paid).
     */
    public Optional<String> unmet(UUID declaration, long program, Locale locale) {
        return jdbi.withHandle(handle -> {
            Optional<Map<String, Object>> settings = handle.createQuery("""
                    SELECT requires_offer, requires_first_instalment FROM deal_program_settings
                    WHERE program_id = :p""").bind("p", program).mapToMap().findOne();
            if (settings.isEmpty()) {
                return Optional.empty();
            }
            boolean offerMissing = Boolean.TRUE.equals(settings.get().get("requires_offer"))
                    && handle.createQuery("SELECT count(*) FROM offer_acceptances WHERE declaration_id = :d")
                            .bind("d", declaration).mapTo(Integer.class).one() == 0;
            boolean unpaid = Boolean.TRUE.equals(settings.get().get("requires_first_instalment"))
                    && handle.createQuery("SELECT count(*) FROM deal_seats WHERE declaration_id = :d")
                            .bind("d", declaration).mapTo(Integer.class).one() == 0
                    && handle.createQuery("""
                            SELECT count(*) FROM invoices i JOIN invoice_instalments s ON s.invoice_id = i.id
                            WHERE i.declaration_id = :d AND i.status <> 'CANCELLED' AND s.position = 1
                              AND i.paid >= s.amount""").bind("d", declaration).mapTo(Integer.class).one() == 0;
            if (offerMissing && unpaid) {
                return Optional.of(Messages.text(locale, "contracts.unmet.both"));
            }
            if (offerMissing) {
                return Optional.of(Messages.text(locale, "contracts.unmet.offer"));
            }
            return unpaid ? Optional.of(Messages.text(locale, "contracts.unmet.instalment")) : Optional.empty();
        });
    }

    /** Sets what a program requires before enrolment. */
    public void require(long program, boolean offer, boolean firstInstalment, Locale locale) {
        jdbi.useHandle(handle -> {
            if (handle.createQuery("SELECT count(*) FROM programs WHERE id = :id").bind("id", program)
                    .mapTo(Integer.class).one() == 0) {
                throw InvalidInputException.field("programId", Messages.text(locale, "deals.programRequired"));
            }
            handle.createUpdate("""
                    INSERT INTO deal_program_settings (program_id, requires_offer, requires_first_instalment)
                    VALUES (:program, :offer, :paid)
                    ON CONFLICT (program_id) DO UPDATE SET requires_offer = :offer,
                        requires_first_instalment = :paid, updated_at = now()""")
                    .bind("program", program).bind("offer", offer).bind("paid", firstInstalment).execute();
        });
    }
}
