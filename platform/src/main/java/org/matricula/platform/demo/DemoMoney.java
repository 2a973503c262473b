package org.matricula.platform.demo;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.analytics.MarketingSpend;
import org.matricula.platform.crm.billing.Invoices;
import org.matricula.platform.crm.billing.Payments;
import org.matricula.platform.crm.billing.Prices;
import org.matricula.platform.crm.timeline.Timeline;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;

/**
 * The money part of {@code --demo}: a price per program and an instalment plan, invoices issued
 * over the last year to the CRM's persons, paid in full, in parts, late or not at all (so the
 * arrears fill every ageing bucket), a refund, marketing spend per channel, campaign and month,
 * and a 1C client-bank statement paying some of the open invoices, written into the installation
 * folder for an admin to import.
 */
final class DemoMoney {

    /** The statement's file name in the installation folder. */
    static final String STATEMENT = "demo-bank-statement.txt";
    static final int INVOICES = 48;
    private static final Locale RU = Messages.RUSSIAN;
    /** channel, campaign, monthly spend: the demo leads' first-touch channels and campaigns. */
    private static final String[][] SPEND = {{"social", "spring-intake", "45000"}, {"email", "open-day", "8000"},
        {"paid", "data-courses", "60000"}, {"referral", "", "15000"}};

    record Outcome(int invoices, int payments, Optional<Path> statement) {
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final Random random;

    DemoMoney(Jdbi jdbi, Clock clock, Random random) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.random = random;
    }

