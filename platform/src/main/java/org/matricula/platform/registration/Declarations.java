package org.matricula.platform.registration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Year;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.matricula.api.CourseFamily;
import org.matricula.api.blocks.ApplicantCategory;
import org.matricula.api.event.StatusChanged;
import org.matricula.platform.accounts.Profiles;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.Program;
import org.matricula.platform.catalog.Project;
import org.matricula.platform.db.DatabaseException;
import org.matricula.platform.db.NamedStatement;
import org.matricula.platform.db.PlainJdbc;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.families.Families;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.notify.Outbox;
import org.matricula.platform.notify.PluginEvents;

/**
 * Submitting declarations and moving them through their statuses. Each change is stored in one
 * transaction with its history, its outbox events and mails, and with the program's place count,
 * so that parallel submissions never overfill a program.
 */
public final class Declarations {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;
    private final Catalog catalog;
    private final Families families;
    private final PluginEvents events;
    private final Outbox outbox;
    private final DeclarationMails mails;
    private final Clock clock;
    private volatile EnrolmentCondition enrolment = EnrolmentCondition.NONE;
    private volatile SubmissionTerms terms = SubmissionTerms.NONE;

    public Declarations(Jdbi jdbi, Catalog catalog, Families families, PluginEvents events, Outbox outbox,
            String baseUrl, Clock clock) {
        this.jdbi = jdbi;
        this.catalog = catalog;
        this.families = families;
        this.events = events;
        this.outbox = outbox;
        this.mails = new DeclarationMails(baseUrl);
        this.clock = clock;
    }

    /**
     * Who applies: the account, the address it signed up with, whether that address is confirmed
     * (an applicant confirms it before the first declaration, see README, "Accounts"), and whether
     * the account is staff's, filling the form in for someone (its mails then go to the address
     * typed into it, see {@link DeclarationMails}).
     */
    public record Applicant(UUID accountId, String email, boolean verified, boolean staff) {

        /** An applicant's account whose address is known to be confirmed (sample data, tools). */
        public Applicant(UUID accountId, String email) {
            this(accountId, email, true, false);
        }
    }

    /** What else must hold before a declaration is enrolled (see {@link EnrolmentCondition}). */
    public void requireForEnrolment(EnrolmentCondition condition) {
        this.enrolment = condition;
    }

    /** What the form also asks for: the public offer accepted, an enrolment code (see {@link SubmissionTerms}). */
    public void takeTerms(SubmissionTerms terms) {
        this.terms = terms;
    }

    public SubmissionTerms terms() {
        return terms;
    }

    /**
     * Beside the form's values: whether the applicant ticked "I accept the public offer", and the
     * enrolment code they entered (empty when none).
     */
    public record Agreement(boolean offerAccepted, String enrolmentCode) {

        public static final Agreement NONE = new Agreement(false, "");

        public Agreement {
            enrolmentCode = enrolmentCode == null ? "" : enrolmentCode.strip();
        }
    }

    /** The field of the offer's tick box and of the enrolment code, on the form and in the JSON API. */
    public static final String ACCEPT_OFFER = "acceptOffer";
    public static final String ENROLMENT_CODE = "enrolmentCode";

    /** As {@link #submit(Applicant, Project, String, Map, Locale, Agreement)} with nothing agreed to. */
    public Declaration submit(Applicant applicant, Project project, String programCode, Map<String, String> values,
            Locale locale) {
        return submit(applicant, project, programCode, values, locale, Agreement.NONE);
    }

