package org.matricula.platform.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.matricula.platform.db.Database;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.testing.DurableCommits;
import org.matricula.platform.testing.RoundTripCounter;
import org.matricula.platform.testing.TestPostgres;

/** The outbox against real PostgreSQL and a real SMTP server. */
class OutboxWorkerIT {

    static Database database;
    static Jdbi jdbi;
    static Outbox outbox;
    static GreenMail smtp;
    static RoundTripCounter counter;

    @BeforeAll
    static void setUp() {
        counter = RoundTripCounter.in(TestPostgres.newDatabase());
        database = Database.connect(counter.jdbcUrl(), "postgres", "", 8, new SimpleMeterRegistry(), null);
        database.migrate();
        jdbi = database.jdbi();
        outbox = new Outbox(jdbi, JsonMapper.create());
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
    }

    @AfterAll
    static void tearDown() {
        smtp.stop();
        database.close();
        counter.close();
    }

    @BeforeEach
    void empty() throws Exception {
        jdbi.useHandle(h -> h.execute("TRUNCATE outbox, mail_log"));
        smtp.purgeEmailFromAllMailboxes();
    }

    @Test
    void aMailIsLoggedWithoutWaitingForTheDiskAndTheDoneMarkAfterItIsDurable() throws Exception {
        long id = outbox.enqueue(Outbox.MAIL, null, Map.of());
        OutboxItem item = new OutboxItem(id, Outbox.MAIL, null, "{}", UUID.randomUUID(), 0);
        MailMessage mail = new MailMessage("someone@example.org", "Subject", "Body", Map.of(), null);
        DurableCommits.on(jdbi, handle -> {
            handle.useTransaction(inside -> {
                MailSender.log(inside, List.of(new MailSender.Delivery(item, mail)), "KEPT");
                assertEquals("off", DurableCommits.setting(inside), "the log's own transaction");
            });
            MailSender.log(handle, List.of(new MailSender.Delivery(item, mail)), "KEPT");
            assertEquals("on", DurableCommits.setting(handle), "the statement after it, as the done mark");
        });
        int logged = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM mail_log WHERE outbox_id = :id")
                .bind("id", id).mapTo(Integer.class).one());
        assertEquals(1, logged, "logged once");
    }

    @Test
    void failingEntryIsRetriedWithBackoffUntilItSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        OutboxWorker worker = new OutboxWorker(jdbi, Map.of("test", item -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("receiver down");
            }
        }));
        long id = outbox.enqueue("test", null, Map.of("n", 1));

        assertEquals(1, worker.drain());
        assertEquals("PENDING", status(id));
        assertTrue(lastError(id).contains("receiver down"));
        assertEquals(0, worker.drain(), "not due again before its backoff");

        makeDue(id);
        worker.drain();
        makeDue(id);
        worker.drain();
        assertEquals(3, calls.get());
        assertEquals("DONE", status(id));
        worker.close();
    }

    @Test
    void entryGivesUpAfterMaxAttemptsAndCanBeRetriedByAnAdmin() {
        OutboxWorker worker = new OutboxWorker(jdbi, Map.of("test", item -> {
            throw new IllegalStateException("always");
        }));
        long id = outbox.enqueue("test", "someone", Map.of());
        for (int attempt = 0; attempt < OutboxWorker.MAX_ATTEMPTS; attempt++) {
            makeDue(id);
            worker.drain();
        }
        assertEquals("DEAD", status(id));
        makeDue(id);
        assertEquals(0, worker.drain(), "a dead entry is not picked up");
        assertTrue(worker.retry(id));
        assertEquals("PENDING", status(id));
        worker.close();
    }

    @Test
    void anEntryWhoseWorkerDiedMidWayIsDueAgainOnceTheLeaseRunsOut() throws InterruptedException {
        Duration lease = Duration.ofSeconds(2);
        OutboxWorker dying = new OutboxWorker(jdbi, Map.of("test", item -> {
            throw new ProcessDied();
        }), lease);
        long id = outbox.enqueue("test", null, Map.of("n", 1));
        assertThrows(ProcessDied.class, dying::drain);
        assertEquals("PENDING", status(id));

        List<Long> handled = new CopyOnWriteArrayList<>();
        OutboxWorker next = new OutboxWorker(jdbi, Map.of("test", item -> handled.add(item.id())), lease);
        assertEquals(0, next.drain(), "still leased to the worker that died");
        Thread.sleep(lease.toMillis() + 100);
        assertEquals(1, next.drain());
        assertEquals(List.of(id), handled);
        assertEquals("DONE", status(id));
    }

    @Test
    void aHandlerFailingWithAnErrorFailsItsEntriesAndTheWorkerGoesOn() {
        long failing = outbox.enqueue("test", null, Map.of("n", 1));
        OutboxWorker worker = new OutboxWorker(jdbi, Map.of("test", item -> {
            throw new AssertionError("a handler's own assertion");
        }, "other", item -> { }));
        long other = outbox.enqueue("other", null, Map.of("n", 2));
        assertEquals(2, worker.drain(), "no error escapes the worker");
        assertEquals("PENDING", status(failing));
        assertTrue(lastError(failing).contains("AssertionError: a handler's own assertion"), lastError(failing));
        assertEquals("DONE", status(other), "the other handler's entry is carried out");
    }

    /**
     * Stands for the process dying while it carries out an entry: nothing after it runs. The JVM
     * failing is the one failure a worker does not contain.
     */
    private static final class ProcessDied extends VirtualMachineError {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void aBatchIsMarkedDoneWithOneStatementAndAFailureInItHoldsNoOtherBack() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(outbox.enqueue("test", null, Map.of("n", i)));
        }
        long failing = ids.get(7);
        OutboxWorker worker = new OutboxWorker(jdbi, Map.of("test", item -> {
            if (item.id() == failing) {
                throw new IllegalStateException("receiver down");
            }
        }));
        long before = counter.roundTrips();
        assertEquals(20, worker.drain());
        long trips = counter.roundTrips() - before;
        // the claim, the failed entry's next attempt, the rest marked done; a batch not full is
        // not followed by another claim (an entry marked on its own made it 22)
        assertTrue(trips <= 4, trips + " round trips for a batch of 20");
        for (long id : ids) {
            assertEquals(id == failing ? "PENDING" : "DONE", status(id));
        }
        assertTrue(lastError(failing).contains("receiver down"));
        worker.close();
    }

    /** Entries queued while a batch not full is carried out wait for the next poll, to be taken with others. */
    @Test
    void aDrainClaimsAgainOnlyAfterAFullBatch() {
        for (int i = 0; i < 5; i++) {
            outbox.enqueue("test", null, Map.of("n", i));
        }
        AtomicInteger queuedMeanwhile = new AtomicInteger();
        OutboxWorker worker = new OutboxWorker(jdbi, Map.of("test", item -> {
            if (queuedMeanwhile.getAndIncrement() == 0) {
                outbox.enqueue("test", null, Map.of("n", "meanwhile"));
            }
        }));
        assertEquals(5, worker.drain(), "the five due when it looked");
        assertEquals(1L, (long) jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE status = 'PENDING'"
                + " AND payload ->> 'n' = 'meanwhile'").mapTo(Long.class).one()), "the one queued meanwhile waits");
        assertEquals(1, worker.drain(), "and is taken on the next poll");
        worker.close();
    }

    @Test
    void backoffDoublesAndIsCapped() {
        assertEquals(1, OutboxWorker.backoffSeconds(1));
        assertEquals(2, OutboxWorker.backoffSeconds(2));
        assertEquals(64, OutboxWorker.backoffSeconds(7));
        assertEquals(3600, OutboxWorker.backoffSeconds(40));
    }

    @Test
    void concurrentWorkersHandleEachEntryOnce() throws InterruptedException {
        List<String> handled = new CopyOnWriteArrayList<>();
        OutboxHandler record = item -> handled.add(item.payload());
        for (int i = 0; i < 200; i++) {
            outbox.enqueue("test", null, Map.of("n", i));
        }
        OutboxWorker first = new OutboxWorker(jdbi, Map.of("test", record));
        OutboxWorker second = new OutboxWorker(jdbi, Map.of("test", record));
        Thread a = new Thread(first::drain);
        Thread b = new Thread(second::drain);
        a.start();
        b.start();
        a.join();
        b.join();
        assertEquals(200, handled.size());
        assertEquals(200, handled.stream().distinct().count(), "no entry handled twice");
    }

    @Test
    void mailGoesOutOverSmtpAndIsLogged() throws Exception {
        MailSender sender = new MailSender(new MailSender.SmtpSettings("127.0.0.1", smtp.getSmtp().getPort(), "", "",
                false, "office@matricula.test"), jdbi, JsonMapper.create());
        OutboxWorker worker = new OutboxWorker(jdbi, Map.of(Outbox.MAIL, sender));
        jdbi.useTransaction(h -> outbox.mail(h, new MailMessage("ivan@example.org", "Заявление принято",
                "Здравствуйте, Иван!")));
        worker.drain();

        MimeMessage[] received = smtp.getReceivedMessages();
        assertEquals(1, received.length);
        assertEquals("Заявление принято", received[0].getSubject());
        assertTrue(received[0].getContent().toString().contains("Здравствуйте, Иван!"));
        String key = jdbi.withHandle(h -> h.createQuery("SELECT idempotency_key::text FROM outbox")
                .mapTo(String.class).one());
        assertEquals(key, received[0].getHeader("X-Matricula-Idempotency-Key")[0]);
        assertEquals("<" + key + "@matricula>", received[0].getMessageID(), "the same Message-ID at every send");
        assertEquals("SMTP", jdbi.withHandle(h -> h.createQuery("SELECT delivery FROM mail_log").mapTo(String.class)
                .one()));
        worker.close();
    }

    @Test
    void aBatchOfMailsGoesOutEachWithItsOwnMessageId() throws Exception {
        int before = smtp.getReceivedMessages().length;
        MailSender sender = new MailSender(new MailSender.SmtpSettings("127.0.0.1", smtp.getSmtp().getPort(), "", "",
                false, "office@matricula.test"), jdbi, JsonMapper.create());
        OutboxWorker worker = new OutboxWorker(jdbi, Map.of(Outbox.MAIL, sender));
        jdbi.useTransaction(h -> {
            for (int i = 0; i < 3; i++) {
                outbox.mail(h, new MailMessage("batch-" + i + "@example.org", "Письмо " + i, "Текст " + i));
            }
        });
        assertEquals(3, worker.drain());
        worker.close();
        MimeMessage[] received = smtp.getReceivedMessages();
        assertEquals(before + 3, received.length);
        List<String> keys = jdbi.withHandle(h -> h.createQuery("SELECT '<' || idempotency_key || '@matricula>' FROM outbox"
                + " ORDER BY id").mapTo(String.class).list());
        for (int i = 0; i < 3; i++) {
            MimeMessage mail = received[before + i];
            assertEquals("Письмо " + i, mail.getSubject());
            assertEquals("batch-" + i + "@example.org", mail.getAllRecipients()[0].toString());
            assertEquals(keys.get(i), mail.getMessageID());
        }
        assertEquals(3L, (long) jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM mail_log WHERE delivery = 'SMTP'")
                .mapTo(Long.class).one()));
    }

    /** Mails a batch had no time left for wait for their next attempt, so that no batch outlives its lease. */
    @Test
    void mailsPastTheBatchTimeWaitForTheNextAttempt() {
        int before = smtp.getReceivedMessages().length;
        MailSender sender = new MailSender(new MailSender.SmtpSettings("127.0.0.1", smtp.getSmtp().getPort(), "", "",
                false, "office@matricula.test"), jdbi, JsonMapper.create(), Duration.ofNanos(1));
        OutboxWorker worker = new OutboxWorker(jdbi, Map.of(Outbox.MAIL, sender));
        jdbi.useTransaction(h -> {
            for (int i = 0; i < 3; i++) {
                outbox.mail(h, new MailMessage("late-" + i + "@example.org", "Subject", "Body"));
            }
        });
        assertEquals(3, worker.drain());
        worker.close();
        assertEquals(before + 1, smtp.getReceivedMessages().length, "the first is always tried");
        assertEquals(2L, (long) jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE status = 'PENDING'"
                + " AND last_error LIKE '%time to send ran out%'").mapTo(Long.class).one()));
    }

    /**
     * A batch's mails go over one connection; an SMTP server that breaks off is tried once for the
     * whole batch, whose mails all wait for their next attempt, and none is logged.
     */
    @Test
    void aServerThatBreaksOffIsTriedOnceABatch() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (java.net.ServerSocket broken = new java.net.ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                while (!broken.isClosed()) {
                    try (java.net.Socket socket = broken.accept()) {
                        connections.incrementAndGet();
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            acceptor.start();
            MailSender sender = new MailSender(new MailSender.SmtpSettings("127.0.0.1", broken.getLocalPort(), "", "",
                    false, "office@matricula.test"), jdbi, JsonMapper.create());
            OutboxWorker worker = new OutboxWorker(jdbi, Map.of(Outbox.MAIL, sender));
            jdbi.useTransaction(h -> {
                for (int i = 0; i < 5; i++) {
                    outbox.mail(h, new MailMessage("down-" + i + "@example.org", "Subject", "Body"));
                }
            });
            assertEquals(5, worker.drain());
            worker.close();
            assertEquals(1, connections.get(), "one connection for the batch");
        }
        assertEquals(5L, (long) jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE status = 'PENDING'"
                + " AND attempts = 1 AND last_error IS NOT NULL").mapTo(Long.class).one()), "all five wait to be tried again");
        assertEquals(0L, (long) jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM mail_log").mapTo(Long.class)
                .one()));
    }

    @Test
    void withoutSmtpMailIsKeptInTheMailLog() {
        int before = smtp.getReceivedMessages().length;
        MailSender sender = new MailSender(new MailSender.SmtpSettings("", 25, "", "", false, "x@y.z"), jdbi,
                JsonMapper.create());
        OutboxWorker worker = new OutboxWorker(jdbi, Map.of(Outbox.MAIL, sender));
        jdbi.useTransaction(h -> outbox.mail(h, new MailMessage("a@b.c", "subject", "body")));
        worker.drain();
        assertEquals(before, smtp.getReceivedMessages().length);
        assertEquals("KEPT", jdbi.withHandle(h -> h.createQuery("SELECT delivery FROM mail_log WHERE recipient = 'a@b.c'")
                .mapTo(String.class).one()));
        worker.close();
    }

    @Test
    void enqueueRolledBackWithItsTransactionLeavesNothing() {
        try {
            jdbi.useTransaction(h -> {
                outbox.mail(h, new MailMessage("a@b.c", "s", "b"));
                throw new IllegalStateException("the causing change failed");
            });
        } catch (IllegalStateException expected) {
            // the point of the test
        }
        assertEquals(0L, (long) jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox").mapTo(Long.class).one()));
    }

    private static void makeDue(long id) {
        jdbi.useHandle(h -> h.execute("UPDATE outbox SET next_attempt_at = now() WHERE id = ?", id));
    }

    private static String status(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status FROM outbox WHERE id = :id").bind("id", id)
                .mapTo(String.class).one());
    }

    private static String lastError(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT last_error FROM outbox WHERE id = :id").bind("id", id)
                .mapTo(String.class).one());
    }
}