    Outcome seed(Path home) {
        ZoneId zone = TimeDisplay.zone();
        Timeline timeline = new Timeline(jdbi);
        Prices prices = new Prices(jdbi);
        List<Long> programs = jdbi.withHandle(handle -> handle.createQuery("SELECT id FROM programs ORDER BY id")
                .mapTo(Long.class).list());
        List<UUID> persons = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT p.id FROM persons p WHERE NOT EXISTS (SELECT 1 FROM organization_members m WHERE m.person_id = p.id)
                ORDER BY p.created_at, p.id LIMIT :n""").bind("n", INVOICES).mapTo(UUID.class).list());
        if (programs.isEmpty() || persons.isEmpty()) {
            return new Outcome(0, 0, Optional.empty());
        }
        for (int i = 0; i < programs.size(); i++) {
            prices.setPrice(new Prices.PriceInput(programs.get(i), null, Integer.toString(30000 + 15000 * (i % 4))),
                    RU);
        }
        LocalDate today = LocalDate.now(clock.withZone(zone));
        prices.createPlan(new Prices.PlanInput(programs.get(0), "Три платежа", List.of(
                new Prices.PartInput("40", today.plusDays(20).toString()),
                new Prices.PartInput("30", today.plusDays(50).toString()),
                new Prices.PartInput("30", today.plusDays(80).toString()))), RU);
        int payments = 0;
        List<String[]> open = new ArrayList<>(); // invoice number, amount left
        for (int i = 0; i < persons.size(); i++) {
            // issued up to a year ago, each one on its own day
            int daysAgo = 5 + (i * 361 / persons.size());
            Clock then = Clock.offset(clock, Duration.ofDays(-daysAgo));
            Invoices invoices = new Invoices(jdbi, prices, timeline, then, zone);
            Invoices.Invoice invoice = invoices.issue(new Invoices.Request(persons.get(i), null,
                    programs.get(i % programs.size()), null, null, null, false, null, "ru"), RU);
            Payments paying = new Payments(jdbi, invoices, timeline, clock);
            LocalDate issued = today.minusDays(daysAgo);
            BigDecimal total = invoice.total();
            switch (i % 6) {
                case 0, 1 -> { // in three monthly parts, as far as time has come
                    BigDecimal part = total.divide(BigDecimal.valueOf(3), 2, RoundingMode.DOWN);
                    BigDecimal paid = BigDecimal.ZERO;
                    for (int k = 0; k < 3; k++) {
                        LocalDate on = issued.plusDays(3 + 30L * k);
                        if (on.isAfter(today)) {
                            break;
                        }
                        BigDecimal amount = k == 2 ? total.subtract(paid) : part;
                        payments += pay(paying, invoice, "PAYMENT", amount, on, "demo-" + i + "-" + k);
                        paid = paid.add(amount);
                    }
                }
                case 2 -> { // half, then nothing: arrears
                    payments += pay(paying, invoice, "PAYMENT", total.divide(BigDecimal.valueOf(2), 2,
                            RoundingMode.DOWN), issued.plusDays(4), "demo-" + i);
                    open.add(new String[] {invoice.number(), total.subtract(total.divide(BigDecimal.valueOf(2), 2,
                            RoundingMode.DOWN)).toPlainString()});
                }
                case 3 -> open.add(new String[] {invoice.number(), total.toPlainString()}); // nothing paid
                case 4 -> payments += pay(paying, invoice, "PAYMENT", total, issued.plusDays(2), "demo-" + i);
                default -> { // paid, then a part given back
                    payments += pay(paying, invoice, "PAYMENT", total, issued.plusDays(1), "demo-" + i);
                    LocalDate back = issued.plusDays(20);
                    if (!back.isAfter(today)) {
                        payments += pay(paying, invoice, "REFUND", total.divide(BigDecimal.TEN, 2, RoundingMode.DOWN),
                                back, "demo-refund-" + i);
                    }
                }
            }
        }
        MarketingSpend spend = new MarketingSpend(jdbi);
        YearMonth month = YearMonth.from(today);
        for (int m = 0; m < 12; m++) {
            for (String[] channel : SPEND) {
                BigDecimal amount = new BigDecimal(channel[2]).multiply(BigDecimal.valueOf(80 + random.nextInt(41)))
                        .divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
                spend.set(new MarketingSpend.Input(channel[0], channel[1], month.minusMonths(m).toString(),
                        amount.toPlainString()), RU);
            }
        }
        return new Outcome(persons.size(), payments, statement(home, open, today));
    }

    private static int pay(Payments payments, Invoices.Invoice invoice, String kind, BigDecimal amount, LocalDate on,
            String key) {
        return payments.record(new Payments.Input(kind, "MANUAL", key, invoice.id(), null, null,
                amount.toPlainString(), on.toString(), "", null), RU).added() ? 1 : 0;
    }

    /**
     * A statement in the 1C client-bank exchange format (Windows-1251) paying the first open
     * invoices, in full or in part, and one payment a manager must match by hand.
     */
    private static Optional<Path> statement(Path home, List<String[]> open, LocalDate today) {
        if (home == null) {
            return Optional.empty();
        }
        DateTimeFormatter date = DateTimeFormatter.ofPattern("dd.MM.yyyy");
        StringBuilder file = new StringBuilder("1CClientBankExchange\r\nВерсияФормата=1.03\r\nКодировка=Windows\r\n"
                + "Отправитель=Демо-банк\r\nДатаНачала=" + today.minusDays(2).format(date) + "\r\nДатаКонца="
                + today.format(date) + "\r\n");
        int number = 501;
        for (int i = 0; i < Math.min(4, open.size()); i++) {
            String amount = i % 2 == 0 ? open.get(i)[1] : new BigDecimal(open.get(i)[1])
                    .divide(BigDecimal.valueOf(2), 2, RoundingMode.DOWN).toPlainString();
            file.append(document(number++, today.minusDays(1).format(date), amount, "7701" + (100000 + i) + "00",
                    "Оплата обучения по счёту " + open.get(i)[0] + ". Без НДС"));
        }
        file.append(document(number, today.format(date), "12500.00", "770100000099",
                "Оплата за обучение Смирновой Е. по договору. Без НДС"));
        file.append("КонецФайла\r\n");
        try {
            Path statement = home.resolve(STATEMENT);
            Files.writeString(statement, file, Charset.forName("windows-1251"));
            return Optional.of(statement);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String document(int number, String date, String amount, String inn, String purpose) {
        return "СекцияДокумент=Платежное поручение\r\nНомер=" + number + "\r\nДата=" + date + "\r\nСумма=" + amount
                + "\r\nПлательщикСчет=40817810" + String.format("%012d", number) + "\r\nПлательщик=Плательщик "
                + inn + "\r\nПлательщикИНН=" + inn + "\r\nПолучательСчет=40703810900000000001\r\n"
                + "Получатель=Институт\r\nНазначениеПлатежа=" + purpose + "\r\nКонецДокумента\r\n";
    }
}
