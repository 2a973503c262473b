package org.matricula.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpRequest;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.matricula.platform.testing.RunningPlatform;
import org.slf4j.LoggerFactory;

/** The access log is written off the request threads, and a graceful stop writes every line first. */
class AccessLogIT {

    private static final int REQUESTS = 400;

    @Test
    void everyRequestHasItsLineOnceThePlatformHasStopped() throws Exception {
        Logger access = (Logger) LoggerFactory.getLogger("matricula.access");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        access.addAppender(lines);
        try {
            RunningPlatform server = RunningPlatform.start(Map.of());
            String run = UUID.randomUUID().toString().substring(0, 8);
            ExecutorService clients = Executors.newFixedThreadPool(8);
            for (int i = 0; i < REQUESTS; i++) {
                String id = "access-" + run + "-" + i;
                clients.execute(() -> server.send(HttpRequest.newBuilder(server.uri("/health/live"))
                        .header(RequestIdFilter.HEADER, id)));
            }
            clients.shutdown();
            clients.awaitTermination(60, TimeUnit.SECONDS);
            server.close();

            Set<String> logged = new HashSet<>();
            for (ILoggingEvent line : lines.list) {
                String id = line.getMDCPropertyMap().get(RequestIdFilter.MDC_KEY);
                if (id != null && id.startsWith("access-" + run + "-")) {
                    logged.add(id);
                    assertEquals("access-log", line.getThreadName(), "written by the access log's own thread");
                }
            }
            assertEquals(REQUESTS, logged.size(), "requests with their line in the access log");
        } finally {
            access.detachAppender(lines);
        }
    }
}
