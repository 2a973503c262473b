package org.matricula.platform.crm.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.i18n.Messages;

/**
 * Prices per program (and per start date), discounts (promo codes and personal ones, percent or
 * fixed) and instalment plans; and the quote that puts them together for one buyer.
 */
public final class Prices {

    private static final BigDecimal HUNDRED = new BigDecimal("100");

    private final Jdbi jdbi;

    public Prices(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public record Price(long id, long programId, String program, LocalDate startDate, BigDecimal amount) {
    }

    public record Discount(long id, String code, UUID personId, Long programId, String kind, BigDecimal value,
            LocalDate validFrom, LocalDate validUntil, Integer maxUses, int uses) {

        /** How much this discount takes off a subtotal: never more than the subtotal itself. */
        public BigDecimal off(BigDecimal subtotal) {
            BigDecimal off = kind.equals("PERCENT")
                    ? subtotal.multiply(value).divide(HUNDRED, 2, RoundingMode.HALF_UP)
                    : value;
            return off.min(subtotal).setScale(2, RoundingMode.UNNECESSARY);
        }

        boolean validOn(LocalDate day) {
            return (validFrom == null || !day.isBefore(validFrom)) && (validUntil == null || !day.isAfter(validUntil));
        }

        boolean fits(long program) {
            return programId == null || programId == program;
        }
    }

    public record Part(int position, BigDecimal share, LocalDate dueDate) {
    }

    public record Plan(long id, long programId, String name, List<Part> parts) {

        /** The total split by the parts' shares, the last part taking what rounding left, so the sum is exact. */
        public List<BigDecimal> split(BigDecimal total) {
            List<BigDecimal> amounts = new ArrayList<>();
            BigDecimal rest = total;
            for (int i = 0; i < parts.size(); i++) {
                BigDecimal amount = i == parts.size() - 1 ? rest
                        : total.multiply(parts.get(i).share()).divide(HUNDRED, 2, RoundingMode.HALF_UP).min(rest);
                amounts.add(amount);
                rest = rest.subtract(amount);
            }
            return amounts;
        }
    }

    /** What a buyer pays for a program: the price, the discount that applies and the total. */
    public record Quote(long programId, String program, LocalDate startDate, BigDecimal subtotal,
            Optional<Discount> discount, BigDecimal off, BigDecimal total, Optional<Plan> plan,
            List<BigDecimal> instalments) {
    }

    // ---- prices

    public record PriceInput(Long programId, String startDate, String amount) {
    }

    /** Sets the price of a program (for a start date, or its usual one); answers it. */
    public Price setPrice(PriceInput input, Locale locale) {
        Checks checks = new Checks(locale);
        PriceInput given = input == null ? new PriceInput(null, null, null) : input;
        if (given.programId() == null || !programExists(given.programId())) {
            checks.fail("programId", "billing.program");
        }
        LocalDate start = checks.date("startDate", given.startDate(), false);
        BigDecimal amount = checks.amount("amount", given.amount(), true, false);
        checks.done();
        long id = jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO billing_prices (program_id, start_date, amount) VALUES (:program, :start, :amount)
                ON CONFLICT (program_id, coalesce(start_date, '-infinity'::date)) DO UPDATE SET amount = :amount
                RETURNING id""").bind("program", given.programId()).bind("start", start).bind("amount", amount)
                .mapTo(Long.class).one());
        return price(id, locale);
    }

    public Price price(long id, Locale locale) {
        return prices("WHERE p.id = :id", id).stream().findFirst()
                .orElseThrow(() -> new NotFoundException(Messages.text(locale, "billing.priceNotFound")));
    }

    public List<Price> prices() {
        return prices("WHERE p.id > :id", 0);
    }

    public void removePrice(long id, Locale locale) {
        if (jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM billing_prices WHERE id = :id").bind("id", id)
                .execute()) == 0) {
            throw new NotFoundException(Messages.text(locale, "billing.priceNotFound"));
        }
    }

    private List<Price> prices(String where, long id) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT p.id, p.program_id, g.name, p.start_date, p.amount FROM billing_prices p
                JOIN programs g ON g.id = p.program_id \s""" + where + " ORDER BY g.name, p.start_date NULLS FIRST")
                .bind("id", id)
                .map((rs, ctx) -> new Price(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        rs.getObject(4, LocalDate.class), rs.getBigDecimal(5))).list());
    }

    /** The price for a program starting on a date: that date's own price, else the program's usual one. */
    public Optional<Price> priceFor(Handle handle, long program, LocalDate start) {
        return handle.createQuery("""
                SELECT p.id, p.program_id, g.name, p.start_date, p.amount FROM billing_prices p
                JOIN programs g ON g.id = p.program_id
                WHERE p.program_id = :program AND (p.start_date IS NULL OR p.start_date = :start)
                ORDER BY p.start_date NULLS LAST LIMIT 1""").bind("program", program).bind("start", start)
                .map((rs, ctx) -> new Price(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        rs.getObject(4, LocalDate.class), rs.getBigDecimal(5))).findOne();
    }

    private boolean programExists(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM programs WHERE id = :id")
                .bind("id", id).mapTo(Integer.class).one()) == 1;
    }

    // ---- discounts

    public record DiscountInput(String code, UUID personId, Long programId, String kind, String value,
            String validFrom, String validUntil, Integer maxUses) {
    }

    /** Creates a promo code (code given) or a personal discount (person given). */
    public Discount createDiscount(DiscountInput input, Locale locale) {
        Checks checks = new Checks(locale);
        DiscountInput given = input == null ? new DiscountInput(null, null, null, null, null, null, null, null) : input;
        String code = given.code() == null || given.code().isBlank() ? null
                : given.code().strip().toUpperCase(Locale.ROOT);
        if ((code == null) == (given.personId() == null)) {
            checks.fail("code", "billing.discount.codeOrPerson");
        } else if (code != null && !code.matches("[A-Z0-9][A-Z0-9_-]{1,39}")) {
            checks.fail("code", "billing.discount.code");
        } else if (code != null && jdbi.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM billing_discounts WHERE code = :code").bind("code", code).mapTo(Integer.class)
                .one()) > 0) {
            checks.fail("code", "billing.discount.codeTaken");
        }
        if (given.personId() != null && jdbi.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM persons WHERE id = :id").bind("id", given.personId()).mapTo(Integer.class)
                .one()) == 0) {
            checks.fail("personId", "billing.discount.person");
        }
        if (given.programId() != null && !programExists(given.programId())) {
            checks.fail("programId", "billing.program");
        }
        String kind = given.kind() == null ? "" : given.kind().strip().toUpperCase(Locale.ROOT);
        if (!kind.equals("PERCENT") && !kind.equals("FIXED")) {
            checks.fail("kind", "billing.discount.kind");
        }
        BigDecimal value = checks.amount("value", given.value(), true, true);
        if (value != null && kind.equals("PERCENT") && value.compareTo(HUNDRED) > 0) {
            checks.fail("value", "billing.discount.percent");
        }
        LocalDate from = checks.date("validFrom", given.validFrom(), false);
        LocalDate until = checks.date("validUntil", given.validUntil(), false);
        if (from != null && until != null && until.isBefore(from)) {
            checks.fail("validUntil", "billing.discount.until");
        }
        if (given.maxUses() != null && given.maxUses() < 1) {
            checks.fail("maxUses", "billing.discount.maxUses");
        }
        checks.done();
        long id = jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO billing_discounts (code, person_id, program_id, kind, value, valid_from, valid_until, max_uses)
                VALUES (:code, :person, :program, :kind, :value, :from, :until, :max) RETURNING id""")
                .bind("code", code).bind("person", given.personId()).bind("program", given.programId())
                .bind("kind", kind).bind("value", value).bind("from", from).bind("until", until)
                .bind("max", given.maxUses()).mapTo(Long.class).one());
        return discount(id, locale);
    }

    public Discount discount(long id, Locale locale) {
        return discounts("WHERE id = :id", id).stream().findFirst()
                .orElseThrow(() -> new NotFoundException(Messages.text(locale, "billing.discountNotFound")));
    }

    public List<Discount> discounts() {
        return discounts("WHERE id > :id", 0);
    }

    public void removeDiscount(long id, Locale locale) {
        if (jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM billing_discounts WHERE id = :id")
                .bind("id", id).execute()) == 0) {
            throw new NotFoundException(Messages.text(locale, "billing.discountNotFound"));
        }
    }

    private List<Discount> discounts(String where, long id) {
        return jdbi.withHandle(handle -> discounts(handle, where, id));
    }

    private static List<Discount> discounts(Handle handle, String where, Object id) {
        return handle.createQuery("""
                SELECT id, code, person_id, program_id, kind, value, valid_from, valid_until, max_uses, uses
                FROM billing_discounts \s""" + where + " ORDER BY id").bind("id", id)
                .map((rs, ctx) -> new Discount(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class),
                        rs.getObject(4) == null ? null : rs.getLong(4), rs.getString(5), rs.getBigDecimal(6),
                        rs.getObject(7, LocalDate.class), rs.getObject(8, LocalDate.class),
                        rs.getObject(9) == null ? null : rs.getInt(9), rs.getInt(10))).list();
    }

    // ---- instalment plans

    public record PartInput(String share, String dueDate) {
    }

    public record PlanInput(Long programId, String name, List<PartInput> parts) {
    }

    /** Creates an instalment plan of a program; the parts' shares add up to 100 percent, due dates in order. */
    public Plan createPlan(PlanInput input, Locale locale) {
        Checks checks = new Checks(locale);
        PlanInput given = input == null ? new PlanInput(null, null, null) : input;
        if (given.programId() == null || !programExists(given.programId())) {
            checks.fail("programId", "billing.program");
        }
        String name = given.name() == null ? "" : given.name().strip();
        if (name.isEmpty() || name.length() > 200) {
            checks.fail("name", "billing.plan.name");
        }
        List<PartInput> parts = given.parts() == null ? List.of() : given.parts();
        if (parts.isEmpty() || parts.size() > 24) {
            checks.fail("parts", "billing.plan.parts");
        }
        List<Part> read = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < parts.size(); i++) {
            PartInput part = parts.get(i) == null ? new PartInput(null, null) : parts.get(i);
            BigDecimal share = checks.amount("parts[" + i + "].share", part.share(), true, true);
            if (share != null && share.compareTo(HUNDRED) > 0) {
                checks.fail("parts[" + i + "].share", "billing.plan.share");
            }
            LocalDate due = checks.date("parts[" + i + "].dueDate", part.dueDate(), true);
            if (due != null && !read.isEmpty() && read.get(read.size() - 1).dueDate() != null
                    && !due.isAfter(read.get(read.size() - 1).dueDate())) {
                checks.fail("parts[" + i + "].dueDate", "billing.plan.order");
            }
            sum = share == null ? sum : sum.add(share);
            read.add(new Part(i + 1, share, due));
        }
        if (!parts.isEmpty() && sum.compareTo(HUNDRED) != 0 && !checks.failed("parts")) {
            checks.fail("parts", "billing.plan.sum");
        }
        checks.done();
        long id = jdbi.inTransaction(handle -> {
            long plan = handle.createQuery("""
                    INSERT INTO billing_plans (program_id, name) VALUES (:program, :name) RETURNING id""")
                    .bind("program", given.programId()).bind("name", name).mapTo(Long.class).one();
            for (Part part : read) {
                handle.createUpdate("""
                        INSERT INTO billing_plan_parts (plan_id, position, share, due_date)
                        VALUES (:plan, :position, :share, :due)""").bind("plan", plan).bind("position", part.position())
                        .bind("share", part.share()).bind("due", part.dueDate()).execute();
            }
            return plan;
        });
        return plan(id, locale);
    }

    public Plan plan(long id, Locale locale) {
        return jdbi.withHandle(handle -> plan(handle, id))
                .orElseThrow(() -> new NotFoundException(Messages.text(locale, "billing.planNotFound")));
    }

    Optional<Plan> plan(Handle handle, long id) {
        return handle.createQuery("SELECT id, program_id, name FROM billing_plans WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> new Plan(rs.getLong(1), rs.getLong(2), rs.getString(3), parts(handle, id)))
                .findOne();
    }

    public List<Plan> plans() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT id FROM billing_plans ORDER BY program_id, id")
                .mapTo(Long.class).list().stream().map(id -> plan(handle, id).orElseThrow()).toList());
    }

    public void removePlan(long id, Locale locale) {
        if (jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM billing_plans WHERE id = :id").bind("id", id)
                .execute()) == 0) {
            throw new NotFoundException(Messages.text(locale, "billing.planNotFound"));
        }
    }

    private static List<Part> parts(Handle handle, long plan) {
        return handle.createQuery("""
                SELECT position, share, due_date FROM billing_plan_parts WHERE plan_id = :plan ORDER BY position""")
                .bind("plan", plan).map((rs, ctx) -> new Part(rs.getInt(1), rs.getBigDecimal(2),
                        rs.getObject(3, LocalDate.class))).list();
    }

    // ---- quotes

    /**
     * What a person pays for a program on a day: its price, less the promo code given (or else the
     * person's best personal discount), split by the plan chosen. Refuses an unknown, expired, used
     * up or foreign promo code and a plan of another program.
     */
    public Quote quote(Handle handle, long program, LocalDate start, UUID person, String promoCode, Long planId,
            LocalDate day, Locale locale) {
        Checks checks = new Checks(locale);
        Optional<Price> price = priceFor(handle, program, start);
        if (price.isEmpty()) {
            checks.fail("programId", "billing.noPrice");
        }
        Optional<Discount> discount = Optional.empty();
        if (promoCode != null && !promoCode.isBlank()) {
            discount = discounts(handle, "WHERE code = :id", promoCode.strip().toUpperCase(Locale.ROOT)).stream()
                    .findFirst();
            if (discount.isEmpty() || !discount.get().validOn(day) || !discount.get().fits(program)) {
                checks.fail("promoCode", "billing.promo.invalid");
            } else if (discount.get().maxUses() != null && discount.get().uses() >= discount.get().maxUses()) {
                checks.fail("promoCode", "billing.promo.usedUp");
            }
        }
        Optional<Plan> plan = Optional.empty();
        if (planId != null) {
            plan = plan(handle, planId).filter(found -> found.programId() == program);
            if (plan.isEmpty()) {
                checks.fail("planId", "billing.plan.other");
            }
        }
        checks.done();
        BigDecimal subtotal = price.orElseThrow().amount();
        if (discount.isEmpty() && person != null) {
            discount = discounts(handle, "WHERE person_id = :id", person).stream()
                    .filter(found -> found.validOn(day) && found.fits(program))
                    .max((a, b) -> a.off(subtotal).compareTo(b.off(subtotal)));
        }
        BigDecimal off = discount.map(found -> found.off(subtotal)).orElse(BigDecimal.ZERO.setScale(2));
        BigDecimal total = subtotal.subtract(off);
        List<BigDecimal> instalments = plan.map(found -> found.split(total)).orElse(List.of(total));
        return new Quote(program, price.get().program(), start, subtotal, discount, off, total, plan, instalments);
    }

    public Quote quote(long program, LocalDate start, UUID person, String promoCode, Long planId, LocalDate day,
            Locale locale) {
        return jdbi.withHandle(handle -> quote(handle, program, start, person, promoCode, planId, day, locale));
    }

    /** Counts one use of a promo code in the issuing transaction; refuses when another took the last use. */
    void use(Handle handle, Discount discount, Locale locale) {
        if (discount.code() == null) {
            return;
        }
        if (handle.createUpdate("""
                UPDATE billing_discounts SET uses = uses + 1
                WHERE id = :id AND (max_uses IS NULL OR uses < max_uses)""").bind("id", discount.id()).execute() == 0) {
            throw new Conflict(Messages.text(locale, "billing.promo.usedUp"));
        }
    }
}
