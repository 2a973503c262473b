package org.matricula.platform.crm.deals;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.billing.Amounts;
import org.matricula.platform.crm.billing.Invoices;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.errors.InputDates;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.i18n.Messages;

/**
 * B2B deals with an organization: created and moved through their stages by managers, every move
 * kept with its reason; a won deal gets the organization's one invoice and an enrolment code, and
 * its seats are taken by that code or by the addresses a manager lists, counted under the deal's
 * row lock so that they never exceed the deal's seats.
 */
public final class Deals {

    /** The kinds of deals: sold to a person who applied, or to an organization for its people. */
    static final List<String> KINDS = List.of("RETAIL", "B2B");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final String CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbi jdbi;
    private final Invoices invoices;
    private final Clock clock;
    private final boolean vat;

    public Deals(Jdbi jdbi, Invoices invoices, Clock clock, boolean vat) {
        this.jdbi = jdbi;
        this.invoices = invoices;
        this.clock = clock;
        this.vat = vat;
    }

    public record Deal(long id, String kind, String title, Stage stage, UUID personId, String personName,
            Long organizationId, String organizationName, UUID declarationId, Long programId, String programName,
            int seats, BigDecimal pricePerSeat, BigDecimal amount, LocalDate expectedClose, int probability,
            UUID managerId, String managerName, String lostReason, UUID invoiceId, String invoiceNumber,
            String enrolmentCode, int seatsUsed, Instant createdAt, Instant closedAt) {
    }

    public record Move(Stage from, Stage to, String reason, UUID actorId, String actorName, Instant at) {
    }

    public record Seat(long id, String email, UUID declarationId, String declarationNumber, String via) {
    }

    public record Input(Long organizationId, Long programId, String title, String seats, String pricePerSeat,
            String expectedClose, String probability, String managerId) {
    }

