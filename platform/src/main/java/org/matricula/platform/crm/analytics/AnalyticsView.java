package org.matricula.platform.crm.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.FormValues;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.Views;

/** Renders the analytics page, the drill-down lists and their CSV, and the marketing spend screen. */
final class AnalyticsView {

    private final Analytics analytics;
    private final MarketingSpend spend;
    private final Views views;
    private final Jdbi jdbi;
    private final Clock clock;

    AnalyticsView(Analytics analytics, MarketingSpend spend, Views views, Jdbi jdbi, Clock clock) {
        this.analytics = analytics;
        this.spend = spend;
        this.views = views;
        this.jdbi = jdbi;
        this.clock = clock;
    }

    String page(Map<String, String> query, CurrentUser user, Locale locale) {
        Period period = Period.of(query.get("from"), query.get("to"), clock, analytics.zone(), locale);
        Long program = Drill.program(query.get("program"), locale);
        return views.render("analytics/page", figures(period, program, base(query, Map.of(), user, locale, period,
                program), locale).scope());
    }

    String refusedPage(Map<String, String> query, InvalidInputException refused, CurrentUser user, Locale locale) {
        return views.render("analytics/page", base(query, FormValues.errorsByField(refused.errors()), user, locale,
                null, null).with("invalid", true).with("summary", refused.getMessage()).scope());
    }

    private Page base(Map<String, String> query, Map<String, String> errors, CurrentUser user, Locale locale,
            Period period, Long program) {
        List<Map<String, Object>> programs = new ArrayList<>();
        for (Map<String, Object> row : analytics.programs()) {
            Map<String, Object> option = new LinkedHashMap<>(row);
            option.put("selected", program != null && program.equals(row.get("id")));
            programs.add(option);
        }
        Map<String, String> filter = new HashMap<>();
        filter.put("from", period == null ? query.getOrDefault("from", "") : period.from().toString());
        filter.put("to", period == null ? query.getOrDefault("to", "") : period.to().toString());
        return Page.of(Messages.text(locale, "analytics.title"), locale, user).with("filter", filter)
                .with("programs", programs).with("errors", errors);
    }

