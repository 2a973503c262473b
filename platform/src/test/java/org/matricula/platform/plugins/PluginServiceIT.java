package org.matricula.platform.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matricula.api.CourseFamily;
import org.matricula.api.PersonalDataHolder;
import org.matricula.platform.db.Database;
import org.matricula.platform.errors.BadRequestException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.plugins.fixtures.BundledFamily;
import org.matricula.platform.plugins.fixtures.ErringPlugin;
import org.matricula.platform.plugins.fixtures.FixtureFamily;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.plugins.fixtures.ImpossibleDigitsFamily;
import org.matricula.platform.plugins.fixtures.PluginErrors;
import org.matricula.platform.plugins.fixtures.ThrowingPlugin;
import org.matricula.platform.privacy.PersonalNotes;
import org.matricula.platform.testing.LogCapture;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.TestPluginContext;
import org.matricula.platform.testing.TestPostgres;

/** The plugin manager with real plugin JARs, over real PostgreSQL. */
class PluginServiceIT {

    static Database database;

    @TempDir
    Path home;
    Path pluginsDir;
    final List<PluginService> services = new ArrayList<>();

    @BeforeAll
    static void migrate() {
        database = Database.connect(TestPostgres.newDatabase(), "postgres", "", 10, new SimpleMeterRegistry(), null);
        database.migrate();
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @BeforeEach
    void folders() {
        pluginsDir = home.resolve("plugins");
    }

    @AfterEach
    void stopServices() {
        services.forEach(PluginService::close);
    }

    static PluginJar good(String id, String version) {
        return PluginJar.plugin(id, version).pluginClass(FixturePlugin.class).extension(FixtureFamily.class)
                .resource("db/migration/" + id + "/V1__notes.sql",
                        "CREATE TABLE notes (note text); INSERT INTO notes VALUES ('v1');");
    }

    static PluginJar goodV2(String id) {
        return good(id, "2.0.0").resource("db/migration/" + id + "/V2__more.sql", "INSERT INTO notes VALUES ('v2');");
    }

    PluginService service() {
        PluginService service = new PluginService(
                new PluginService.PluginSettings(pluginsDir, home.resolve("work"), Duration.ofMillis(100)), database,
                (id, loader) -> new TestPluginContext(id, Map.of(), new org.matricula.platform.db.SchemaDataSource(
                        database.dataSource(), id)),
                new SimpleMeterRegistry());
        services.add(service);
        service.start();
        return service;
    }

    @Test
    void goodPluginStartsAndItsExtensionGetsItsContextAndSchema() throws Exception {
        good("fixture-good", "1.0.0").writeTo(pluginsDir, "fixture-good.jar");
        PluginService service = service();

        PluginInfo info = only(service, "fixture-good");
        assertEquals("STARTED", info.state());
        assertEquals("1.0.0", info.version());
        CourseFamily family = service.extensions(CourseFamily.class).get(0);
        assertEquals("fixture-good", family.id(), "context passed into the extension constructor");
        assertEquals("v1", notes(family), "its migration ran in its own schema");
        assertEquals("fixture-good", service.pluginIdOf(family).orElseThrow());
    }

    @Test
    void eachBrokenPluginFailsWithItsReasonWhileTheGoodOneServes() {
        good("survivor", "1.0.0").writeTo(pluginsDir, "survivor.jar");
        good("too-new", "1.0.0").requires(">=2.0.0").writeTo(pluginsDir, "too-new.jar");
        PluginJar.plugin("start-throws", "1.0.0").pluginClass(ThrowingPlugin.class).writeTo(pluginsDir, "start-throws.jar");
        PluginJar.plugin("start-asserts", "1.0.0").pluginClass(ErringPlugin.class).withClass(PluginErrors.class)
                .writeTo(pluginsDir, "start-asserts.jar");
        PluginJar.plugin("bad-manifest", "1.0.0").brokenManifest().writeTo(pluginsDir, "bad-manifest.jar");
        PluginJar.plugin("no-extension-class", "1.0.0").pluginClass(FixturePlugin.class)
                .extensionName("org.example.Missing").writeTo(pluginsDir, "no-extension-class.jar");
        PluginJar.plugin("no-plugin-class", "1.0.0").pluginClassName("org.example.Absent")
                .writeTo(pluginsDir, "no-plugin-class.jar");
        good("orphan", "1.0.0").dependsOn("ghost@>=1.0.0").writeTo(pluginsDir, "orphan.jar");
        PluginJar.plugin("impossible-digits", "1.0.0").pluginClass(FixturePlugin.class)
                .extension(ImpossibleDigitsFamily.class).writeTo(pluginsDir, "impossible-digits.jar");

        PluginService service = service();

        assertEquals("STARTED", only(service, "survivor").state());
        assertFailed(service, "too-new", "requires plugin API >=2.0.0");
        assertFailed(service, "start-throws", "licence server unreachable");
        assertFailed(service, "start-asserts", "start failed: AssertionError: a contact id expected");
        assertFailed(service, "bad-manifest.jar", "manifest");
        assertFailed(service, "no-extension-class", "org.example.Missing");
        assertFailed(service, "no-plugin-class", "org.example.Absent");
        assertFailed(service, "orphan", "ghost");
        assertFailed(service, "impossible-digits", "digits(5, 3)");
        assertEquals(1, service.extensions(CourseFamily.class).size());
    }

    @Test
    void pluginDroppedIntoTheFolderGoesLiveWithinSeconds() {
        PluginService service = service();
        assertTrue(service.list().isEmpty());
        good("dropped", "1.0.0").writeTo(pluginsDir, "dropped.jar");
        awaitState(service, "dropped", "STARTED");
        assertEquals(1, service.extensions(CourseFamily.class).size());

        // and a deleted file is unloaded
        Path file = pluginsDir.resolve("dropped.jar");
        file.toFile().delete();
        Instant deadline = Instant.now().plusSeconds(10);
        while (!service.list().isEmpty() && Instant.now().isBefore(deadline)) {
            sleep(50);
        }
        assertTrue(service.list().isEmpty(), "unloaded after its file was deleted");
    }

    @Test
    void disabledPluginStaysDisabledAcrossRestartsAndKeepsItsData() throws Exception {
        good("switchable", "1.0.0").writeTo(pluginsDir, "switchable.jar");
        PluginService first = service();
        assertEquals("DISABLED", first.disable("switchable").state());
        assertTrue(first.extensions(CourseFamily.class).isEmpty(), "a disabled plugin's forms are gone");
        first.close();
        services.remove(first);

        PluginService second = service();
        assertEquals("DISABLED", only(second, "switchable").state(), "kept in the database");
        assertEquals("STARTED", second.enable("switchable").state());
        assertEquals("v1", notes(second.extensions(CourseFamily.class).get(0)), "data kept while disabled");
    }

    @Test
    void aPluginHoldingPersonalDataIsToldUnreachableWhenItFailsAfterARestartOrIsRemovedWhileItsSchemaStays()
            throws Exception {
        PluginJar keeper = PluginJar.plugin("keeper", "1.0.0").extension(PersonalNotes.class)
                .resource("db/migration/keeper/V1__notes.sql", "CREATE TABLE notes (number text, applicant text);");
        keeper.pluginClass(FixturePlugin.class).writeTo(pluginsDir, "keeper.jar");
        PluginService first = service();
        assertEquals("STARTED", only(first, "keeper").state());
        assertEquals(Map.of(), first.unreachableOffering(PersonalDataHolder.class));
        assertEquals("DISABLED", first.disable("keeper").state());
        assertEquals(Map.of("keeper", PluginService.Unreachable.DISABLED),
                first.unreachableOffering(PersonalDataHolder.class));
        assertEquals("STARTED", first.enable("keeper").state());
        first.close();
        services.remove(first);

        // after a restart it no longer starts: this run never saw it serve, the database remembers
        keeper.pluginClass(ThrowingPlugin.class).writeTo(pluginsDir, "keeper.jar");
        PluginService second = service();
        assertEquals("FAILED", only(second, "keeper").state());
        assertEquals(Map.of("keeper", PluginService.Unreachable.FAILED),
                second.unreachableOffering(PersonalDataHolder.class));
        assertFalse(second.unreachableOffering(CourseFamily.class).containsKey("keeper"), "it offered no family");

        second.remove("keeper");
        assertEquals(Map.of("keeper", PluginService.Unreachable.REMOVED),
                second.unreachableOffering(PersonalDataHolder.class), "its schema and data stay");
        database.jdbi().useHandle(h -> h.execute("DROP SCHEMA keeper CASCADE"));
        assertEquals(Map.of(), second.unreachableOffering(PersonalDataHolder.class), "nothing of it is left");
    }

    @Test
    void upgradeRunsOnlyTheNewMigration() throws Exception {
        good("upgraded", "1.0.0").writeTo(pluginsDir, "upgraded.jar");
        PluginService service = service();

        PluginInfo upgraded = service.install("upgraded-2.jar", jar(goodV2("upgraded"))).plugin();
        assertEquals("2.0.0", upgraded.version());
        assertEquals("STARTED", upgraded.state());
        assertEquals("v1,v2", notes(service.extensions(CourseFamily.class).get(0)), "V1 not run again");
        assertEquals(List.of("1", "2"), database.jdbi().withHandle(h -> h.createQuery(
                "SELECT version FROM \"upgraded\".flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank")
                .mapTo(String.class).list()));
        assertEquals(1, Files.list(pluginsDir).count(), "the upload replaced the old file");
    }

    @Test
    void failedUpgradeRestoresThePreviousVersion() throws Exception {
        good("steady", "1.0.0").writeTo(pluginsDir, "steady.jar");
        PluginService service = service();

        PluginJar brokenMigration = good("steady", "3.0.0")
                .resource("db/migration/steady/V2__broken.sql", "ALTER TABLE no_such_table ADD x int;");
        PluginInfo afterMigrationFailure = service.install("steady.jar", jar(brokenMigration)).plugin();
        assertEquals("STARTED", afterMigrationFailure.state());
        assertEquals("1.0.0", afterMigrationFailure.version());
        assertTrue(afterMigrationFailure.lastError().contains("rolled back"), afterMigrationFailure.lastError());
        assertEquals("v1", notes(service.extensions(CourseFamily.class).get(0)), "previous version serves");

        PluginJar throwingStart = PluginJar.plugin("steady", "4.0.0").pluginClass(ThrowingPlugin.class);
        PluginInfo afterStartFailure = service.install("steady.jar", jar(throwingStart)).plugin();
        assertEquals("1.0.0", afterStartFailure.version());
        assertTrue(afterStartFailure.lastError().contains("licence server unreachable"), afterStartFailure.lastError());
        assertEquals(1, service.extensions(CourseFamily.class).size());
    }

    @Test
    void anUpgradeRolledBackStaysRolledBackAfterARestart() throws Exception {
        Path steadyJar = good("steady", "1.1.0").writeTo(pluginsDir, "steady.jar");
        String goodChecksum = PluginFiles.sha256(steadyJar);
        PluginService first = service();

        PluginInfo rolledBack = first.install("steady.jar", jar(brokenMigration("steady", "1.2.0"))).plugin();
        assertEquals("1.1.0", rolledBack.version());
        assertEquals("STARTED", rolledBack.state());
        assertEquals(goodChecksum, PluginFiles.sha256(steadyJar), "the running version's file is back in plugins/");
        Path refused = pluginsDir.resolve("refused");
        assertTrue(Files.isRegularFile(refused.resolve("steady.jar")), "the failed upgrade is kept aside");
        assertTrue(Files.readString(refused.resolve("steady.jar.reason")).contains(rolledBack.lastError()));
        restart(first);

        PluginService second = service();
        PluginInfo afterRestart = only(second, "steady");
        assertEquals("STARTED", afterRestart.state());
        assertEquals("1.1.0", afterRestart.version());
        assertEquals(1, second.list().size(), "the refused file is not tried again: " + second.list());
        assertEquals("v1", notes(second.extensions(CourseFamily.class).get(0)));
    }

    @Test
    void anUpgradeDroppedNextToTheRunningFileIsMovedAsideWhenItFails() throws Exception {
        good("dropped-next", "1.1.0").writeTo(pluginsDir, "dropped-next-1.1.0.jar");
        PluginService first = service();

        brokenMigration("dropped-next", "1.2.0").writeTo(pluginsDir, "dropped-next-1.2.0.jar");
        Instant deadline = Instant.now().plusSeconds(10);
        while (only(first, "dropped-next").lastError() == null && Instant.now().isBefore(deadline)) {
            sleep(50);
        }
        assertTrue(only(first, "dropped-next").lastError().contains("rolled back"), only(first, "dropped-next").toString());
        assertTrue(Files.notExists(pluginsDir.resolve("dropped-next-1.2.0.jar")));
        assertTrue(Files.isRegularFile(pluginsDir.resolve("refused/dropped-next-1.2.0.jar")));
        restart(first);

        PluginService second = service();
        assertEquals("1.1.0", only(second, "dropped-next").version());
        assertEquals("STARTED", only(second, "dropped-next").state());
    }

    @Test
    void twoFilesWithOneIdAreBothRefusedWhateverTheirNames() throws Exception {
        good("twin", "1.0.0").writeTo(pluginsDir, "b-twin.jar");
        goodV2("twin").writeTo(pluginsDir, "a-twin.jar");
        PluginService first = service();

        List<PluginInfo> twins = first.list();
        assertEquals(2, twins.size(), twins.toString());
        for (PluginInfo twin : twins) {
            assertEquals("FAILED", twin.state());
            assertTrue(twin.failureReason().contains("a-twin.jar") && twin.failureReason().contains("b-twin.jar"),
                    twin.failureReason());
        }
        assertTrue(first.extensions(CourseFamily.class).isEmpty(), "neither wins");
        assertTrue(Files.isRegularFile(pluginsDir.resolve("refused/a-twin.jar.reason")));
        assertTrue(Files.isRegularFile(pluginsDir.resolve("refused/b-twin.jar.reason")));
        restart(first);

        assertTrue(service().list().isEmpty(), "refused files are not retried at the next start");
    }

    @Test
    void migrationsOutsideThePluginIdsFolderAreRefusedNamingBoth() {
        PluginJar.plugin("renamed", "1.0.0").pluginClass(FixturePlugin.class).extension(FixtureFamily.class)
                .resource("db/migration/old-name/V1__notes.sql", "CREATE TABLE notes (note text);")
                .writeTo(pluginsDir, "renamed.jar");
        PluginService service = service();

        assertFailed(service, "renamed", "db/migration/renamed/");
        assertFailed(service, "renamed", "db/migration/old-name/");
        assertTrue(service.extensions(CourseFamily.class).isEmpty());
        assertTrue(Files.isRegularFile(pluginsDir.resolve("refused/renamed.jar")));
    }

    @Test
    void aFailedMigrationIsOneLogLineWithTheReasonTheAdminSees() throws Exception {
        good("logged", "1.1.0").writeTo(pluginsDir, "logged.jar");
        PluginService service = service();

        List<ILoggingEvent> events;
        PluginInfo rolledBack;
        try (LogCapture capture = LogCapture.start()) {
            rolledBack = service.install("logged.jar", jar(brokenMigration("logged", "1.2.0"))).plugin();
            events = capture.atLeast(Level.WARN);
        }
        assertEquals(1, events.size(), events.toString());
        String line = events.get(0).getFormattedMessage();
        assertTrue(line.contains("logged") && line.contains("1.2.0") && line.contains("migration")
                && line.contains("no_such_table"), line);
        assertTrue(line.contains(rolledBack.lastError()), line + " / " + rolledBack.lastError());
        assertFalse(line.contains("\n") || line.contains("file:"), line);
        assertNull(events.get(0).getThrowableProxy(), "the trace is for DEBUG");

        try (LogCapture capture = LogCapture.start()) {
            service.install("logged.jar", jar(PluginJar.plugin("logged", "1.3.0").pluginClass(ThrowingPlugin.class)));
            events = capture.atLeast(Level.WARN);
        }
        assertEquals(1, events.size(), "a plugin whose start throws: " + events);
        assertNull(events.get(0).getThrowableProxy());
    }

    @Test
    void aDisabledVersionIsNotSaidToKeepServing() throws Exception {
        good("resting", "1.1.0").writeTo(pluginsDir, "resting.jar");
        PluginService service = service();
        service.disable("resting");

        List<ILoggingEvent> events;
        try (LogCapture capture = LogCapture.start()) {
            service.install("resting.jar", jar(good("resting", "1.2.0").requires(">=9.0.0")));
            events = capture.atLeast(Level.INFO);
        }
        assertEquals("DISABLED", only(service, "resting").state());
        assertTrue(events.stream().noneMatch(event -> event.getFormattedMessage().contains("keeps serving")),
                events.toString());
    }

    @Test
    void aRolledBackUpgradeOfAFileNamedOtherwiseIsAnsweredForThePluginId() {
        good("language-school", "1.1.0").writeTo(pluginsDir, "language-school-1.1.0.jar");
        PluginService service = service();

        PluginService.Installation installation = service.install("language-school.jar",
                jar(brokenMigration("language-school", "1.2.0")));
        assertFalse(installation.took());
        assertTrue(installation.upgrade());
        assertEquals("1.2.0", installation.version());
        assertTrue(installation.refusal().contains("rolled back") && installation.refusal().contains("no_such_table"),
                installation.refusal());
        assertEquals("1.1.0", installation.plugin().version(), "the running version is what is listed");
        assertEquals("STARTED", installation.plugin().state());
        assertEquals(List.of("language-school"), service.list().stream().map(PluginInfo::id).toList());

        PluginService.Installation upgraded = service.install("language-school.jar", jar(goodV2("language-school")));
        assertTrue(upgraded.took() && upgraded.upgrade(), upgraded.toString());
        assertEquals("2.0.0", upgraded.plugin().version());
        assertTrue(Files.notExists(pluginsDir.resolve("language-school-1.1.0.jar")), "the old file is replaced");
    }

    @Test
    void aNewPluginThatCannotRunIsRefusedAndItsEntryCanBeRemoved() {
        PluginService service = service();

        PluginService.Installation installation = service.install("lang-school.jar",
                jar(PluginJar.plugin("lang-school", "1.0.0").pluginClass(FixturePlugin.class)
                        .resource("db/migration/language-school/V1__notes.sql", "CREATE TABLE notes (note text);")));
        assertFalse(installation.took());
        assertFalse(installation.upgrade());
        assertEquals("FAILED", installation.plugin().state());
        assertTrue(installation.refusal().contains("db/migration/lang-school/"), installation.refusal());

        service.remove("lang-school");
        assertTrue(service.list().isEmpty(), "forgotten: " + service.list());
        assertTrue(Files.isRegularFile(pluginsDir.resolve("refused/lang-school.jar")), "kept for inspection");
        assertThrows(NotFoundException.class, () -> service.remove("lang-school"));
    }

    @Test
    void eachRefusedUploadKeepsItsFileAndReason() throws Exception {
        good("kept-reasons", "1.0.0").writeTo(pluginsDir, "kept-reasons.jar");
        PluginService service = service();

        String first = service.install("kept-reasons.jar", jar(brokenMigration("kept-reasons", "1.1.0"))).refusal();
        String second = service.install("kept-reasons.jar",
                jar(PluginJar.plugin("kept-reasons", "1.2.0").pluginClass(ThrowingPlugin.class))).refusal();
        String third = service.install("kept-reasons.jar",
                jar(PluginJar.plugin("kept-reasons", "1.2.0").pluginClass(ThrowingPlugin.class).requires(">=9.0.0")))
                .refusal();

        Path refused = pluginsDir.resolve("refused");
        List<String> reasons = new ArrayList<>();
        try (var files = Files.list(refused)) {
            for (Path reason : files.filter(file -> file.toString().endsWith(".reason")).sorted().toList()) {
                assertTrue(Files.isRegularFile(Path.of(reason.toString().replaceFirst("\\.reason$", ""))), reason.toString());
                reasons.add(Files.readString(reason).strip());
            }
        }
        assertEquals(3, reasons.size(), reasons.toString());
        assertTrue(reasons.containsAll(List.of(first, second, third)), reasons + " / " + List.of(first, second, third));
        assertTrue(Files.isRegularFile(refused.resolve("kept-reasons-1.2.0.jar")), "named with its version when taken");
        assertEquals("1.0.0", only(service, "kept-reasons").version());
    }

    @Test
    void aLowerVersionIsRefusedAndTheHigherKeepsServing() throws Exception {
        goodV2("no-downgrade").writeTo(pluginsDir, "no-downgrade.jar");
        PluginService service = service();

        PluginService.Installation installation = service.install("no-downgrade.jar", jar(good("no-downgrade", "1.0.0")));
        assertFalse(installation.took());
        assertTrue(installation.refusal().contains("lower"), installation.refusal());
        assertEquals("2.0.0", only(service, "no-downgrade").version());
        assertEquals("STARTED", only(service, "no-downgrade").state());
        assertEquals("v1,v2", notes(service.extensions(CourseFamily.class).get(0)));
    }

    @Test
    void aPluginThatStartsIsNoLongerListedForItsRefusedFiles() throws Exception {
        good("twin", "1.0.0").writeTo(pluginsDir, "b-twin.jar");
        goodV2("twin").writeTo(pluginsDir, "a-twin.jar");
        PluginService service = service();
        assertEquals(2, service.list().size(), service.list().toString());

        Files.move(pluginsDir.resolve("refused/a-twin.jar"), pluginsDir.resolve("a-twin.jar"));
        awaitState(service, "twin", "STARTED");
        assertEquals(1, service.list().size(), "no stale FAILED twin: " + service.list());
        assertEquals("2.0.0", only(service, "twin").version());
    }

    @Test
    void aBundleThatIsNotUtf8IsNamedInTheReason() {
        PluginJar.plugin("bad-bundle", "1.0.0").pluginClass(FixturePlugin.class).extension(BundledFamily.class)
                .resource("i18n/bad-bundle/messages_ru.properties",
                        "family.title=Семейство\n".getBytes(java.nio.charset.Charset.forName("windows-1251")))
                .writeTo(pluginsDir, "bad-bundle.jar");
        PluginService service = service();

        assertFailed(service, "bad-bundle", "messages_ru.properties is not UTF-8 text");
    }

    private static PluginJar brokenMigration(String id, String version) {
        return good(id, version).resource("db/migration/" + id + "/V2__broken.sql", "ALTER TABLE no_such_table ADD x int;");
    }

    private void restart(PluginService service) {
        service.close();
        services.remove(service);
    }

    @Test
    void replacingTheFileWithGarbageNeverBreaksTheRunningPlugin() throws Exception {
        good("robust", "1.0.0").writeTo(pluginsDir, "robust.jar");
        PluginService service = service();
        CourseFamily family = service.extensions(CourseFamily.class).get(0);

        Files.writeString(pluginsDir.resolve("robust.jar"), "this is not a jar any more");
        awaitState(service, "robust.jar", "FAILED");
        assertEquals("STARTED", only(service, "robust").state(), "runs from its private copy");
        assertEquals("v1", notes(family));
        assertNotNull(family.form().field("email").orElse(null), "classes still load");
    }

    @Test
    void reloadRestartsAndRemoveDeletesTheFileButKeepsTheSchema() {
        good("removable", "1.0.0").writeTo(pluginsDir, "removable.jar");
        PluginService service = service();
        assertEquals("STARTED", service.reload("removable").state());

        service.remove("removable");
        assertTrue(service.list().isEmpty());
        assertTrue(Files.notExists(pluginsDir.resolve("removable.jar")));
        assertEquals(1L, (long) database.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM \"removable\".notes").mapTo(Long.class).one()));
        assertThrows(NotFoundException.class, () -> service.enable("removable"));
    }

    @Test
    void uploadsThatAreNotPluginsAreRefusedAndChangeNothing() {
        good("kept", "1.0.0").writeTo(pluginsDir, "kept.jar");
        PluginService service = service();
        List<PluginInfo> before = service.list();

        BadRequestException notJar = assertThrows(BadRequestException.class,
                () -> service.install("evil.jar", new ByteArrayInputStream("hello".getBytes())));
        assertTrue(notJar.getMessage().contains("not a readable JAR"), notJar.getMessage());
        assertThrows(BadRequestException.class, () -> service.install("../../etc/passwd", jar(good("x", "1.0.0"))));
        assertThrows(BadRequestException.class,
                () -> service.install("nomanifest.jar", jar(PluginJar.plugin("x", "1").brokenManifest())));
        assertThrows(BadRequestException.class, () -> service.install("empty.jar", InputStream.nullInputStream()));
        assertEquals(before, service.list());
    }

    private InputStream jar(PluginJar jar) {
        try {
            Path file = jar.writeTo(home.resolve("uploads"), "upload-" + System.nanoTime() + ".jar");
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String notes(CourseFamily family) throws Exception {
        return (String) family.getClass().getMethod("notes").invoke(family);
    }

    private static PluginInfo only(PluginService service, String id) {
        return service.list().stream().filter(info -> info.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " not listed: " + service.list()));
    }

    private static void assertFailed(PluginService service, String id, String reasonPart) {
        PluginInfo info = only(service, id);
        assertEquals("FAILED", info.state(), info.toString());
        assertTrue(info.failureReason().contains(reasonPart), id + ": " + info.failureReason());
    }

    private static void awaitState(PluginService service, String id, String state) {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            if (service.list().stream().anyMatch(info -> info.id().equals(id) && info.state().equals(state))) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError(id + " not " + state + " within 10 s: " + service.list());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
