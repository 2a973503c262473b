package org.matricula.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.matricula.platform.testing.Eventually;
import org.matricula.platform.testing.TestPostgres;

/** The node's listener for changes outlives a keeper that fails on one of them. */
class NotificationsIT {

    Database database;
    Notifications notifications;

    @BeforeEach
    void connect() {
        database = Database.connect(TestPostgres.newDatabase(), "postgres", "", 2, new SimpleMeterRegistry(), null);
    }

    @AfterEach
    void close() {
        if (notifications != null) {
            notifications.close();
        }
        database.close();
    }

    @Test
    void aKeeperFailingOnAChangeStartsOverAndHearsTheNextOnes() {
        List<String> heard = new CopyOnWriteArrayList<>();
        List<Boolean> listening = new CopyOnWriteArrayList<>();
        notifications = Notifications.start(database, Map.of("test_changes", new Notifications.Subscriber() {
            @Override
            public void changed(List<String> payloads) {
                heard.addAll(payloads);
                if (payloads.contains("breaks")) {
                    throw new AssertionError("a keeper's own mistake"); // not an exception: it used to end the listener
                }
            }

            @Override
            public void listening(boolean now) {
                listening.add(now);
            }
        }));
        assertEquals(List.of(true), listening);

        notify("breaks");
        Eventually.holds("what it kept is dropped, and it listens again " + listening, Duration.ofSeconds(10),
                () -> listening.equals(List.of(true, false, true)));
        notify("after");
        Eventually.holds("the changes after the failure are heard", Duration.ofSeconds(10),
                () -> heard.contains("after"));
    }

    private void notify(String payload) {
        database.jdbi().useHandle(handle -> handle.execute("SELECT pg_notify('test_changes', ?)", payload));
    }
}