    private Page figures(Period period, Long program, Page page, Locale locale) {
        String range = period.query();
        String programQuery = program == null ? "" : "&program=" + program;
        Analytics.Figures figures = analytics.figures(period, program);
        Analytics.Revenue revenue = figures.revenue();
        List<Map<String, Object>> months = new ArrayList<>();
        for (Analytics.RevenueMonth month : revenue.months()) {
            months.add(Map.of("month", month.month(), "label", label(month.month(), locale), "paid",
                    money(month.paid(), locale), "refunded", money(month.refunded(), locale), "net",
                    money(month.net(), locale), "value", month.net().toPlainString(), "link",
                    "/admin/analytics/payments?from=" + month.month() + "&to=" + month.month() + programQuery));
        }
        List<Map<String, Object>> programs = new ArrayList<>();
        for (Analytics.RevenueProgram row : revenue.programs()) {
            programs.add(Map.of("name", row.programId() == 0 ? Messages.text(locale, "analytics.noProgram")
                    : row.program(), "paid", money(row.paid(), locale), "refunded", money(row.refunded(), locale),
                    "net", money(row.net(), locale), "link", "/admin/analytics/payments?" + range + "&program="
                            + row.programId()));
        }
        List<Map<String, Object>> customers = new ArrayList<>();
        for (Analytics.CustomerMonth month : figures.customers()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("label", label(month.month(), locale));
            row.put("payers", month.payers());
            row.put("payersLink", "/admin/analytics/persons?of=payers&month=" + month.month());
            row.put("newPayers", month.newPayers());
            row.put("newLink", "/admin/analytics/persons?of=new&month=" + month.month());
            row.put("net", money(month.personsNet(), locale));
            row.put("arpu", month.arpu() == null ? "—" : money(month.arpu(), locale));
            row.put("crr", percent(month.crr(), locale));
            row.put("payersBefore", month.payersBefore());
            row.put("beforeLink", "/admin/analytics/persons?of=payers&month="
                    + YearMonth.parse(month.month()).minusMonths(1));
            customers.add(row);
        }
        List<Map<String, Object>> touches = new ArrayList<>();
        for (Analytics.TouchFigure figure : figures.touches()) {
            Map<String, Object> row = new LinkedHashMap<>();
            boolean whole = figure.campaign() == null;
            row.put("whole", whole);
            row.put("channel", figure.channel().isEmpty() ? Messages.text(locale, "analytics.noTouch") : figure.channel());
            row.put("campaign", whole ? Messages.text(locale, "analytics.allCampaigns")
                    : figure.campaign().isEmpty() ? Messages.text(locale, "analytics.noCampaign") : figure.campaign());
            String touch = "/admin/analytics/persons?of=touch&channel=" + encode(figure.channel())
                    + (whole ? "" : "&campaign=" + encode(figure.campaign()));
            row.put("payers", figure.payers());
            row.put("payersLink", touch);
            row.put("net", money(figure.net(), locale));
            row.put("ltv", figure.ltv() == null ? "—" : money(figure.ltv(), locale));
            row.put("spend", money(figure.spend(), locale));
            row.put("newPayers", figure.newPayers());
            row.put("newLink", touch + "&" + range);
            row.put("cac", figure.cac() == null ? "—" : money(figure.cac(), locale));
            touches.add(row);
        }
        Map<String, String> stageNames = stageNames(locale);
        List<Map<String, Object>> stages = new ArrayList<>();
        for (Analytics.StageFigure figure : figures.funnel()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("stage", figure.stage());
            row.put("name", stageNames.getOrDefault(figure.stage(), figure.stage()));
            row.put("next", figure.nextStage() == null ? "—" : stageNames.getOrDefault(figure.nextStage(),
                    figure.nextStage()));
            row.put("entered", figure.entered());
            row.put("enteredLink", "/admin/analytics/persons?of=stage&stage=" + encode(figure.stage()) + "&" + range);
            row.put("hasNext", figure.nextStage() != null);
            row.put("converted", figure.converted());
            row.put("convertedLink", "/admin/analytics/persons?of=stage&stage=" + encode(figure.stage()) + "&" + range
                    + "&converted=true");
            row.put("conversion", percent(figure.conversion(), locale));
            row.put("median", figure.medianDays() == null ? "—" : number(figure.medianDays(), 1, locale));
            stages.add(row);
        }
        List<Analytics.Cohort> cohortFigures = figures.cohorts();
        List<Map<String, Object>> cohorts = new ArrayList<>();
        int widest = 0;
        for (Analytics.Cohort cohort : cohortFigures) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("cohort", cohort.cohort());
            row.put("label", label(cohort.cohort(), locale));
            row.put("persons", cohort.persons());
            row.put("link", "/admin/analytics/persons?of=cohort&cohort=" + cohort.cohort() + "&month=" + cohort.cohort());
            List<Map<String, Object>> cells = new ArrayList<>();
            YearMonth start = YearMonth.parse(cohort.cohort());
            for (int k = 0; k < cohort.retained().size(); k++) {
                BigDecimal share = cohort.shares().get(k);
                cells.add(Map.of("k", k + 1, "persons", cohort.retained().get(k), "share", percent(share, locale),
                        "value", share == null ? "" : share.toPlainString(), "link",
                        "/admin/analytics/persons?of=cohort&cohort=" + cohort.cohort() + "&month="
                                + start.plusMonths(k + 1)));
            }
            widest = Math.max(widest, cells.size());
            row.put("cells", cells);
            cohorts.add(row);
        }
        List<Integer> offsets = new ArrayList<>();
        for (int k = 1; k <= widest; k++) {
            offsets.add(k);
        }
        return page.with("revenueMonths", months).with("revenuePrograms", programs)
                .with("revenueTotal", Map.of("paid", money(revenue.paid(), locale), "refunded",
                        money(revenue.refunded(), locale), "net", money(revenue.net(), locale), "link",
                        "/admin/analytics/payments?" + range + programQuery))
                .with("customers", customers).with("touches", touches).with("stages", stages)
                .with("cohorts", cohorts).with("offsets", offsets).with("figures", true)
                .with("apiLink", "/api/v1/analytics?" + range + programQuery);
    }

    String persons(Drill.Rows<Drill.PersonRow> rows, Map<String, String> query, CurrentUser user, Locale locale) {
        List<Map<String, Object>> shown = new ArrayList<>();
        for (Drill.PersonRow row : rows.rows()) {
            shown.add(Map.of("id", row.id().toString(), "name", row.name(), "firstPaidOn", row.firstPaidOn(),
                    "net", row.net() == null ? "" : money(row.net(), locale), "channel", row.channel(), "campaign",
                    row.campaign()));
        }
        return views.render("analytics/persons", pager(Page.of(rows.title(), locale, user), rows, query,
                "/admin/analytics/persons").with("rows", shown).scope());
    }

    String payments(Drill.Rows<Drill.PaymentRow> rows, Map<String, String> query, CurrentUser user, Locale locale) {
        List<Map<String, Object>> shown = new ArrayList<>();
        for (Drill.PaymentRow row : rows.rows()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("receivedOn", row.receivedOn());
            line.put("kind", Messages.text(locale, "analytics.kind." + row.kind()));
            line.put("amount", money(row.amount(), locale));
            line.put("personId", row.personId() == null ? null : row.personId().toString());
            line.put("payer", row.person());
            line.put("invoice", row.invoice());
            line.put("program", row.program());
            shown.add(line);
        }
        return views.render("analytics/payments", pager(Page.of(rows.title(), locale, user), rows, query,
                "/admin/analytics/payments").with("rows", shown).scope());
    }

    private static Page pager(Page page, Drill.Rows<?> rows, Map<String, String> query, String path) {
        StringBuilder kept = new StringBuilder();
        query.forEach((name, value) -> {
            if (!name.equals("page")) {
                kept.append(kept.length() == 0 ? "" : "&").append(encode(name)).append('=').append(encode(value));
            }
        });
        String base = path + "?" + kept + (kept.length() == 0 ? "" : "&");
        return page.with("total", rows.total()).with("pageNumber", rows.page()).with("pages", rows.pages())
                .with("previous", rows.page() > 1 ? base + "page=" + (rows.page() - 1) : null)
                .with("next", rows.page() < rows.pages() ? base + "page=" + (rows.page() + 1) : null)
                .with("csvLink", path + ".csv" + (kept.length() == 0 ? "" : "?" + kept))
                .with("back", "/admin/analytics");
    }

    String personsCsv(Drill.Rows<Drill.PersonRow> rows, Locale locale) {
        StringBuilder csv = new StringBuilder();
        line(csv, "id", Messages.text(locale, "analytics.person"), Messages.text(locale, "analytics.firstPaid"),
                Messages.text(locale, "analytics.netPerson"), Messages.text(locale, "analytics.channel"),
                Messages.text(locale, "analytics.campaign"));
        for (Drill.PersonRow row : rows.rows()) {
            line(csv, row.id().toString(), row.name(), row.firstPaidOn(),
                    row.net() == null ? "" : row.net().toPlainString(), row.channel(), row.campaign());
        }
        return csv.toString();
    }

    String paymentsCsv(Drill.Rows<Drill.PaymentRow> rows, Locale locale) {
        StringBuilder csv = new StringBuilder();
        line(csv, "id", Messages.text(locale, "analytics.receivedOn"), Messages.text(locale, "analytics.kind"),
                Messages.text(locale, "analytics.amount"), Messages.text(locale, "analytics.payer"),
                Messages.text(locale, "analytics.invoice"), Messages.text(locale, "analytics.program"));
        for (Drill.PaymentRow row : rows.rows()) {
            line(csv, Long.toString(row.id()), row.receivedOn(), row.kind(), row.amount().toPlainString(), row.person(),
                    row.invoice(), row.program());
        }
        return csv.toString();
    }

    /** One CSV line (RFC 4180); a value a spreadsheet would take for a formula is quoted with a leading apostrophe. */
    private static void line(StringBuilder csv, String... values) {
        for (int i = 0; i < values.length; i++) {
            String value = values[i] == null ? "" : values[i];
            if (!value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 && !value.matches("-?[0-9.]+")) {
                value = "'" + value;
            }
            csv.append(i == 0 ? "" : ",").append('"').append(value.replace("\"", "\"\"")).append('"');
        }
        csv.append("\r\n");
    }

    String spend(Map<String, String> errors, Map<String, String> form, CurrentUser user, Locale locale) {
        YearMonth now = YearMonth.now(clock.withZone(analytics.zone()));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (MarketingSpend.Spend row : spend.between(now.minusMonths(35), now.plusMonths(12))) {
            rows.add(Map.of("id", row.id(), "channel", row.channel(), "campaign", row.campaign(), "month",
                    label(row.month().toString(), locale), "amount", money(row.amount(), locale)));
        }
        Map<String, String> typed = new HashMap<>(form);
        typed.putIfAbsent("month", now.toString());
        return views.render("analytics/spend", Page.of(Messages.text(locale, "analytics.spend.title"), locale, user)
                .with("rows", rows).with("form", typed).with("errors", errors).with("invalid", !errors.isEmpty())
                .scope());
    }

    String confirmDelete(MarketingSpend.Spend row, CurrentUser user, Locale locale) {
        return views.render("analytics/spend-delete", Page.of(Messages.text(locale, "analytics.spend.deleteTitle"),
                locale, user).with("spend", Map.of("id", row.id(), "channel", row.channel(), "campaign",
                        row.campaign(), "month", label(row.month().toString(), locale), "amount",
                        money(row.amount(), locale))).scope());
    }

    private Map<String, String> stageNames(Locale locale) {
        boolean english = locale.getLanguage().equals("en");
        Map<String, String> names = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT code, name_ru, name_en FROM funnel_stages")
                .map((rs, ctx) -> names.put(rs.getString("code"), rs.getString(english ? "name_en" : "name_ru")))
                .list());
        return names;
    }

    static String label(String month, Locale locale) {
        return YearMonth.parse(month).format(DateTimeFormatter.ofPattern("LLL yyyy", locale));
    }

    static String money(BigDecimal amount, Locale locale) {
        return number(amount, 2, locale);
    }

    static String number(BigDecimal value, int digits, Locale locale) {
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(value);
    }

    static String percent(BigDecimal share, Locale locale) {
        return share == null ? "—" : number(share.multiply(BigDecimal.valueOf(100)).setScale(1, RoundingMode.HALF_UP),
                1, locale) + " %";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
