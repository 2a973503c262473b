package org.matricula.platform.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.Program;
import org.matricula.platform.catalog.ProgramInput;
import org.matricula.platform.catalog.Project;
import org.matricula.platform.catalog.ProjectInput;
import org.matricula.platform.db.Database;
import org.matricula.platform.db.SchemaDataSource;
import org.matricula.platform.families.Families;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.notify.MailSender;
import org.matricula.platform.notify.Outbox;
import org.matricula.platform.notify.OutboxWorker;
import org.matricula.platform.notify.PluginEvents;
import org.matricula.platform.plugins.PluginService;
import org.matricula.platform.plugins.fixtures.FixtureFamily;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.plugins.fixtures.RecordingListener;
import org.matricula.platform.testing.ExecutedStatements;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.TestPluginContext;
import org.matricula.platform.testing.TestPostgres;

/** Submitting declarations and changing their statuses over real PostgreSQL, capacity included. */
class DeclarationsIT {

    @TempDir
    static Path home;
    static Database database;
    static PluginService plugins;
    static Catalog catalog;
    static Declarations declarations;
    static PluginEvents events;
    static Project project;

    @BeforeAll
    static void start() {
        database = Database.connect(TestPostgres.newDatabase(), "postgres", "", 30, new SimpleMeterRegistry(), null);
        database.migrate();
        PluginJar.plugin("courses", "1.0.0").pluginClass(FixturePlugin.class).extension(FixtureFamily.class)
                .extension(RecordingListener.class)
                .resource("db/migration/courses/V1__notes.sql", "CREATE TABLE notes (note text);"
                        + " CREATE TABLE deliveries (delivery bigserial PRIMARY KEY, event_id uuid, number text);")
                .writeTo(home.resolve("plugins"), "courses.jar");
        plugins = new PluginService(new PluginService.PluginSettings(home.resolve("plugins"), home.resolve("work"),
                Duration.ofSeconds(60)), database,
                (id, loader) -> new TestPluginContext(id, Map.of(), new SchemaDataSource(database.dataSource(), id)),
                new SimpleMeterRegistry());
        plugins.start();
        Families families = new Families(plugins);
        catalog = new Catalog(database.jdbi(), id -> families.find(id).isPresent());
        Outbox outbox = new Outbox(database.jdbi(), JsonMapper.create());
        events = new PluginEvents(plugins, outbox, JsonMapper.create());
        declarations = new Declarations(database.jdbi(), catalog, families, events, outbox, "http://matricula.test",
                Clock.systemUTC());
        project = catalog.createProject(new ProjectInput("evening", "Вечерние курсы", "", "courses", true, "", ""));
    }

    @AfterAll
    static void stop() {
        plugins.close();
        database.close();
    }

