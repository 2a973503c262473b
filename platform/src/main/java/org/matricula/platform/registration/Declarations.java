package org.matricula.platform.registration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.NotFoundException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Year;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.matricula.api.CourseFamily;
import org.matricula.api.blocks.ApplicantCategory;
import org.matricula.api.event.DeclarationSubmitted;
import org.matricula.api.event.StatusChanged;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.Program;
import org.matricula.platform.catalog.Project;
import org.matricula.platform.http.InvalidInputException;
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

    /** Who applies: the account and the address it signed up with. */
    public record Applicant(UUID accountId, String email) {
    }

    /**
     * Checks and stores a declaration.
     *
     * @throws InvalidInputException with a message per field, or on the program when it is closed,
     *     full or already applied to by this account
     */
    public Declaration submit(Applicant applicant, Project project, String programCode, Map<String, String> values,
            Locale locale) {
        Program program = openProgram(project, programCode, locale);
        CourseFamily family = families.find(project.familyId()).orElseThrow(
                () -> new NotFoundException("The course family of this project is not available now"));
        Map<String, String> kept = families.check(family, program.code(), values, locale);
        try {
            return jdbi.inTransaction(handle -> store(handle, applicant, project, program, kept, locale));
        } catch (UnableToExecuteStatementException e) {
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
        Program program = catalog.programsOf(project.id()).stream()
                .filter(candidate -> candidate.code().equals(programCode) && candidate.active()).findFirst()
                .orElseThrow(() -> InvalidInputException.field("program",
                        Messages.text(locale, "registration.chooseProgramFromList")));
        if (!program.isOpen()) {
            throw full(locale);
        }
        return program;
    }

    private Declaration store(Handle handle, Applicant applicant, Project project, Program program,
            Map<String, String> values, Locale locale) {
        DeclarationDao dao = handle.attach(DeclarationDao.class);
        // Only limited programs count places: their row is locked while a place is taken, which is what
        // keeps them from overfilling; unlimited programs need no such queue.
        boolean placed = program.places() == null || dao.takePlace(program.id()).isPresent();
        if (!placed && !program.waitlist()) {
            throw full(locale);
        }
        Status status = placed ? Status.SUBMITTED : Status.WAITLISTED;
        UUID id = UUID.randomUUID();
        String number = Year.now(clock) + "-" + String.format("%06d", dao.nextNumber());
        String email = values.getOrDefault("email", applicant.email());
        dao.insert(id, number, applicant.accountId(), project.id(), program.id(), project.familyId(), status.name(),
                placed, json(values), fullName(values), email, values.getOrDefault(ApplicantCategory.FIELD, ""),
                organization(values), locale.getLanguage());
        dao.history(id, null, status.name(), "", applicant.accountId());
        Declaration declaration = dao.find(id).orElseThrow();
        events.publish(handle, new DeclarationSubmitted(UUID.randomUUID(), id, project.familyId(), number,
                project.slug(), program.code(), program.name(), email, values, clock.instant()));
        outbox.mail(handle, mails.submitted(declaration, locale));
        return declaration;
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
            Declaration current = dao.lock(id).orElseThrow(() -> new NotFoundException("No declaration " + id));
            if (!current.status().next().contains(to)) {
                throw InvalidInputException.field("status", Messages.text(locale, "registration.cannotBecome",
                        current.status().label().in(locale), to.label().in(locale),
                        current.status().next().stream().map(next -> next.label().in(locale)).sorted().toList()));
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
                move(handle, waiting, Status.SUBMITTED, "A place became free", null, true);
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
        if (!declaration.email().isBlank()) {
            // An erased applicant has no address left; the change is kept, the mail has nowhere to go.
            outbox.mail(handle, mails.statusChanged(declaration, to, note, declaration.locale()));
        }
    }

    /** The applicant withdraws their own declaration. */
    public Declaration withdraw(UUID accountId, UUID id, String comment) {
        Declaration declaration = own(accountId, id);
        if (!declaration.status().withdrawable()) {
            throw InvalidInputException.field("status", Messages.text(declaration.locale(), "registration.cannotWithdraw"));
        }
        return changeStatus(id, Status.WITHDRAWN, comment, accountId);
    }

    /** A declaration of this account; someone else's answers 404 like a missing one. */
    public Declaration own(UUID accountId, UUID id) {
        return find(id).filter(declaration -> declaration.accountId().equals(accountId))
                .orElseThrow(() -> new NotFoundException("No declaration " + id));
    }

    /** A declaration by id, for admins. */
    public Declaration require(UUID id) {
        return find(id).orElseThrow(() -> new NotFoundException("No declaration " + id));
    }

    public java.util.Optional<Declaration> find(UUID id) {
        return jdbi.withExtension(DeclarationDao.class, dao -> dao.find(id));
    }

    public List<Declaration> ofAccount(UUID accountId) {
        return jdbi.withExtension(DeclarationDao.class, dao -> dao.ofAccount(accountId));
    }

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
