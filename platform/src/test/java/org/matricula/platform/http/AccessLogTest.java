package org.matricula.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.matricula.platform.testing.Eventually;
import org.slf4j.LoggerFactory;

/** Requests queue their lines without waking the writer; no line is lost, however full or late. */
class AccessLogTest {

    private static final Duration NEVER = Duration.ofHours(1);

    private final Logger access = (Logger) LoggerFactory.getLogger("matricula.access");
    private final ListAppender<ILoggingEvent> written = new ListAppender<>();

    @BeforeEach
    void listen() {
        written.start();
        access.addAppender(written);
    }

    @AfterEach
    void stopListening() {
        access.detachAppender(written);
    }

    @Test
    void linesQueuedBetweenWakeUpsWaitForTheNextAndAreWrittenInTheirOrder() throws Exception {
        AccessLog log = asleep(new AccessLog(8192, NEVER));
        IntStream.range(0, 1000).forEach(i -> log.request("r" + i, "GET", "/health/live", 200, 1));
        Thread.sleep(200);
        assertEquals(List.of(), ids(), "no request woke the writer");
        assertEquals(1, log.wakeUps());

        log.close();
        assertEquals(IntStream.range(0, 1000).mapToObj(i -> "r" + i).toList(), ids());
        assertEquals(List.of("access-log"), written.list.stream().map(ILoggingEvent::getThreadName).distinct().toList());
    }

    @Test
    void aRequestFindingTheQueueFullWritesItsOwnLine() throws Exception {
        AccessLog log = asleep(new AccessLog(4, NEVER));
        IntStream.range(0, 10).forEach(i -> log.request("r" + i, "POST", "/api/v1/me/declarations", 201, 9));
        assertEquals(List.of("r4", "r5", "r6", "r7", "r8", "r9"), ids(), "written at once by the request");
        assertEquals(Thread.currentThread().getName(), written.list.get(0).getThreadName());

        log.close();
        assertEquals(10, ids().size());
        assertEquals(List.of("r0", "r1", "r2", "r3"), ids().subList(6, 10), "the queued ones at the stop");
    }

    @Test
    void aLineQueuedAfterTheLastRoundIsWrittenAllTheSame() {
        AccessLog log = new AccessLog(8192, Duration.ofMillis(10));
        log.close();
        log.request("late", "GET", "/catalog", 200, 3);
        assertEquals(List.of("late"), ids());
    }

    @Test
    void theWriterWritesWhatQueuedWhenItWakes() {
        AccessLog log = new AccessLog(8192, Duration.ofMillis(20));
        try {
            log.request("soon", "GET", "/catalog", 200, 3);
            Eventually.holds("the line written without a stop", Duration.ofSeconds(5), () -> ids().equals(List.of("soon")));
        } finally {
            log.close();
        }
    }

    /** The log once its writer has made its first round and sleeps. */
    private static AccessLog asleep(AccessLog log) throws InterruptedException {
        Eventually.holds("the writer's first round", Duration.ofSeconds(5), () -> log.wakeUps() == 1);
        Thread.sleep(50);
        return log;
    }

    private List<String> ids() {
        synchronized (written) { // as the appender appends
            return written.list.stream().map(line -> line.getMDCPropertyMap().get(RequestIdFilter.MDC_KEY)).toList();
        }
    }
}