    /** Creates a B2B deal at the LEAD stage. */
    public Deal create(Input input, UUID actor, Locale locale) {
        List<Problem.FieldProblem> problems = new ArrayList<>();
        Checked checked = check(input, problems, locale);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.get(0).message(), problems);
        }
        long id = jdbi.inTransaction(handle -> {
            long deal = handle.createQuery("""
                    INSERT INTO deals (kind, title, stage, organization_id, program_id, seats, price_per_seat, amount,
                        expected_close, probability, manager_id)
                    VALUES ('B2B', :title, 'LEAD', :organization, :program, :seats, :price, :amount, :close,
                        :probability, :manager)
                    RETURNING id""").bind("title", checked.title()).bind("organization", input.organizationId())
                    .bind("program", input.programId()).bind("seats", checked.seats()).bind("price", checked.price())
                    .bind("amount", checked.price().multiply(BigDecimal.valueOf(checked.seats())))
                    .bind("close", checked.close()).bind("probability", checked.probability())
                    .bind("manager", checked.manager()).mapTo(Long.class).one();
            moved(handle, deal, null, Stage.LEAD, "", actor);
            return deal;
        });
        return deal(id, locale);
    }

    private record Checked(String title, int seats, BigDecimal price, LocalDate close, int probability, UUID manager) {
    }

    private Checked check(Input input, List<Problem.FieldProblem> problems, Locale locale) {
        jdbi.useHandle(handle -> {
            if (input.organizationId() == null || handle.createQuery("SELECT count(*) FROM organizations WHERE id = :id")
                    .bind("id", input.organizationId()).mapTo(Integer.class).one() == 0) {
                problems.add(problem(locale, "organizationId", "deals.organizationRequired"));
            }
            if (input.programId() == null || handle.createQuery("SELECT count(*) FROM programs WHERE id = :id")
                    .bind("id", input.programId()).mapTo(Integer.class).one() == 0) {
                problems.add(problem(locale, "programId", "deals.programRequired"));
            }
        });
        String title = input.title() == null ? "" : input.title().strip();
        if (title.length() > 200) {
            problems.add(problem(locale, "title", "deals.titleTooLong"));
        }
        int seats = whole(input.seats(), 1, 100_000, "seats", "deals.seatsInvalid", problems, locale, -1);
        BigDecimal price = amount(input.pricePerSeat(), "pricePerSeat", problems, locale);
        boolean seatsValid = seats >= 1 && seats <= 100_000;
        if (price != null && seatsValid && price.multiply(BigDecimal.valueOf(seats)).compareTo(Amounts.MAX) > 0) {
            problems.add(problem(locale, "pricePerSeat", "deals.amountTooLarge", Amounts.MAX.toPlainString()));
        }
        LocalDate close = null;
        if (input.expectedClose() != null && !input.expectedClose().isBlank()) {
            try {
                close = InputDates.date(input.expectedClose().strip());
            } catch (DateTimeParseException e) {
                problems.add(new Problem.FieldProblem("expectedClose", InputDates.message(locale, e, "billing.date")));
            }
        }
        int probability = whole(input.probability(), 0, 100, "probability", "deals.probabilityInvalid", problems,
                locale, 0);
        UUID manager = null;
        if (input.managerId() != null && !input.managerId().isBlank()) {
            try {
                manager = UUID.fromString(input.managerId().strip());
            } catch (IllegalArgumentException e) {
                manager = null;
            }
            UUID wanted = manager;
            boolean staff = wanted != null && jdbi.withHandle(handle -> handle.createQuery("""
                    SELECT count(*) FROM accounts WHERE id = :id AND role IN ('ADMIN', 'CRM_MANAGER')""")
                    .bind("id", wanted).mapTo(Integer.class).one() > 0);
            if (!staff) {
                problems.add(problem(locale, "managerId", "deals.managerInvalid"));
            }
        }
        return new Checked(title, seats, price == null ? BigDecimal.ZERO.setScale(2) : price, close, probability,
                manager);
    }

    private static int whole(String given, int min, int max, String field, String key,
            List<Problem.FieldProblem> problems, Locale locale, int fallback) {
        if (given == null || given.isBlank()) {
            if (fallback < 0) {
                problems.add(problem(locale, field, key));
            }
            return Math.max(fallback, min);
        }
        try {
            int value = Integer.parseInt(given.strip());
            if (value < min || value > max) {
                problems.add(problem(locale, field, key));
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(problem(locale, field, key));
            return min;
        }
    }

    private static BigDecimal amount(String given, String field, List<Problem.FieldProblem> problems, Locale locale) {
        if (given == null || given.isBlank()) {
            problems.add(problem(locale, field, "billing.amount"));
            return null;
        }
        BigDecimal value = Amounts.typed(given);
        if (value == null || value.signum() < 0) {
            problems.add(problem(locale, field, "billing.amount"));
            return null;
        }
        return value;
    }

    static Problem.FieldProblem problem(Locale locale, String field, String key, Object... args) {
        return new Problem.FieldProblem(field, Messages.text(locale, key, args));
    }

    /**
     * Moves a B2B deal to another stage. LOST needs a reason; WON issues the organization's invoice
     * for the seats (once) and gives the deal its enrolment code. A closed deal stays closed.
     */
    public Deal move(long id, String stageCode, String reason, UUID actor, Locale locale) {
        Stage to = Stage.parse(stageCode).filter(Stage.PIPELINE::contains).orElseThrow(() ->
                InvalidInputException.field("stage", Messages.text(locale, "deals.stageInvalid")));
        String why = reason == null ? "" : reason.strip();
        if (to == Stage.LOST && why.isEmpty()) {
            throw InvalidInputException.field("reason", Messages.text(locale, "deals.reasonRequired"));
        }
        if (why.length() > 2000) {
            throw InvalidInputException.field("reason", Messages.text(locale, "deals.reasonTooLong"));
        }
        jdbi.useTransaction(handle -> {
            Deal deal = lock(handle, id, locale);
            if (!deal.kind().equals("B2B")) {
                throw Conflict.localized("deals.retailByItself");
            }
            if (deal.stage() == to) {
                return;
            }
            if (deal.stage().closed()) {
                throw Conflict.localized("deals.closed");
            }
            String code = null;
            UUID invoice = deal.invoiceId();
            if (to == Stage.WON) {
                if (invoice == null) {
                    String description = deal.programName() + (deal.title().isEmpty() ? "" : " · " + deal.title());
                    invoice = invoices.issueSeats(handle, deal.organizationId(), deal.programId(), description,
                            deal.seats(), deal.pricePerSeat(), vat, 10, locale.getLanguage());
                }
                code = newCode();
            }
            handle.createUpdate("""
                    UPDATE deals SET stage = :stage, lost_reason = :reason, invoice_id = :invoice,
                        enrolment_code = coalesce(enrolment_code, :code), updated_at = now(),
                        closed_at = CASE WHEN :closed THEN now() END,
                        probability = CASE :stage WHEN 'WON' THEN 100 WHEN 'LOST' THEN 0 ELSE probability END
                    WHERE id = :id""").bind("stage", to.name()).bind("reason", to == Stage.LOST ? why : "")
                    .bind("invoice", invoice).bind("code", code).bind("closed", to.closed()).bind("id", id).execute();
            moved(handle, id, deal.stage(), to, why, actor);
        });
        return deal(id, locale);
    }

    static String newCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            if (i == 5) {
                code.append('-');
            }
            code.append(CODE_LETTERS.charAt(RANDOM.nextInt(CODE_LETTERS.length())));
        }
        return code.toString();
    }

    /** The same move of many deals by the platform itself, each with its reason, with one statement. */
    static void movedAll(Handle handle, List<Long> deals, Stage from, Stage to, List<String> reasons) {
        if (deals.isEmpty()) {
            return;
        }
        handle.createUpdate("""
                INSERT INTO deal_moves (deal_id, from_stage, to_stage, reason, actor_id)
                SELECT m.deal, :from, :to, m.reason, NULL
                FROM unnest(CAST(:deals AS bigint[]), CAST(:reasons AS text[])) WITH ORDINALITY AS m(deal, reason, n)
                ORDER BY m.n""")
                .bindArray("deals", Long.class, deals.toArray()).bindArray("reasons", String.class, reasons.toArray())
                .bind("from", from == null ? null : from.name()).bind("to", to.name()).execute();
    }

    static void moved(Handle handle, long deal, Stage from, Stage to, String reason, UUID actor) {
        handle.createUpdate("""
                INSERT INTO deal_moves (deal_id, from_stage, to_stage, reason, actor_id)
                VALUES (:deal, :from, :to, :reason, :actor)""").bind("deal", deal)
                .bind("from", from == null ? null : from.name()).bind("to", to.name()).bind("reason", reason)
                .bind("actor", actor).execute();
    }

    /**
     * Lists addresses whose people enroll on the won deal's seats without paying themselves. All
     * or none: more new addresses than seats left refuses the list.
     */
    public int addEmails(long id, String text, Locale locale) {
        Set<String> emails = new LinkedHashSet<>();
        List<String> bad = new ArrayList<>();
        for (String part : (text == null ? "" : text).split("[\\s,;]+")) {
            String email = part.strip().toLowerCase(Locale.ROOT);
            if (email.isEmpty()) {
                continue;
            }
            if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
                bad.add(part.strip());
            } else {
                emails.add(email);
            }
        }
        if (!bad.isEmpty()) {
            throw InvalidInputException.field("emails", Messages.text(locale, "deals.emailsInvalid",
                    String.join(", ", bad.subList(0, Math.min(5, bad.size())))));
        }
        if (emails.isEmpty()) {
            throw InvalidInputException.field("emails", Messages.text(locale, "deals.emailsRequired"));
        }
        return jdbi.inTransaction(handle -> {
            Deal deal = lock(handle, id, locale);
            if (deal.stage() != Stage.WON || !deal.kind().equals("B2B")) {
                throw Conflict.localized("deals.notWon");
            }
            List<String> fresh = new ArrayList<>();
            for (String email : emails) {
                if (handle.createQuery("SELECT count(*) FROM deal_seats WHERE deal_id = :deal AND email = :email")
                        .bind("deal", id).bind("email", email).mapTo(Integer.class).one() == 0) {
                    fresh.add(email);
                }
            }
            int left = deal.seats() - deal.seatsUsed();
            if (fresh.size() > left) {
                throw InvalidInputException.field("emails", Messages.text(locale, "deals.seatsLeft", left,
                        fresh.size()));
            }
            for (String email : fresh) {
                handle.createUpdate("INSERT INTO deal_seats (deal_id, email, via) VALUES (:deal, :email, 'LIST')")
                        .bind("deal", id).bind("email", email).execute();
            }
            handle.createUpdate("UPDATE deals SET seats_used = seats_used + :n, updated_at = now() WHERE id = :id")
                    .bind("n", fresh.size()).bind("id", id).execute();
            // those who applied already take their seats now; those who apply later, as their deals open
            RetailDeals.matchListedSeats(handle, id);
            return fresh.size();
        });
    }

    /**
     * An applicant takes a seat of a won deal for their declaration with the deal's enrolment code;
     * the organization pays, so the declaration gets no retail invoice. Taking it again changes nothing.
     */
    public Deal claim(UUID account, UUID declaration, String code, Locale locale) {
        String given = code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
        if (given.isEmpty()) {
            throw InvalidInputException.field("code", Messages.text(locale, "deals.codeRequired"));
        }
        long dealId = jdbi.inTransaction(handle -> claim(handle, account, declaration, given, "code", locale));
        return deal(dealId, locale);
    }

    /**
     * Takes a seat of the won deal whose code is {@code given} for the account's declaration, in the
     * caller's transaction (the office's claim, or the submission that carries the code); a refusal
     * of the code is told on {@code field}. Answers the deal's id.
     */
    static long claim(Handle handle, UUID account, UUID declaration, String given, String field, Locale locale) {
        record Own(long program, String status) {
        }
        Own own = handle.createQuery("""
                SELECT program_id, status FROM declarations WHERE id = :id AND account_id = :account""")
                .bind("id", declaration).bind("account", account)
                .map((rs, ctx) -> new Own(rs.getLong(1), rs.getString(2))).findOne()
                .orElseThrow(() -> NotFoundException.localized("refusal.declaration.missing", declaration));
        Optional<Long> deal = handle.createQuery("""
                SELECT id FROM deals WHERE enrolment_code = :code AND stage = 'WON' AND kind = 'B2B'""")
                .bind("code", given).mapTo(Long.class).findOne();
        if (deal.isEmpty()) {
            throw InvalidInputException.field(field, Messages.text(locale, "deals.codeUnknown"));
        }
        Deal found = lock(handle, deal.get(), locale);
        Optional<Long> taken = handle.createQuery("SELECT deal_id FROM deal_seats WHERE declaration_id = :d")
                .bind("d", declaration).mapTo(Long.class).findOne();
        if (taken.isPresent()) {
            if (taken.get() == found.id()) {
                return found.id();
            }
            throw Conflict.localized("deals.seatTaken");
        }
        if (found.programId() == null || found.programId() != own.program()) {
            throw InvalidInputException.field(field, Messages.text(locale, "deals.codeOtherProgram"));
        }
        if (Contracts.closed(own.status())) {
            throw Conflict.localized("deals.declarationClosed");
        }
        if (handle.createQuery("SELECT count(*) FROM invoices WHERE declaration_id = :d")
                .bind("d", declaration).mapTo(Integer.class).one() > 0) {
            throw Conflict.localized("deals.alreadyInvoiced");
        }
        int updated = handle.createUpdate("""
                UPDATE deals SET seats_used = seats_used + 1, updated_at = now()
                WHERE id = :id AND seats_used < seats""").bind("id", found.id()).execute();
        if (updated == 0) {
            throw InvalidInputException.field(field, Messages.text(locale, "deals.noSeatsLeft"));
        }
        handle.createUpdate("""
                INSERT INTO deal_seats (deal_id, email, declaration_id, via)
                SELECT :deal, lower(email), id, 'CODE' FROM declarations WHERE id = :d""")
                .bind("deal", found.id()).bind("d", declaration).execute();
        RetailDeals.dropOpenRetail(handle, declaration);
        return found.id();
    }

    /** Whether a program's retail applicants are enrolled automatically once their invoice is paid. */
    public void setAutoEnrol(long program, boolean autoEnrol, Locale locale) {
        jdbi.useHandle(handle -> {
            if (handle.createQuery("SELECT count(*) FROM programs WHERE id = :id").bind("id", program)
                    .mapTo(Integer.class).one() == 0) {
                throw InvalidInputException.field("programId", Messages.text(locale, "deals.programRequired"));
            }
            handle.createUpdate("""
                    INSERT INTO deal_program_settings (program_id, auto_enrol) VALUES (:program, :auto)
                    ON CONFLICT (program_id) DO UPDATE SET auto_enrol = :auto, updated_at = now()""")
                    .bind("program", program).bind("auto", autoEnrol).execute();
        });
    }

    public boolean autoEnrol(long program) {
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT auto_enrol FROM deal_program_settings WHERE program_id = :p").bind("p", program)
                .mapTo(Boolean.class).findOne().orElse(false));
    }

    public Deal deal(long id, Locale locale) {
        return jdbi.withHandle(handle -> find(handle, id, false))
                .orElseThrow(() -> NotFoundException.localized("deals.notFound", id));
    }

    private static Deal lock(Handle handle, long id, Locale locale) {
        return find(handle, id, true).orElseThrow(() -> NotFoundException.localized("deals.notFound", id));
    }

    /** Deals of a kind (all when null), newest first; a kind that is none of {@link #KINDS} is refused. */
    public List<Deal> list(String kind, int limit, Locale locale) {
        if (kind != null && !KINDS.contains(kind)) {
            throw InvalidInputException.field("kind", Messages.text(locale, "deals.kindInvalid",
                    String.join(", ", KINDS)));
        }
        return jdbi.withHandle(handle -> {
            org.jdbi.v3.core.statement.Query query = query(handle, kind == null ? "true" : "x.kind = :kind", "",
                    "ORDER BY x.updated_at DESC, x.id DESC LIMIT " + Math.max(1, Math.min(limit, 5000)));
            // a parameter the statement does not name is refused by Jdbi, so the kind is bound only when filtered on
            if (kind != null) {
                query.bind("kind", kind);
            }
            return query.map(Deals::map).list();
        });
    }

    public List<Deal> ofPerson(UUID person) {
        return jdbi.withHandle(handle -> query(handle, "x.person_id = :person", "", "ORDER BY x.id DESC")
                .bind("person", person).map(Deals::map).list());
    }

    public List<Move> moves(long deal) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT m.from_stage, m.to_stage, m.reason, m.actor_id, coalesce(nullif(a.display_name, ''), a.email, ''), m.at
                FROM deal_moves m LEFT JOIN accounts a ON a.id = m.actor_id
                WHERE m.deal_id = :deal ORDER BY m.at, m.id""").bind("deal", deal)
                .map((rs, ctx) -> new Move(rs.getString(1) == null ? null : Stage.valueOf(rs.getString(1)),
                        Stage.valueOf(rs.getString(2)), rs.getString(3), rs.getObject(4, UUID.class), rs.getString(5),
                        rs.getTimestamp(6).toInstant())).list());
    }

    public List<Seat> seats(long deal) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT s.id, s.email, s.declaration_id, d.number, s.via FROM deal_seats s
                LEFT JOIN declarations d ON d.id = s.declaration_id
                WHERE s.deal_id = :deal ORDER BY s.id""").bind("deal", deal)
                .map((rs, ctx) -> new Seat(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class),
                        rs.getString(4), rs.getString(5))).list());
    }

    private static Optional<Deal> find(Handle handle, long id, boolean forUpdate) {
        if (forUpdate) {
            handle.createQuery("SELECT id FROM deals WHERE id = :id FOR UPDATE").bind("id", id).mapTo(Long.class)
                    .findOne();
        }
        return query(handle, "x.id = :id", "", "").bind("id", id).map(Deals::map).findOne();
    }

    private static org.jdbi.v3.core.statement.Query query(Handle handle, String where, String joins, String order) {
        return handle.createQuery("""
                SELECT x.*, p.full_name AS person_name, o.name AS organization_name, g.name AS program_name,
                       coalesce(nullif(a.display_name, ''), a.email) AS manager_name, i.number AS invoice_number
                FROM deals x
                LEFT JOIN persons p ON p.id = x.person_id
                LEFT JOIN organizations o ON o.id = x.organization_id
                LEFT JOIN programs g ON g.id = x.program_id
                LEFT JOIN accounts a ON a.id = x.manager_id
                LEFT JOIN invoices i ON i.id = x.invoice_id\s""" + joins + " WHERE " + where + " " + order);
    }

    private static Deal map(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws java.sql.SQLException {
        return new Deal(rs.getLong("id"), rs.getString("kind"), rs.getString("title"),
                Stage.valueOf(rs.getString("stage")), rs.getObject("person_id", UUID.class),
                rs.getString("person_name"),
                rs.getObject("organization_id") == null ? null : rs.getLong("organization_id"),
                rs.getString("organization_name"), rs.getObject("declaration_id", UUID.class),
                rs.getObject("program_id") == null ? null : rs.getLong("program_id"), rs.getString("program_name"),
                rs.getInt("seats"), rs.getBigDecimal("price_per_seat"), rs.getBigDecimal("amount"),
                rs.getObject("expected_close", LocalDate.class), rs.getInt("probability"),
                rs.getObject("manager_id", UUID.class), rs.getString("manager_name"), rs.getString("lost_reason"),
                rs.getObject("invoice_id", UUID.class), rs.getString("invoice_number"),
                rs.getString("enrolment_code"), rs.getInt("seats_used"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("closed_at") == null ? null : rs.getTimestamp("closed_at").toInstant());
    }

    Clock clock() {
        return clock;
    }
}
