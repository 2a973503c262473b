package org.matricula.platform.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.matricula.platform.errors.Failures;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells what a node keeps in memory that it changed in the database, on whichever node or by
 * whatever script: listens with PostgreSQL's {@code LISTEN} on a connection of its own to the
 * channels that triggers notify, and hands each subscriber the payloads of its channel. While the
 * connection is down, changes could be missed, so every subscriber is told it may not keep
 * anything; once listening resumes it is told it may again (what it kept before is stale by then).
 */
public final class Notifications implements AutoCloseable {

    /** What keeps something in memory for as long as it hears of every change to it. */
    public interface Subscriber {

        /** Changes announced on the channel, their payloads in the order they came; must be quick. */
        void changed(List<String> payloads);

        /**
         * Whether every change is announced to this node from now on: false while the connection is
         * down (and on close), true once its {@code LISTEN} is in place again. Either way what was
         * kept until now must go.
         */
        void listening(boolean listening);
    }

    /**
     * Announced when the database was replaced under the running nodes (a restore, whose load
     * fires no triggers): every subscriber drops what it keeps, as on a new connection.
     */
    public static final String EVERYTHING_CHANGED = "matricula_everything_changed";
    private static final Logger log = LoggerFactory.getLogger(Notifications.class);
    /** How long one wait for notifications lasts, and so how soon a close is noticed. */
    private static final int WAIT_MILLIS = 500;
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final Database database;
    private final Map<String, Subscriber> subscribers;
    private final Thread listener;
    private volatile boolean running = true;
    private volatile Connection connection;

    private Notifications(Database database, Map<String, Subscriber> subscribers) {
        this.database = database;
        this.subscribers = new LinkedHashMap<>(subscribers);
        this.listener = new Thread(this::listen, "change-notifications");
        this.listener.setDaemon(true);
    }

    /**
     * Starts listening on every subscriber's channel and returns once the first {@code LISTEN} is in
     * place (or failed), so that what they keep is kept from the start.
     */
    public static Notifications start(Database database, Map<String, Subscriber> subscribers) {
        Notifications notifications = new Notifications(database, subscribers);
        notifications.connectAndListen();
        notifications.listener.start();
        return notifications;
    }

    private boolean connectAndListen() {
        try {
            Connection opened = database.openDedicated();
            try (Statement statement = opened.createStatement()) {
                for (String channel : subscribers.keySet()) {
                    statement.execute("LISTEN " + channel);
                }
                statement.execute("LISTEN " + EVERYTHING_CHANGED);
            }
            connection = opened;
            // Whatever changed before the LISTEN took effect was not announced to this node.
            tellAll(true);
            return true;
        } catch (SQLException e) {
            tellAll(false);
            log.warn("Cannot listen for changes on {}, reading from the database instead: {}", subscribers.keySet(),
                    e.getMessage());
            return false;
        }
    }

    private void listen() {
        while (running) {
            if (connection == null && !connectAndListen()) {
                pause();
                continue;
            }
            try {
                PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
                if (notifications != null && notifications.length > 0) {
                    deliver(notifications);
                }
            } catch (SQLException e) {
                startOver("Lost the connection listening on {}, reading from the database until it is back: {}",
                        e.getMessage());
            } catch (RuntimeException | Error e) {
                // A subscriber failed on a change: what it keeps may be stale now, and a thread that
                // died here would leave every subscriber trusting what it keeps for good. All start
                // over, as after a lost connection.
                Failures.rethrowJvmFailure(e);
                log.debug("Handling a change notification failed", e);
                startOver("Handling a change on {} failed, reading from the database until listening again: {}",
                        Failures.rootMessage(e));
            }
        }
    }

    private void startOver(String warning, String reason) {
        tellAll(false);
        closeConnection();
        if (running) {
            log.warn(warning, subscribers.keySet(), reason);
            pause();
        }
    }

    /** Tells every subscriber whether it hears of every change; one that fails does not keep the others from hearing. */
    private void tellAll(boolean listening) {
        for (Subscriber subscriber : subscribers.values()) {
            try {
                subscriber.listening(listening);
            } catch (RuntimeException | Error e) {
                Failures.rethrowJvmFailure(e);
                log.warn("A keeper of changes on {} failed to hear that listening is {}: {}", subscribers.keySet(),
                        listening ? "on" : "off", Failures.rootMessage(e));
            }
        }
    }

    /** Tells every node listening that everything it keeps may be stale ({@link #EVERYTHING_CHANGED}). */
    public static void announceEverythingChanged(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("NOTIFY " + EVERYTHING_CHANGED);
        }
        // A notice goes out when its transaction commits.
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    private void deliver(PGNotification[] notifications) {
        Map<String, List<String>> byChannel = new LinkedHashMap<>();
        for (PGNotification notification : notifications) {
            if (notification.getName().equals(EVERYTHING_CHANGED)) {
                tellAll(true);
                continue;
            }
            byChannel.computeIfAbsent(notification.getName(), channel -> new ArrayList<>())
                    .add(notification.getParameter());
        }
        byChannel.forEach((channel, payloads) -> {
            Subscriber subscriber = subscribers.get(channel);
            if (subscriber != null) {
                subscriber.changed(payloads);
            }
        });
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_DELAY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void closeConnection() {
        Connection open = connection;
        connection = null;
        if (open != null) {
            try {
                open.close();
            } catch (SQLException ignored) {
                // going away anyway
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            listener.join(WAIT_MILLIS * 4L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
        tellAll(false);
    }
}