    /**
     * Checks and stores a declaration. For a program that requires the public offer accepted, or
     * with an enrolment code given, the acceptance and the seat are stored in the same transaction
     * (see {@link SubmissionTerms}); for any other program the submission is the one statement.
     *
     * @throws InvalidInputException with a message per field, or on the program when it is closed,
     *     full or already applied to by this account
     */
    public Declaration submit(Applicant applicant, Project project, String programCode, Map<String, String> values,
            Locale locale, Agreement agreement) {
        if (!applicant.verified()) {
            throw new Conflict(Messages.text(locale, "registration.verifyFirst"));
        }
        Program program = openProgram(project, programCode, locale);
        CourseFamily family = families.find(project.familyId()).orElseThrow(
                () -> NotFoundException.localized("refusal.family.notLive"));
        SubmissionTerms agreed = terms;
        boolean offer = agreed.requiresOffer(program.id());
        Problem.FieldProblem unaccepted = offer && !agreement.offerAccepted()
                ? new Problem.FieldProblem(ACCEPT_OFFER, Messages.text(locale, "apply.offer.required")) : null;
        Map<String, String> kept;
        try {
            kept = families.check(family, program.code(), values, locale);
        } catch (InvalidInputException invalid) {
            if (unaccepted == null) {
                throw invalid;
            }
            List<Problem.FieldProblem> problems = new ArrayList<>(invalid.errors());
            problems.add(unaccepted);
            throw new InvalidInputException(invalid.getMessage(), problems);
        }
        if (unaccepted != null) {
            throw InvalidInputException.field(ACCEPT_OFFER, unaccepted.message());
        }
        try {
            String version = families.versionOf(family);
            if (!offer && agreement.enrolmentCode().isEmpty()) {
                return PlainJdbc.run(jdbi, "Cannot store the declaration",
                        connection -> store(connection, applicant, project, program, version, kept, locale));
            }
            return jdbi.inTransaction(handle -> {
                Declaration stored = PlainJdbc.on(handle, "Cannot store the declaration",
                        connection -> store(connection, applicant, project, program, version, kept, locale));
                agreed.store(handle, applicant.accountId(), stored.id(), program.id(), offer,
                        agreement.enrolmentCode(), locale);
                return stored;
            });
        } catch (UnableToExecuteStatementException | DatabaseException e) {
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                throw InvalidInputException.field("program", Messages.text(locale, "registration.alreadyApplied"));
            }
            throw e;
        }
    }

    private Program openProgram(Project project, String programCode, Locale locale) {
        if (!project.acceptsOn(LocalDate.now(clock))) {
            throw InvalidInputException.field("program", Messages.text(locale, "registration.projectClosed"));
        }
        // As kept in memory: its place count may be behind, but the submission itself decides on places.
        Program program = catalog.offeredPrograms(project.id()).stream()
                .filter(candidate -> candidate.code().equals(programCode) && candidate.active()).findFirst()
                .orElseThrow(() -> InvalidInputException.field("program",
                        Messages.text(locale, "registration.chooseProgramFromList")));
        return program;
    }

    /**
     * The whole submission as one statement, so that it costs one round trip to PostgreSQL and,
     * run in autocommit, no separate commit: a place (limited programs only), the number, the
     * declaration, its history row and its outbox entries. The entries hold only the declaration's
     * id; the outbox worker renders the mail and the plugin events from the stored declaration.
     * Only a limited program's row is updated, and so locked until the commit: that queue is what
     * keeps it from overfilling. A full program without a waitlist stores nothing.
     */
    private static final String SUBMIT = """
            WITH place AS (
                UPDATE programs SET taken = taken + 1
                WHERE id = :programId AND places IS NOT NULL AND taken < places
                RETURNING id
            ), decision AS (
                SELECT CASE WHEN p.places IS NULL OR EXISTS (SELECT FROM place) THEN 'SUBMITTED'
                            WHEN p.waitlist THEN 'WAITLISTED' END AS status
                FROM programs p WHERE p.id = :programId
            ), stored AS (
                INSERT INTO declarations (id, number, account_id, project_id, program_id, family_id, family_version,
                                          status, holds_place, values, full_name, email, category, organization, locale,
                                          filled_in_by_staff)
                SELECT :id, :year || '-' || lpad(n::text, greatest(6, length(n::text)), '0'), :accountId,
                       :projectId, :programId, :familyId, :familyVersion, decision.status, decision.status = 'SUBMITTED',
                       CAST(:values AS jsonb), :fullName, :email, :category, :organization, :locale,
                       :filledInByStaff
                FROM decision, nextval('declaration_numbers') AS n
                WHERE decision.status IS NOT NULL
                RETURNING id, number, status, holds_place, submitted_at, updated_at
            ), history AS (
                INSERT INTO declaration_history (declaration_id, from_status, to_status, comment, actor_id)
                SELECT id, NULL, status, '', :accountId FROM stored
            ), effects AS (
                INSERT INTO outbox (kind, target, payload)
                SELECT effect.kind, effect.target, jsonb_build_object('type', 'submitted', 'declarationId', stored.id)
                FROM stored, (SELECT :mailKind AS kind, CAST(NULL AS text) AS target
                              UNION ALL
                              SELECT :eventKind, unnest(CAST(:eventTargets AS text[]))) effect
            )
            SELECT number, status, holds_place, submitted_at, updated_at FROM stored""";
    /** Run on every submission: through plain JDBC, as Jdbi's statement set-up cost as much CPU as the exchange. */
    private static final NamedStatement SUBMISSION = NamedStatement.of(SUBMIT);

    private Declaration store(Connection connection, Applicant applicant, Project project, Program program,
            String familyVersion, Map<String, String> values, Locale locale) throws SQLException {
        UUID id = UUID.randomUUID();
        String email = values.getOrDefault("email", applicant.email());
        String fullName = fullName(values);
        String category = values.getOrDefault(ApplicantCategory.FIELD, "");
        String organization = organization(values);
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("id", id);
        parameters.put("year", Year.now(clock).toString());
        parameters.put("accountId", applicant.accountId());
        parameters.put("filledInByStaff", applicant.staff());
        parameters.put("projectId", project.id());
        parameters.put("programId", program.id());
        parameters.put("familyId", project.familyId());
        parameters.put("familyVersion", familyVersion.isEmpty() ? null : familyVersion);
        parameters.put("values", json(values));
        parameters.put("fullName", fullName);
        parameters.put("email", email);
        parameters.put("category", category);
        parameters.put("organization", organization);
        parameters.put("locale", locale.getLanguage());
        parameters.put("mailKind", Outbox.MAIL);
        parameters.put("eventKind", Outbox.EVENT);
        parameters.put("eventTargets", events.targets(project.familyId()).toArray(String[]::new));
        try (PreparedStatement statement = SUBMISSION.prepare(connection, parameters);
                ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                throw full(locale);
            }
            return new Declaration(id, rs.getString("number"), applicant.accountId(), project.id(),
                    project.name(), project.slug(), program.id(), program.code(), program.name(),
                    project.familyId(), Status.valueOf(rs.getString("status")), rs.getBoolean("holds_place"),
                    values, fullName, email, category, organization, Locale.forLanguageTag(locale.getLanguage()),
                    rs.getTimestamp("submitted_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
        }
    }

    /**
     * Moves a declaration to another status. A place it gave back goes to the longest-waiting
     * declaration of the same program.
     */
    public Declaration changeStatus(UUID id, Status to, String comment, UUID actor) {
        return changeStatus(id, to, comment, actor, Messages.RUSSIAN);
    }

    /** As {@link #changeStatus(UUID, Status, String, UUID)}; a refusal is told in {@code locale}. */
    public Declaration changeStatus(UUID id, Status to, String comment, UUID actor, Locale locale) {
        return jdbi.inTransaction(handle -> {
            DeclarationDao dao = handle.attach(DeclarationDao.class);
            Declaration current = dao.lock(id).orElseThrow(() -> NotFoundException.localized("refusal.declaration.missing", id));
            if (!current.status().next().contains(to)) {
                throw InvalidInputException.field("status", Messages.text(locale, "registration.cannotBecome",
                        current.status().label().in(locale), to.label().in(locale),
                        current.status().next().stream().map(next -> next.label().in(locale)).sorted().toList()));
            }
            if (to == Status.ENROLLED) {
                enrolment.unmet(id, current.programId(), locale).ifPresent(refusal -> {
                    throw InvalidInputException.field("status", refusal);
                });
            }
            move(handle, current, to, comment, actor, to.releasesPlace() ? false : current.holdsPlace());
            if (to.releasesPlace() && current.holdsPlace()) {
                dao.releasePlace(current.programId());
                promoteWaiting(handle, current.programId());
            }
            return dao.find(id).orElseThrow();
        });
    }

    private void promoteWaiting(Handle handle, long programId) {
        DeclarationDao dao = handle.attach(DeclarationDao.class);
        dao.firstWaiting(programId).ifPresent(waiting -> {
            if (dao.takePlace(programId).isPresent()) {
                // In the waiting applicant's language: the note goes into their mail and their history.
                move(handle, waiting, Status.SUBMITTED, Messages.text(waiting.locale(), "registration.placeBecameFree"),
                        null, true);
            }
        });
    }

    private void move(Handle handle, Declaration declaration, Status to, String comment, UUID actor,
            boolean holdsPlace) {
        DeclarationDao dao = handle.attach(DeclarationDao.class);
        String note = comment == null ? "" : comment.strip();
        dao.setStatus(declaration.id(), to.name(), holdsPlace);
        dao.history(declaration.id(), declaration.status().name(), to.name(), note, actor);
        events.publish(handle, new StatusChanged(UUID.randomUUID(), declaration.id(), declaration.familyId(),
                declaration.number(), declaration.programCode(), declaration.email(), declaration.status().forPlugins(),
                to.forPlugins(), note, clock.instant()));
        String recipient = dao.mailRecipient(declaration.id());
        if (recipient != null) {
            // An erased applicant has no address left; the change is kept, the mail has nowhere to go.
            outbox.mail(handle, mails.statusChanged(declaration, recipient, to, note, declaration.locale()));
        }
    }

    /** The applicant withdraws their own declaration. */
    public Declaration withdraw(UUID accountId, UUID id, String comment) {
        return withdraw(accountId, id, comment, Messages.RUSSIAN);
    }

    /**
     * As {@link #withdraw(UUID, UUID, String)}; a refusal is told in {@code locale}, the language of
     * the one reading it, which need not be the one the declaration was made in.
     */
    public Declaration withdraw(UUID accountId, UUID id, String comment, Locale locale) {
        Declaration declaration = own(accountId, id);
        if (!declaration.status().withdrawable()) {
            throw InvalidInputException.field("status", Messages.text(locale, "registration.cannotWithdraw"));
        }
        return changeStatus(id, Status.WITHDRAWN, comment, accountId, locale);
    }

    /** A declaration of this account; someone else's answers 404 like a missing one. */
    public Declaration own(UUID accountId, UUID id) {
        return find(id).filter(declaration -> declaration.accountId().equals(accountId))
                .orElseThrow(() -> NotFoundException.localized("refusal.declaration.missing", id));
    }

    /** A declaration by id, for admins. */
    public Declaration require(UUID id) {
        return find(id).orElseThrow(() -> NotFoundException.localized("refusal.declaration.missing", id));
    }

    public java.util.Optional<Declaration> find(UUID id) {
        return jdbi.withExtension(DeclarationDao.class, dao -> dao.find(id));
    }

    public List<Declaration> ofAccount(UUID accountId) {
        return jdbi.withExtension(DeclarationDao.class, dao -> dao.ofAccount(accountId));
    }

    /** A live (not withdrawn) declaration of an account for a program: its id and number. */
    public record Applied(UUID id, String number) {
    }

    /**
     * The account's live declarations in one project by program id, the latest if there are
     * several: what the form page needs to leave those programs out. One plain query of three
     * columns, no DAO to attach.
     */
    public Map<Long, Applied> appliedIn(UUID accountId, long projectId) {
        return onForm(accountId, projectId).applied();
    }

    /** What the form of a project shows an applicant: their saved profile, and the programs they applied to. */
    public record OnForm(Map<String, String> profile, Map<Long, Applied> applied) {
    }

    /** The applicant's profile and live declarations in a project, in one round trip (the form is read often). */
    public OnForm onForm(UUID accountId, long projectId) {
        // every form view: plain JDBC on the handle's connection, as the session's query
        return PlainJdbc.run(jdbi, "Cannot read the applicant's profile and declarations", connection -> {
            try (PreparedStatement query = connection.prepareStatement(ON_FORM)) {
                query.setLong(1, projectId);
                query.setObject(2, accountId);
                Map<Long, Applied> applied = new HashMap<>();
                String profile = null;
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        UUID declaration = rows.getObject("id", UUID.class);
                        if (declaration != null) {
                            applied.putIfAbsent(rows.getLong("program_id"),
                                    new Applied(declaration, rows.getString("number")));
                        }
                        profile = rows.getString("profile");
                    }
                }
                return new OnForm(Profiles.parse(profile == null ? "{}" : profile), applied);
            }
        });
    }

    private static final String ON_FORM = """
            SELECT a.profile::text AS profile, d.program_id, d.id, d.number
            FROM accounts a LEFT JOIN declarations d ON d.account_id = a.id AND d.project_id = ?
                                                     AND d.status <> 'WITHDRAWN'
            WHERE a.id = ?
            ORDER BY d.submitted_at DESC""";

    public List<HistoryEntry> history(UUID id) {
        return jdbi.withExtension(DeclarationDao.class, dao -> dao.history(id));
    }

    private static InvalidInputException full(Locale locale) {
        return InvalidInputException.field("program", Messages.text(locale, "registration.noPlacesLeft"));
    }

    /** Where the applicant comes from, for coordinators' scopes: their employer, or else their university. */
    static String organization(Map<String, String> values) {
        String employer = values.getOrDefault("organization", "").strip();
        return employer.isEmpty() ? values.getOrDefault("university", "").strip() : employer;
    }

    static String fullName(Map<String, String> values) {
        return String.join(" ", values.getOrDefault("lastName", ""), values.getOrDefault("firstName", ""),
                values.getOrDefault("middleName", "")).strip().replaceAll("\\s+", " ");
    }

    private static String json(Map<String, String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Form values are strings and always serialise", e);
        }
    }
}
