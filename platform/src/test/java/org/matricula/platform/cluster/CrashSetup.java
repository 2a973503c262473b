package org.matricula.platform.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.Program;
import org.matricula.platform.catalog.ProgramInput;
import org.matricula.platform.catalog.Project;
import org.matricula.platform.catalog.ProjectInput;
import org.matricula.platform.plugins.fixtures.FixtureFamily;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.plugins.fixtures.IdempotentListener;
import org.matricula.platform.testing.PluginJar;

/** The installation, configuration and catalog the crash test runs its platform with. */
final class CrashSetup {

    static final String FAMILY = "crash";
    static final String PROJECT = "rush";
    static final String PROGRAM = "physics";

    private CrashSetup() {
    }

    /** An installation folder with the test family's plugin, whose listener records events once by id. */
    static Path home() throws IOException {
        Path home = Files.createTempDirectory("matricula-crash");
        PluginJar.plugin(FAMILY, "1.0.0").pluginClass(FixturePlugin.class).extension(FixtureFamily.class)
                .extension(IdempotentListener.class)
                .resource("db/migration/" + FAMILY + "/V1__deliveries.sql", """
                        CREATE TABLE deliveries (event_id uuid PRIMARY KEY, number text NOT NULL);
                        CREATE TABLE calls (call bigserial PRIMARY KEY, event_id uuid NOT NULL);""")
                .writeTo(home.resolve("plugins"), FAMILY + ".jar");
        return home;
    }

    /** Mail to the test's SMTP server, a busy outbox worker, and a lease short enough to wait out. */
    static Map<String, String> settings(String databaseUrl, int smtpPort) {
        return Map.of("db.url", databaseUrl, "db.user", "postgres", "mail.smtp.host", "127.0.0.1",
                "mail.smtp.port", Integer.toString(smtpPort), "outbox.poll-interval", "50ms", "outbox.lease", "2s",
                "plugins.scan-interval", "1s");
    }

    static void openProject(Jdbi jdbi) {
        Catalog catalog = new Catalog(jdbi, id -> true);
        Project project = catalog.createProject(new ProjectInput(PROJECT, "Наплыв", "", FAMILY, true, "", ""));
        Program program = catalog.createProgram(new ProgramInput(PROGRAM, "Физика", "", true, "", false));
        catalog.link(project.id(), program.id());
    }

    static int count(Jdbi jdbi, String query) {
        return jdbi.withHandle(h -> h.createQuery(query).mapTo(Integer.class).one());
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