    @Test
    void submissionIsStoredWithItsHistoryAndMailInOneGo() {
        Program program = program("storage", "10", false);
        Declarations.Applicant applicant = applicant();
        Declaration stored = declarations.submit(applicant, project, "storage", valid(), Locale.ENGLISH);

        assertEquals(Status.SUBMITTED, stored.status());
        assertTrue(stored.number().matches("\\d{4}-\\d{6}"), stored.number());
        assertEquals("+7 912 345-67-89", stored.values().get("phone"));
        assertEquals(1, declarations.history(stored.id()).size());
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE kind = 'mail' AND payload->>'declarationId' = '"
                + stored.id() + "'"));
        assertEquals(1, catalog.program(program.id()).taken());

        try (OutboxWorker worker = keptMailsWorker()) {
            worker.drain();
        }
        assertEquals(1, count("SELECT count(*) FROM mail_log WHERE recipient = '" + applicant.email()
                + "' AND subject LIKE '%" + stored.number() + "%' AND body LIKE '%/office/declarations/" + stored.id()
                + "%'"), "the confirmation mail, written from the stored declaration");
    }

    /**
     * The worker makes a batch's confirmation mails and plugin events from their declarations read
     * with one statement, and logs the mails with another: four statements for twenty submissions,
     * where each took five (the declaration read twice, the mail logged, and the batch's claim and
     * mark shared by twenty entries).
     */
    @Test
    void theMailsAndEventsOfManySubmissionsAreMadeFromOneReadOfTheirDeclarations() {
        program("many-mails", "", false);
        try (OutboxWorker worker = keptMailsWorker()) {
            worker.drain();
            List<Declaration> submitted = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                submitted.add(declarations.submit(applicant(), project, "many-mails", valid(), Locale.ENGLISH));
            }
            List<String> statements = ExecutedStatements.during(database.jdbi(),
                    () -> assertEquals(40, worker.drain(), "a mail and an event each"));
            // the claim, the declarations, the mail log, the done mark; the plugin writes on its own
            assertEquals(4, statements.size(), String.join("\n", statements));
            for (Declaration declaration : submitted) {
                assertEquals(1, count("SELECT count(*) FROM mail_log WHERE subject LIKE '%" + declaration.number()
                        + "%' AND body LIKE '%/office/declarations/" + declaration.id() + "%'"), declaration.number());
                assertEquals(1, count("SELECT count(*) FROM courses.deliveries WHERE number = '" + declaration.number()
                        + "'"), "the plugin's event of " + declaration.number());
            }
        }
    }

    @Test
    void invalidSubmissionStoresNothing() {
        program("nothing", "", false);
        int before = count("SELECT count(*) FROM declarations");
        InvalidInputException invalid = assertThrows(InvalidInputException.class, () -> declarations.submit(
                applicant(), project, "nothing", Map.of("email", "broken"), Locale.ENGLISH));
        assertTrue(invalid.errors().stream().anyMatch(error -> error.field().equals("email")));
        assertEquals(before, count("SELECT count(*) FROM declarations"));
    }

    @Test
    void secondDeclarationToTheSameProgramIsRefusedUntilTheFirstIsWithdrawn() {
        program("twice", "", false);
        Declarations.Applicant applicant = applicant();
        Declaration first = declarations.submit(applicant, project, "twice", valid(), Locale.ENGLISH);
        InvalidInputException again = assertThrows(InvalidInputException.class,
                () -> declarations.submit(applicant, project, "twice", valid(), Locale.ENGLISH));
        assertTrue(again.errors().get(0).message().contains("already applied"), again.errors().toString());

        declarations.withdraw(applicant.accountId(), first.id(), "changed my mind");
        assertEquals(Status.SUBMITTED,
                declarations.submit(applicant, project, "twice", valid(), Locale.ENGLISH).status());
    }

    @Test
    void parallelSubmissionsNeverOverfillAProgram() throws Exception {
        Program program = program("crowded", "5", false);
        List<Callable<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Declarations.Applicant applicant = applicant();
            attempts.add(() -> {
                try {
                    declarations.submit(applicant, project, "crowded", valid(), Locale.ENGLISH);
                    return true;
                } catch (InvalidInputException full) {
                    return false;
                }
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(20);
        long accepted = 0;
        for (Future<Boolean> result : pool.invokeAll(attempts)) {
            accepted += result.get() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(5, accepted);
        assertEquals(5, count("SELECT count(*) FROM declarations WHERE program_id = " + program.id()));
        assertEquals(5, catalog.program(program.id()).taken());
    }

    @Test
    void fullProgramWithAWaitlistQueuesAndPromotesWhenAPlaceFrees() throws Exception {
        Program program = program("queued", "2", true);
        List<Declarations.Applicant> applicants = new ArrayList<>();
        List<Declaration> made = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            applicants.add(applicant());
            made.add(declarations.submit(applicants.get(i), project, "queued", valid(), Locale.ENGLISH));
            Thread.sleep(5);
        }
        assertEquals(List.of(Status.SUBMITTED, Status.SUBMITTED, Status.WAITLISTED, Status.WAITLISTED),
                made.stream().map(Declaration::status).toList());

        declarations.changeStatus(made.get(0).id(), Status.REJECTED, "no prerequisites", null);
        assertEquals(Status.SUBMITTED, declarations.find(made.get(2).id()).orElseThrow().status());
        assertEquals(Status.WAITLISTED, declarations.find(made.get(3).id()).orElseThrow().status());
        assertEquals(2, catalog.program(program.id()).taken());
        List<HistoryEntry> promoted = declarations.history(made.get(2).id());
        assertEquals(Status.SUBMITTED, promoted.get(promoted.size() - 1).to());
    }

    /**
     * Every mail about a declaration — its confirmation (waitlisted here), the move off the
     * waitlist, the withdrawal — goes to the account's confirmed address; the address typed into
     * the form stays the declaration's data and is never mailed.
     */
    @Test
    void mailsAboutADeclarationGoToItsAccountNotToTheAddressTypedIntoTheForm() {
        program("relay", "1", true);
        Declaration holder = declarations.submit(applicant(), project, "relay", valid(), Locale.ENGLISH);
        Declarations.Applicant sender = applicant();
        String typed = "stranger-" + UUID.randomUUID() + "@example.org";
        Declaration waiting = declarations.submit(sender, project, "relay",
                Map.of("email", typed, "phone", "+7 912 345-67-89"),
                Locale.ENGLISH);
        assertEquals(Status.WAITLISTED, waiting.status());
        assertEquals(typed, waiting.email());

        declarations.changeStatus(holder.id(), Status.REJECTED, "", null);
        declarations.withdraw(sender.accountId(), waiting.id(), "");
        try (OutboxWorker worker = keptMailsWorker()) {
            worker.drain();
        }

        assertEquals(0, count("SELECT count(*) FROM mail_log WHERE lower(recipient) = '" + typed + "'"));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE kind = 'mail' AND payload->>'to' = '" + typed + "'"));
        assertEquals(3, count("SELECT count(*) FROM mail_log WHERE recipient = '" + sender.email()
                + "' AND subject LIKE '%" + waiting.number() + "%'"), "received, off the waitlist, withdrawn");
        assertEquals(typed, declarations.find(waiting.id()).orElseThrow().email(), "the typed address is kept as data");
    }

    /** An erased applicant's declarations go on being worked on, and nobody is mailed about them. */
    @Test
    void anErasedApplicantIsMailedNothingAboutTheirDeclarations() {
        program("erased", "", false);
        Declarations.Applicant applicant = applicant();
        Declaration declaration = declarations.submit(applicant, project, "erased", valid(), Locale.ENGLISH);
        database.jdbi().useHandle(handle -> {
            handle.execute("UPDATE accounts SET email = ?, erased_at = now() WHERE id = ?",
                    "erased-" + UUID.randomUUID() + "@erased.invalid", applicant.accountId());
            handle.execute("UPDATE declarations SET email = '', full_name = '', anonymized_at = now() WHERE id = ?",
                    declaration.id());
        });
        declarations.changeStatus(declaration.id(), Status.ACCEPTED, "", null);
        try (OutboxWorker worker = keptMailsWorker()) {
            worker.drain();
        }
        assertEquals(0, count("SELECT count(*) FROM mail_log WHERE subject LIKE '%" + declaration.number() + "%'"));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE kind = 'mail' AND payload->>'subject' LIKE '%"
                + declaration.number() + "%'"));
    }

    /** A declaration anonymized by the retention job mails nobody, though its account lives on. */
    @Test
    void anAnonymizedDeclarationIsMailedAboutToNobody() {
        program("anonymized", "", false);
        Declarations.Applicant applicant = applicant();
        Declaration declaration = declarations.submit(applicant, project, "anonymized", valid(), Locale.ENGLISH);
        database.jdbi().useHandle(handle -> handle.execute(
                "UPDATE declarations SET email = '', full_name = '', anonymized_at = now() WHERE id = ?",
                declaration.id()));
        declarations.changeStatus(declaration.id(), Status.ACCEPTED, "", null);
        try (OutboxWorker worker = keptMailsWorker()) {
            worker.drain();
        }
        assertEquals(0, count("SELECT count(*) FROM mail_log WHERE recipient = '" + applicant.email() + "'"));
    }

    @Test
    void limitingAProgramLaterCountsTheDeclarationsItAlreadyHas() {
        Program open = program("later", "", false);
        declarations.submit(applicant(), project, "later", valid(), Locale.ENGLISH);
        declarations.submit(applicant(), project, "later", valid(), Locale.ENGLISH);
        Program limited = catalog.updateProgram(open.id(), new ProgramInput("later", "Программа later", "", true, "2",
                false));
        assertEquals(2, limited.taken());
        assertTrue(limited.isFull());
        assertThrows(InvalidInputException.class,
                () -> declarations.submit(applicant(), project, "later", valid(), Locale.ENGLISH));
    }

    @Test
    void fullProgramWithoutWaitlistRefusesWithAClearMessage() {
        program("tiny", "1", false);
        declarations.submit(applicant(), project, "tiny", valid(), Locale.ENGLISH);
        InvalidInputException full = assertThrows(InvalidInputException.class,
                () -> declarations.submit(applicant(), project, "tiny", valid(), new Locale("ru")));
        assertEquals("Места на этой программе закончились", full.errors().get(0).message());
    }

    @Test
    void statusWorkflowAllowsOnlyItsSteps() {
        program("flow", "", false);
        Declaration declaration = declarations.submit(applicant(), project, "flow", valid(), Locale.ENGLISH);
        assertThrows(InvalidInputException.class,
                () -> declarations.changeStatus(declaration.id(), Status.ENROLLED, "", null));
        declarations.changeStatus(declaration.id(), Status.ACCEPTED, "documents fine", null);
        Declaration enrolled = declarations.changeStatus(declaration.id(), Status.ENROLLED, "welcome", null);
        assertEquals(Status.ENROLLED, enrolled.status());
        List<HistoryEntry> history = declarations.history(declaration.id());
        assertEquals(List.of(Status.SUBMITTED, Status.ACCEPTED, Status.ENROLLED),
                history.stream().map(HistoryEntry::to).toList());
        assertEquals("welcome", history.get(2).comment());
        assertEquals(3, count("SELECT count(*) FROM outbox WHERE kind = 'mail' AND (payload->>'subject' LIKE '%"
                + declaration.number() + "%' OR payload->>'declarationId' = '" + declaration.id() + "')"),
                "a mail on submission and on each change");
    }

    @Test
    void someoneElsesDeclarationLooksMissing() {
        program("private", "", false);
        Declaration mine = declarations.submit(applicant(), project, "private", valid(), Locale.ENGLISH);
        UUID stranger = applicant().accountId();
        assertThrows(org.matricula.platform.errors.NotFoundException.class, () -> declarations.own(stranger, mine.id()));
        assertThrows(org.matricula.platform.errors.NotFoundException.class, () -> declarations.withdraw(stranger, mine.id(), ""));
        assertNotEquals(Status.WITHDRAWN, declarations.find(mine.id()).orElseThrow().status());
    }

    private static Program program(String code, String places, boolean waitlist) {
        Program program = catalog.createProgram(new ProgramInput(code, "Программа " + code, "", true, places,
                waitlist));
        catalog.link(project.id(), program.id());
        return program;
    }

    /**
     * An outbox worker writing the submissions' mails and events as the platform does, keeping the
     * mails in the mail log.
     */
    private static OutboxWorker keptMailsWorker() {
        MailSender keptMails = new MailSender(new MailSender.SmtpSettings("", 25, "", "", false, "matricula@test"),
                database.jdbi(), JsonMapper.create());
        return new OutboxWorker(database.jdbi(),
                new SubmissionEffects(database.jdbi(), "http://matricula.test").handlers(keptMails, events));
    }

    private static Declarations.Applicant applicant() {
        String email = "applicant-" + UUID.randomUUID() + "@example.org";
        UUID id = database.jdbi().withHandle(handle -> handle.createQuery(
                "INSERT INTO accounts (email, password_hash) VALUES (:email, 'unused') RETURNING id")
                .bind("email", email).mapTo(UUID.class).one());
        return new Declarations.Applicant(id, email);
    }

    private static Map<String, String> valid() {
        return Map.of("email", "ivan@example.org", "phone", "+7 912 345-67-89");
    }

    private static int count(String sql) {
        return database.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
    }
}
