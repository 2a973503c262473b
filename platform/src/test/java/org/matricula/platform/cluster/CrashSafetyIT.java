package org.matricula.platform.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.matricula.platform.cluster.CrashSetup.await;
import static org.matricula.platform.cluster.CrashSetup.count;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.matricula.platform.cluster.SubmissionLoad.Outcome;
import org.matricula.platform.cluster.SubmissionLoad.Result;
import org.matricula.platform.db.Database;
import org.matricula.platform.testing.PlatformProcess;
import org.matricula.platform.testing.TestPostgres;
import org.slf4j.LoggerFactory;

/**
 * The platform killed with SIGKILL in the middle of a submission rush while its outbox worker is
 * sending, then started again on the same database: every declaration answered with 201 is
 * there, an unanswered one is there whole or not at all, and each stored declaration's mail and
 * plugin event took effect exactly once.
 */
class CrashSafetyIT {

    private static final int CLIENTS = 8;
    private static final int WORKER_WARM = 10;
    private static final Path LOGS = Path.of("target", "crash-safety").toAbsolutePath();

    @Test
    void answeredDeclarationsSurviveAKillAndTheirMailsAndEventsHappenOnce() throws Exception {
        Logger greenMail = (Logger) LoggerFactory.getLogger("com.icegreen.greenmail");
        Level level = greenMail.getLevel();
        greenMail.setLevel(Level.WARN); // not a line per mail received
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        try {
            killDuringARushAndRestart(smtp);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + " (platform logs: " + LOGS + ")", e);
        } finally {
            smtp.stop();
            greenMail.setLevel(level);
        }
    }

    private void killDuringARushAndRestart(GreenMail smtp) throws Exception {
        CrashTimings timings = new CrashTimings();
        String url = TestPostgres.newDatabase();
        Path home = CrashSetup.home();
        Map<String, String> settings = CrashSetup.settings(url, smtp.getSmtp().getPort());
        int port = PlatformProcess.freePort();
        try (Database database = Database.connect(url, "postgres", "", CLIENTS + 2, new SimpleMeterRegistry(), null);
             PlatformProcess first = PlatformProcess.start(home, port, settings, LOGS.resolve("first.log"))) {
            Jdbi jdbi = database.jdbi();
            timings.mark("first start");
            CrashSetup.openProject(jdbi);
            SubmissionLoad load = new SubmissionLoad(jdbi, first.uri("/api/me/declarations?lang=en"),
                    CrashSetup.PROJECT, CrashSetup.PROGRAM);
            int killAfter = 80 + ThreadLocalRandom.current().nextInt(60);
            load.start(CLIENTS);
            // Killed with the worker carrying out entries, at a moment unrelated to where it is in one.
            await(() -> load.refused() || load.created() >= killAfter
                    && count(jdbi, "SELECT count(*) FROM outbox WHERE status = 'DONE'") >= WORKER_WARM,
                    Duration.ofSeconds(40), killAfter + " answered submissions and " + WORKER_WARM + " entries done");
            Thread.sleep(ThreadLocalRandom.current().nextInt(300));
            assertEquals(137, first.kill(), "exit code of a process killed by SIGKILL (128 + 9)");
            timings.mark("rush until the kill");
            List<Outcome> outcomes = load.awaitStopped(Duration.ofSeconds(20));
            OutboxAtKill atKill = OutboxAtKill.read(jdbi);

            try (PlatformProcess second = PlatformProcess.start(home, port, settings, LOGS.resolve("second.log"))) {
                timings.mark("restart");
                await(() -> count(jdbi, "SELECT count(*) FROM outbox WHERE status <> 'DONE'") == 0,
                        Duration.ofSeconds(45), "the outbox carried out after the restart");
                timings.mark("outbox drained");

                assertEquals(List.of(), only(outcomes, Result.REFUSED), "requests refused, or failed in the client");
                List<Outcome> created = only(outcomes, Result.CREATED);
                List<Outcome> unanswered = only(outcomes, Result.NO_ANSWER);
                CrashChecks checks = new CrashChecks(jdbi, CrashSetup.FAMILY);
                checks.answeredDeclarationsAreStored(created);
                checks.storedWholeOrNotAtAll();
                long storedUnanswered = unanswered.stream().filter(checks::stored).count();
                assertEquals(created.size() + storedUnanswered, count(jdbi, "SELECT count(*) FROM declarations"),
                        "declarations stored: the answered ones and the unanswered ones found");
                ExactlyOnceChecks once = new ExactlyOnceChecks(jdbi, atKill);
                String mails = once.mails(ReceivedMails.of(smtp.getReceivedMessages()));
                String events = once.events(CrashSetup.FAMILY);

                System.out.printf("Crash safety: killed after %d answered submissions (aimed at %d); %d unanswered: "
                        + "%d stored whole, %d not stored%n  %s%n  %s%n  %s%n  %s%n", created.size(), killAfter,
                        unanswered.size(), storedUnanswered, unanswered.size() - storedUnanswered, atKill, mails,
                        events, timings);
            }
        }
    }

    private static List<Outcome> only(List<Outcome> outcomes, Result result) {
        return outcomes.stream().filter(outcome -> outcome.result() == result).toList();
    }
}
