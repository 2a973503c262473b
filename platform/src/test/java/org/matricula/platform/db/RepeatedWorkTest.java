package org.matricula.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.matricula.platform.testing.Eventually;

/** Repeated work goes on after a run that failed with an error, not an exception; only the JVM failing ends it. */
class RepeatedWorkTest {

    @Test
    void workFailingWithAnErrorOnceKeepsBeingRun() {
        AtomicInteger runs = new AtomicInteger();
        try (RepeatedWork work = new RepeatedWork("test-work", RepeatedWorkTest.class, "Test work failed")) {
            work.start(Duration.ofMillis(10), () -> {
                if (runs.incrementAndGet() == 1) {
                    throw new AssertionError("a plugin's assertion");
                }
            });
            Eventually.holds("runs after the failed one", () -> runs.get() >= 3);
        }
    }

    @Test
    void workFailingWithALinkageErrorEachTimeKeepsBeingRun() {
        AtomicInteger runs = new AtomicInteger();
        try (RepeatedWork work = new RepeatedWork("test-work", RepeatedWorkTest.class, "Test work failed")) {
            work.start(Duration.ofMillis(10), () -> {
                runs.incrementAndGet();
                throw new NoClassDefFoundError("com/example/Gone");
            });
            Eventually.holds("runs after the failed ones", () -> runs.get() >= 3);
        }
    }

    @Test
    void theJvmFailingEndsTheWork() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        try (RepeatedWork work = new RepeatedWork("test-work", RepeatedWorkTest.class, "Test work failed")) {
            work.start(Duration.ofMillis(10), () -> {
                runs.incrementAndGet();
                throw new OutOfMemoryError("as the JVM would");
            });
            Eventually.holds("the first run", () -> runs.get() >= 1);
            Thread.sleep(200);
            assertEquals(1, runs.get(), "not contained: the JVM failing is no run's to outlive");
        }
    }
}
