package org.matricula.platform.crm.persons;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.InputDates;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.errors.Problem.FieldProblem;
import org.matricula.platform.i18n.Messages;

/**
 * One person per human. A new record (an account, a declaration, a lead) is matched to the
 * person holding one of its contacts, by normalized email first, then phone; only when none
 * does is a person created. Matching and creating run under a lock per contact, so two records
 * with the same address arriving at once make one person.
 */
public final class Persons {

    public static final String PROCESSING = "PROCESSING";
    public static final String MARKETING = "MARKETING";
    /** Consent to counting the opens and clicks of campaign mails. */
    public static final String TRACKING = "TRACKING";
    private static final Set<String> PURPOSES = Set.of(PROCESSING, MARKETING, TRACKING);

    private final Jdbi jdbi;

    public Persons(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * What a new record says of a person.
     *
     * @param emails normalized addresses ({@link Contacts#email})
     * @param phones numbers in E.164 ({@link Contacts#phone})
     * @param source where the record came from, kept with each new contact
     */
    public record Record(String lastName, String firstName, String middleName, LocalDate birthDate,
            List<String> emails, List<String> phones, String source) {

        private static final Pattern SPACES = Pattern.compile("\\s+");

        public Record {
            emails = List.copyOf(new LinkedHashSet<>(emails));
            phones = List.copyOf(new LinkedHashSet<>(phones));
        }

        /** The names joined as kept in {@code persons.full_name}. */
        public String fullName() {
            return SPACES.matcher(String.join(" ", blankIfNull(lastName), blankIfNull(firstName),
                    blankIfNull(middleName)).strip()).replaceAll(" ");
        }
    }

    /** The person a record went to, and whether it was made for it. */
    public record Resolved(UUID id, boolean created) {
    }

    /**
     * Finds the person of a record, or makes one, in the caller's transaction; fills the person's
     * empty names and birth date from it and adds its new contacts.
     *
     * @param known the person the record is already tied to (say, through its account), if any
     */
    public Resolved resolve(Handle handle, Record record, Optional<UUID> known) {
        lockContacts(handle, List.of(record));
        Optional<UUID> found = known.isPresent() ? known : match(handle, record.emails(), record.phones());
        if (found.isEmpty()) {
            return new Resolved(create(handle, record), true);
        }
        fill(handle, Map.of(found.get(), record));
        return new Resolved(found.get(), false);
    }

    /**
     * As {@link #resolve} for records whose persons are known, each person once: fills each
     * person's empty fields from its record and adds the records' new contacts, in the map's order
     * (a contact two of them bring goes to the first), with one statement for them all.
     */
    public void fillAll(Handle handle, Map<UUID, Record> records) {
        if (records.isEmpty()) {
            return;
        }
        lockContacts(handle, records.values());
        fill(handle, records);
    }

    /**
     * Takes the lock of each of the records' contacts, in one order for everyone: whoever matches
     * or adds a contact holds its lock, so two records bringing one address make one person.
     */
    private static void lockContacts(Handle handle, Collection<Record> records) {
        Set<String> keys = new TreeSet<>();
        for (Record record : records) {
            record.emails().forEach(email -> keys.add("EMAIL:" + email));
            record.phones().forEach(phone -> keys.add("PHONE:" + phone));
        }
        if (!keys.isEmpty()) {
            handle.createQuery("SELECT count(pg_advisory_xact_lock(hashtext(k))) FROM"
                    + " (SELECT unnest(CAST(:keys AS text[])) AS k ORDER BY 1) ordered")
                    .bindArray("keys", String.class, keys.toArray()).mapTo(Long.class).one();
        }
    }

    /** Adds the record's contacts not held by anyone yet, emails first, to the statement's {@code person}. */
    private static final String ADD_CONTACTS = """
            INSERT INTO person_contacts (person_id, kind, value, source)
            SELECT (SELECT id FROM person), c.kind, c.value, :source
            FROM unnest(CAST(:kinds AS text[]), CAST(:values AS text[])) WITH ORDINALITY AS c(kind, value, n)
            ORDER BY c.n
            ON CONFLICT (kind, value) DO NOTHING""";

    /**
     * Fills each person's empty fields from its record and adds the records' new contacts, with one
     * statement; the caller holds the contacts' locks. A person's row is written only when its
     * record fills something in: a person applying again (the usual case) costs no new row
     * version and no index entries.
     */
    private static void fill(Handle handle, Map<UUID, Record> records) {
        List<UUID> ids = new ArrayList<>(records.keySet());
        // each record bound as for one person, its contacts in its order, emails first
        List<Map<String, Object>> bound = records.values().stream().map(Persons::fields).toList();
        List<UUID> contactPersons = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<Object> sources = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String[] recordKinds = (String[]) bound.get(i).get("kinds");
            for (int c = 0; c < recordKinds.length; c++) {
                contactPersons.add(ids.get(i));
                kinds.add(recordKinds[c]);
                values.add(((String[]) bound.get(i).get("values"))[c]);
                sources.add(bound.get(i).get("source"));
            }
        }
        handle.createUpdate("""
                WITH r AS (
                    SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:lasts AS text[]), CAST(:firsts AS text[]),
                                         CAST(:middles AS text[]), CAST(:births AS date[]), CAST(:emails AS text[]),
                                         CAST(:phones AS text[])) AS r(id, last, first, middle, birth, email, phone)
                ), filled AS (
                    UPDATE persons p SET
                        last_name = CASE WHEN p.last_name = '' THEN r.last ELSE p.last_name END,
                        first_name = CASE WHEN p.first_name = '' THEN r.first ELSE p.first_name END,
                        middle_name = CASE WHEN p.middle_name = '' AND p.last_name IN ('', r.last) THEN r.middle
                                           ELSE p.middle_name END,
                        full_name = trim(regexp_replace(
                            CASE WHEN p.last_name = '' THEN r.last ELSE p.last_name END || ' '
                            || CASE WHEN p.first_name = '' THEN r.first ELSE p.first_name END || ' '
                            || CASE WHEN p.middle_name = '' AND p.last_name IN ('', r.last) THEN r.middle
                                    ELSE p.middle_name END,
                            '\\s+', ' ', 'g')),
                        birth_date = coalesce(p.birth_date, r.birth),
                        email = CASE WHEN p.email = '' THEN r.email ELSE p.email END,
                        phone = CASE WHEN p.phone = '' THEN r.phone ELSE p.phone END,
                        updated_at = now()
                    FROM r
                    WHERE p.id = r.id
                      AND ((p.last_name = '' AND r.last <> '') OR (p.first_name = '' AND r.first <> '')
                           OR (p.middle_name = '' AND p.last_name IN ('', r.last) AND r.middle <> '')
                           OR (p.birth_date IS NULL AND r.birth IS NOT NULL)
                           OR (p.email = '' AND r.email <> '') OR (p.phone = '' AND r.phone <> '')))
                INSERT INTO person_contacts (person_id, kind, value, source)
                SELECT c.person, c.kind, c.value, c.source
                FROM unnest(CAST(:contactPersons AS uuid[]), CAST(:kinds AS text[]), CAST(:values AS text[]),
                            CAST(:sources AS text[])) WITH ORDINALITY AS c(person, kind, value, source, n)
                ORDER BY c.n
                ON CONFLICT (kind, value) DO NOTHING""")
                .bindArray("ids", UUID.class, ids.toArray())
                .bindArray("lasts", String.class, column(bound, "last"))
                .bindArray("firsts", String.class, column(bound, "first"))
                .bindArray("middles", String.class, column(bound, "middle"))
                .bindArray("births", String.class, Arrays.stream(column(bound, "birth"))
                        .map(birth -> birth == null ? null : birth.toString()).toArray())
                .bindArray("emails", String.class, column(bound, "email"))
                .bindArray("phones", String.class, column(bound, "phone"))
                .bindArray("contactPersons", UUID.class, contactPersons.toArray())
                .bindArray("kinds", String.class, kinds.toArray())
                .bindArray("values", String.class, values.toArray())
                .bindArray("sources", String.class, sources.toArray())
                .execute();
    }

    /** Makes a person of the record, with its contacts not held by anyone yet, with one statement. */
    private static UUID create(Handle handle, Record record) {
        return handle.createQuery("""
                WITH person AS (
                    INSERT INTO persons (last_name, first_name, middle_name, full_name, birth_date, email, phone)
                    VALUES (:last, :first, :middle, :full, :birth, :email, :phone) RETURNING id),
                added AS (""" + ADD_CONTACTS + """
                )
                SELECT id FROM person""").bindMap(fields(record)).bind("full", record.fullName())
                .mapTo(UUID.class).one();
    }

    /** What both statements bind of a record; the contacts as two arrays of kinds and values. */
    private static Map<String, Object> fields(Record record) {
        List<String> kinds = new ArrayList<>();
        record.emails().forEach(email -> kinds.add("EMAIL"));
        record.phones().forEach(phone -> kinds.add("PHONE"));
        List<String> values = new ArrayList<>(record.emails());
        values.addAll(record.phones());
        Map<String, Object> fields = new HashMap<>();
        fields.put("last", blankIfNull(record.lastName()).strip());
        fields.put("first", blankIfNull(record.firstName()).strip());
        fields.put("middle", blankIfNull(record.middleName()).strip());
        fields.put("birth", record.birthDate());
        fields.put("email", first(record.emails()));
        fields.put("phone", first(record.phones()));
        fields.put("source", blankIfNull(record.source()));
        fields.put("kinds", kinds.toArray(String[]::new));
        fields.put("values", values.toArray(String[]::new));
        return fields;
    }

    /** One field of each record as {@link #fields} binds it, in the records' order. */
    private static Object[] column(List<Map<String, Object>> bound, String field) {
        return bound.stream().map(fields -> fields.get(field)).toArray();
    }

    /** The person holding one of these contacts: an email before a phone, the oldest contact first. */
    public Optional<UUID> match(Handle handle, List<String> emails, List<String> phones) {
        if (emails.isEmpty() && phones.isEmpty()) {
            return Optional.empty();
        }
        return handle.createQuery("""
                SELECT person_id FROM person_contacts
                WHERE (kind = 'EMAIL' AND value = ANY(:emails)) OR (kind = 'PHONE' AND value = ANY(:phones))
                ORDER BY kind = 'EMAIL' DESC, id LIMIT 1""")
                .bindArray("emails", String.class, emails.toArray()).bindArray("phones", String.class, phones.toArray())
                .mapTo(UUID.class).findOne();
    }

    /** The persons holding these (normalized) email addresses, by address. */
    public Map<String, UUID> ofEmails(Handle handle, Set<String> emails) {
        if (emails.isEmpty()) {
            return Map.of();
        }
        return handle.createQuery(
                "SELECT value, person_id FROM person_contacts WHERE kind = 'EMAIL' AND value = ANY(:emails)")
                .bindArray("emails", String.class, emails.toArray())
                .map((rs, ctx) -> Map.entry(rs.getString("value"), rs.getObject("person_id", UUID.class)))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Matches outside any transaction of the caller, for reading. */
    public Optional<UUID> match(List<String> emails, List<String> phones) {
        return jdbi.withHandle(handle -> match(handle, emails, phones));
    }

    private static void addContacts(Handle handle, UUID id, String kind, List<String> values, String source) {
        if (values.isEmpty()) {
            return;
        }
        handle.createUpdate("""
                INSERT INTO person_contacts (person_id, kind, value, source)
                SELECT :id, :kind, v, :source FROM unnest(CAST(:values AS text[])) v
                ON CONFLICT (kind, value) DO NOTHING""")
                .bind("id", id).bind("kind", kind).bindArray("values", String.class, values.toArray())
                .bind("source", blankIfNull(source)).execute();
    }

    public Optional<UUID> ofAccount(UUID accountId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT person_id FROM person_accounts WHERE account_id = :id")
                .bind("id", accountId).mapTo(UUID.class).findOne());
    }

    public Optional<UUID> ofDeclaration(UUID declarationId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT person_id FROM person_declarations WHERE declaration_id = :id").bind("id", declarationId)
                .mapTo(UUID.class).findOne());
    }

    /**
     * Ties accounts and declarations to their persons with one statement, in the caller's
     * transaction; an account or declaration tied already keeps its person.
     */
    public void linkAll(Handle handle, Map<UUID, UUID> accountPersons, Map<UUID, UUID> declarationPersons) {
        if (accountPersons.isEmpty() && declarationPersons.isEmpty()) {
            return;
        }
        handle.createUpdate("""
                WITH accounts AS (
                    INSERT INTO person_accounts (account_id, person_id)
                    SELECT * FROM unnest(CAST(:accounts AS uuid[]), CAST(:accountPersons AS uuid[]))
                    ON CONFLICT (account_id) DO NOTHING)
                INSERT INTO person_declarations (declaration_id, person_id)
                SELECT * FROM unnest(CAST(:declarations AS uuid[]), CAST(:declarationPersons AS uuid[]))
                ON CONFLICT (declaration_id) DO NOTHING""")
                .bindArray("accounts", UUID.class, accountPersons.keySet().toArray())
                .bindArray("accountPersons", UUID.class, accountPersons.values().toArray())
                .bindArray("declarations", UUID.class, declarationPersons.keySet().toArray())
                .bindArray("declarationPersons", UUID.class, declarationPersons.values().toArray())
                .execute();
    }

    /** One consent given or withdrawn. */
    public record Consent(UUID personId, String purpose, boolean granted, String source, Instant at) {
    }

    /** Records consents, in the order given, with one statement in the caller's transaction. */
    public void consentAll(Handle handle, List<Consent> consents) {
        if (consents.isEmpty()) {
            return;
        }
        consents.forEach(consent -> {
            if (!PURPOSES.contains(consent.purpose())) {
                throw new IllegalArgumentException("No consent purpose " + consent.purpose());
            }
        });
        handle.createUpdate("""
                INSERT INTO person_consents (person_id, purpose, granted, source, at)
                SELECT c.person, c.purpose, c.granted, c.source, c.at
                FROM unnest(CAST(:persons AS uuid[]), CAST(:purposes AS text[]), CAST(:granted AS boolean[]),
                            CAST(:sources AS text[]), CAST(:ats AS timestamptz[]))
                    WITH ORDINALITY AS c(person, purpose, granted, source, at, n)
                ORDER BY c.n""")
                .bindArray("persons", UUID.class, consents.stream().map(Consent::personId).toArray())
                .bindArray("purposes", String.class, consents.stream().map(Consent::purpose).toArray())
                .bindArray("granted", Boolean.class, consents.stream().map(Consent::granted).toArray())
                .bindArray("sources", String.class, consents.stream().map(c -> blankIfNull(c.source())).toArray())
                .bindArray("ats", String.class, consents.stream()
                        .map(c -> c.at() == null ? null : c.at().toString()).toArray())
                .execute();
    }

    /** Adds tags a person lacks, in the caller's transaction; answers those added. */
    public List<String> addTags(Handle handle, UUID personId, List<String> tags) {
        if (tags.isEmpty()) {
            return List.of();
        }
        return handle.createQuery("""
                WITH given AS (SELECT DISTINCT t FROM unnest(CAST(:tags AS text[])) t),
                     missing AS (SELECT t FROM given, persons p WHERE p.id = :id AND NOT t = ANY(p.tags)),
                     changed AS (UPDATE persons SET tags = tags || ARRAY(SELECT t FROM missing ORDER BY t)
                                 WHERE id = :id AND EXISTS (SELECT 1 FROM missing) RETURNING id)
                SELECT t FROM missing ORDER BY t""")
                .bind("id", personId).bindArray("tags", String.class, tags.toArray()).mapTo(String.class).list();
    }

    /** The name fields a scenario's step may set ({@link #setField}). */
    public static final java.util.Set<String> SETTABLE = java.util.Set.of("lastName", "firstName", "middleName");

    /** Sets one of the {@link #SETTABLE} name fields in the caller's transaction; answers whether it changed. */
    public boolean setField(Handle handle, UUID personId, String field, String value) {
        String column = switch (field) {
            case "lastName" -> "last_name";
            case "firstName" -> "first_name";
            case "middleName" -> "middle_name";
            default -> throw new IllegalArgumentException("not a settable field: " + field);
        };
        return handle.createUpdate("UPDATE persons SET " + column + " = :value, full_name = trim(regexp_replace("
                + "CASE WHEN :field = 'lastName' THEN :value ELSE last_name END || ' ' || "
                + "CASE WHEN :field = 'firstName' THEN :value ELSE first_name END || ' ' || "
                + "CASE WHEN :field = 'middleName' THEN :value ELSE middle_name END, '\\s+', ' ', 'g')),"
                + " updated_at = now() WHERE id = :id AND " + column + " IS DISTINCT FROM :value")
                .bind("value", value).bind("field", field).bind("id", personId).execute() == 1;
    }

    /** Records a consent given or withdrawn, purpose by purpose. */
    public void consent(Handle handle, UUID personId, String purpose, boolean granted, String source, Instant at) {
        consentAll(handle, List.of(new Consent(personId, purpose, granted, source, at)));
    }

    /**
     * Records several consents, in the order given, in the caller's transaction with one
     * statement (a lead's processing and marketing consents).
     */
    public void consents(Handle handle, UUID personId, java.util.Map<String, Boolean> granted, String source,
            Instant at) {
        if (!PURPOSES.containsAll(granted.keySet())) {
            throw new IllegalArgumentException("No consent purpose among " + granted.keySet());
        }
        if (granted.isEmpty()) {
            return;
        }
        handle.createUpdate("""
                INSERT INTO person_consents (person_id, purpose, granted, source, at)
                SELECT :person, c.purpose, c.granted, :source, :at
                FROM unnest(CAST(:purposes AS text[]), CAST(:granted AS boolean[])) WITH ORDINALITY AS c(purpose, granted, n)
                ORDER BY c.n""").bind("person", personId)
                .bindArray("purposes", String.class, granted.keySet().toArray())
                .bindArray("granted", Boolean.class, granted.values().toArray())
                .bind("source", blankIfNull(source)).bind("at", at).execute();
    }

    public void consent(UUID personId, String purpose, boolean granted, String source, Instant at, Locale locale) {
        if (!PURPOSES.contains(purpose)) {
            throw InvalidInputException.field("purpose", Messages.text(locale, "crm.person.consentPurpose"));
        }
        require(personId);
        jdbi.useHandle(handle -> consent(handle, personId, purpose, granted, source, at));
    }

    public Person require(UUID id) {
        return find(id).orElseThrow(() -> NotFoundException.localized("refusal.person.missing", String.valueOf(id)));
    }

    public Optional<Person> find(UUID id) {
        return jdbi.inTransaction(handle -> handle.createQuery("""
                SELECT p.*, p.first_touch::text AS first_touch_text, p.last_touch::text AS last_touch_text,
                       coalesce(m.email, '') AS manager_email
                FROM persons p LEFT JOIN accounts m ON m.id = p.manager_id WHERE p.id = :id""")
                .bind("id", id).map((rs, ctx) -> person(handle, rs)).findOne());
    }

    private static Person person(Handle handle, ResultSet rs) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        List<Person.Contact> contacts = handle.createQuery(
                "SELECT id, kind, value, source, created_at FROM person_contacts WHERE person_id = :id ORDER BY kind, id")
                .bind("id", id).map((r, c) -> new Person.Contact(r.getLong("id"), r.getString("kind"),
                        r.getString("value"), r.getString("source"), r.getTimestamp("created_at").toInstant())).list();
        List<Person.Consent> consents = handle.createQuery(
                "SELECT purpose, granted, source, at FROM person_consents WHERE person_id = :id ORDER BY at DESC, id DESC")
                .bind("id", id).map((r, c) -> new Person.Consent(r.getString("purpose"), r.getBoolean("granted"),
                        r.getString("source"), r.getTimestamp("at").toInstant())).list();
        List<Person.DeclarationLink> declarations = handle.createQuery("""
                SELECT d.id, d.number, pg.name AS program, d.status, d.submitted_at
                FROM person_declarations l JOIN declarations d ON d.id = l.declaration_id
                JOIN programs pg ON pg.id = d.program_id
                WHERE l.person_id = :id ORDER BY d.submitted_at DESC""")
                .bind("id", id).map((r, c) -> new Person.DeclarationLink(r.getObject("id", UUID.class),
                        r.getString("number"), r.getString("program"), r.getString("status"),
                        r.getTimestamp("submitted_at").toInstant())).list();
        List<UUID> accounts = handle.createQuery("SELECT account_id FROM person_accounts WHERE person_id = :id")
                .bind("id", id).mapTo(UUID.class).list();
        Array tags = rs.getArray("tags");
        return new Person(id, rs.getString("last_name"), rs.getString("first_name"), rs.getString("middle_name"),
                rs.getString("full_name"), rs.getObject("birth_date", LocalDate.class),
                tags == null ? List.of() : Arrays.asList((String[]) tags.getArray()),
                rs.getObject("manager_id", UUID.class), rs.getString("manager_email"), rs.getString("email"),
                rs.getString("phone"), rs.getString("stage"),
                rs.getTimestamp("stage_since") == null ? null : rs.getTimestamp("stage_since").toInstant(),
                blankIfNull(rs.getString("first_touch_text")), blankIfNull(rs.getString("last_touch_text")),
                rs.getTimestamp("created_at").toInstant(), contacts, consents, declarations, accounts);
    }

    /**
     * What a manager changes on the card; a null leaves the field as it is.
     *
     * @param tags comma-separated
     * @param manager the responsible staff member's email, blank for none
     */
    public record Changes(String lastName, String firstName, String middleName, String birthDate, String tags,
            String manager, String email, String phone) {
    }

    /** Applies a manager's changes; bad values are refused with a message per field, and nothing changes. */
    public void change(UUID id, Changes changes, Locale locale) {
        Person person = require(id);
        List<FieldProblem> problems = new ArrayList<>();
        LocalDate birth = person.birthDate();
        if (changes.birthDate() != null) {
            try {
                birth = changes.birthDate().isBlank() ? null : InputDates.date(changes.birthDate().strip());
                if (birth != null && (birth.isAfter(LocalDate.now()) || birth.getYear() < 1900)) {
                    problems.add(new FieldProblem("birthDate", Messages.text(locale, "crm.person.birthDate")));
                }
            } catch (DateTimeParseException e) {
                problems.add(new FieldProblem("birthDate", Messages.text(locale, "crm.person.birthDate")));
            }
        }
        Optional<String> email = Optional.empty();
        if (changes.email() != null && !changes.email().isBlank()) {
            email = Contacts.email(changes.email());
            if (email.isEmpty()) {
                problems.add(new FieldProblem("email", Messages.text(locale, "crm.person.email")));
            }
        }
        Optional<String> phone = Optional.empty();
        if (changes.phone() != null && !changes.phone().isBlank()) {
            phone = Contacts.phone(changes.phone());
            if (phone.isEmpty()) {
                problems.add(new FieldProblem("phone", Messages.text(locale, "crm.person.phone")));
            }
        }
        UUID manager = person.managerId();
        if (changes.manager() != null) {
            manager = changes.manager().isBlank() ? null : jdbi.withHandle(handle -> handle.createQuery(
                    "SELECT id FROM accounts WHERE lower(email) = lower(:email) AND role <> 'APPLICANT'")
                    .bind("email", changes.manager().strip()).mapTo(UUID.class).findOne().orElse(null));
            if (manager == null && !changes.manager().isBlank()) {
                problems.add(new FieldProblem("manager", Messages.text(locale, "crm.person.manager")));
            }
        }
        for (String field : List.of("lastName", "firstName", "middleName")) {
            String value = switch (field) {
                case "lastName" -> changes.lastName();
                case "firstName" -> changes.firstName();
                default -> changes.middleName();
            };
            if (value != null && value.length() > 200) {
                problems.add(new FieldProblem(field, Messages.text(locale, "crm.person.nameTooLong")));
            }
        }
        String newLast = changes.lastName() == null ? person.lastName() : changes.lastName().strip();
        String newFirst = changes.firstName() == null ? person.firstName() : changes.firstName().strip();
        // the card's title and every list show the person by name: clearing it would leave only an address
        if (newLast.isEmpty() && newFirst.isEmpty() && !(person.lastName().isBlank() && person.firstName().isBlank())) {
            problems.add(new FieldProblem("lastName", Messages.text(locale, "crm.person.nameRequired")));
        }
        List<String> tags = person.tags();
        if (changes.tags() != null) {
            tags = Arrays.stream(changes.tags().split(",")).map(String::strip).filter(tag -> !tag.isEmpty())
                    .distinct().toList();
            if (tags.stream().anyMatch(tag -> tag.length() > 50)) {
                problems.add(new FieldProblem("tags", Messages.text(locale, "crm.person.tagTooLong")));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.get(0).message(), problems);
        }
        String last = changes.lastName() == null ? person.lastName() : changes.lastName().strip();
        String first = changes.firstName() == null ? person.firstName() : changes.firstName().strip();
        String middle = changes.middleName() == null ? person.middleName() : changes.middleName().strip();
        LocalDate birthDate = birth;
        UUID managerId = manager;
        List<String> tagList = tags;
        Optional<String> newEmail = email;
        Optional<String> newPhone = phone;
        jdbi.useTransaction(handle -> {
            handle.createUpdate("""
                    UPDATE persons SET last_name = :last, first_name = :first, middle_name = :middle, full_name = :full,
                           birth_date = :birth, tags = CAST(:tags AS text[]), manager_id = :manager, updated_at = now()
                    WHERE id = :id""")
                    .bind("last", last).bind("first", first).bind("middle", middle)
                    .bind("full", new Record(last, first, middle, null, List.of(), List.of(), "").fullName())
                    .bind("birth", birthDate).bindArray("tags", String.class, tagList.toArray())
                    .bind("manager", managerId).bind("id", id).execute();
            newEmail.ifPresent(value -> addContact(handle, id, "EMAIL", value, locale));
            newPhone.ifPresent(value -> addContact(handle, id, "PHONE", value, locale));
        });
    }

    private static void addContact(Handle handle, UUID id, String kind, String value, Locale locale) {
        Optional<UUID> holder = handle.createQuery("SELECT person_id FROM person_contacts WHERE kind = :kind AND value = :value")
                .bind("kind", kind).bind("value", value).mapTo(UUID.class).findOne();
        if (holder.isPresent() && !holder.get().equals(id)) {
            throw InvalidInputException.field(kind.equals("EMAIL") ? "email" : "phone",
                    Messages.text(locale, "crm.person.contactTaken"));
        }
        addContacts(handle, id, kind, List.of(value), "manager");
        handle.createUpdate("UPDATE persons SET " + (kind.equals("EMAIL") ? "email" : "phone")
                + " = CASE WHEN " + (kind.equals("EMAIL") ? "email" : "phone") + " = '' THEN :value ELSE "
                + (kind.equals("EMAIL") ? "email" : "phone") + " END WHERE id = :id")
                .bind("value", value).bind("id", id).execute();
    }

    /** Removes a contact from a person; the person's main address falls back to another they have. */
    public void removeContact(UUID personId, long contactId) {
        jdbi.useTransaction(handle -> {
            int removed = handle.createUpdate("DELETE FROM person_contacts WHERE id = :id AND person_id = :person")
                    .bind("id", contactId).bind("person", personId).execute();
            if (removed == 0) {
                throw NotFoundException.localized("refusal.contact.missing", String.valueOf(contactId));
            }
            handle.createUpdate("""
                    UPDATE persons p SET
                        email = coalesce((SELECT value FROM person_contacts WHERE person_id = p.id AND kind = 'EMAIL'
                                          ORDER BY id LIMIT 1), ''),
                        phone = coalesce((SELECT value FROM person_contacts WHERE person_id = p.id AND kind = 'PHONE'
                                          ORDER BY id LIMIT 1), '')
                    WHERE id = :person""").bind("person", personId).execute();
        });
    }

    /**
     * The persons an erasure of this account takes: the account's, those holding one of its
     * addresses, and those its declarations were linked to.
     */
    public List<UUID> ofErasure(Handle handle, UUID accountId, Set<String> emails) {
        return handle.createQuery("""
                SELECT person_id FROM person_accounts WHERE account_id = :account
                UNION SELECT person_id FROM person_contacts WHERE kind = 'EMAIL' AND value = ANY(:emails)
                UNION SELECT l.person_id FROM person_declarations l JOIN declarations d ON d.id = l.declaration_id
                      WHERE d.account_id = :account""")
                .bind("account", accountId).bindArray("emails", String.class, normalized(emails).toArray())
                .mapTo(UUID.class).list();
    }

    private static List<String> normalized(Set<String> emails) {
        return emails.stream().flatMap(email -> Contacts.email(email).stream()).toList();
    }

    /**
     * Deletes the persons {@link #ofErasure} gave, with everything the CRM keeps of them, in the
     * caller's transaction.
     */
    public int erase(Handle handle, Set<String> emails, List<UUID> going) {
        // The learning record knows learners by email: the addresses erased and every address of the
        // persons going, whichever way they were found.
        handle.createUpdate("""
                DELETE FROM xapi_statements WHERE actor_email = ANY(:emails) OR actor_email IN (
                    SELECT value FROM person_contacts WHERE kind = 'EMAIL' AND person_id = ANY(:going))""")
                .bindArray("emails", String.class, normalized(emails).toArray())
                .bindArray("going", UUID.class, going.toArray()).execute();
        // Invoices and payments are kept for accounting: they lose the person (ON DELETE SET NULL) and
        // an invoice says its payer was erased. Everything else of the person goes with them (CASCADE).
        handle.createUpdate("UPDATE invoices SET payer_erased = true WHERE person_id = ANY(:going)")
                .bindArray("going", UUID.class, going.toArray()).execute();
        // Webhook deliveries copy the person's name and address into their bodies, sent or not.
        handle.createUpdate("""
                DELETE FROM webhook_deliveries WHERE (CAST(body AS jsonb) -> 'person' ->> 'id') = ANY(:going)
                    OR (CAST(body AS jsonb) -> 'data' ->> 'personId') = ANY(:going)""")
                .bindArray("going", String.class, going.stream().map(UUID::toString).toArray()).execute();
        return handle.createUpdate("DELETE FROM persons WHERE id = ANY(:going)")
                .bindArray("going", UUID.class, going.toArray()).execute();
    }

    private static String first(List<String> values) {
        return values.isEmpty() ? "" : values.get(0);
    }

    static String blankIfNull(String value) {
        return value == null ? "" : value;
    }
}
