package org.matricula.platform.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.matricula.platform.db.Database;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's in-memory catalog honest: listens on the {@code catalog_changed} channel
 * (notified by triggers on every change to projects, programs and their links, from any node) on
 * a connection of its own, and drops the catalog when told. While the connection is down the
 * catalog is not kept at all, as changes could be missed; it is kept again once listening resumes.
 */
public final class CatalogChanges implements AutoCloseable {

    static final String CHANNEL = "catalog_changed";
    private static final Logger log = LoggerFactory.getLogger(CatalogChanges.class);
    /** How long one wait for notifications lasts, and so how soon a close is noticed. */
    private static final int WAIT_MILLIS = 500;
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final Database database;
    private final Catalog catalog;
    private final Thread listener;
    private volatile boolean running = true;
    private volatile Connection connection;

    private CatalogChanges(Database database, Catalog catalog) {
        this.database = database;
        this.catalog = catalog;
        this.listener = new Thread(this::listen, "catalog-changes");
        this.listener.setDaemon(true);
    }

    /** Starts listening and returns once the first LISTEN is in place (or failed), so the catalog is kept from the start. */
    public static CatalogChanges start(Database database, Catalog catalog) {
        CatalogChanges changes = new CatalogChanges(database, catalog);
        changes.connectAndListen();
        changes.listener.start();
        return changes;
    }

    private boolean connectAndListen() {
        try {
            Connection opened = database.openDedicated();
            try (Statement statement = opened.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
            }
            connection = opened;
            // Whatever changed before the LISTEN took effect was not announced to this node.
            catalog.keepInMemory(true);
            return true;
        } catch (SQLException e) {
            catalog.keepInMemory(false);
            log.warn("Cannot listen for catalog changes, reading the catalog from the database: {}", e.getMessage());
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
                    catalog.changed();
                }
            } catch (SQLException e) {
                catalog.keepInMemory(false);
                closeConnection();
                if (running) {
                    log.warn("Lost the catalog-change connection, reading the catalog from the database until it is back: {}",
                            e.getMessage());
                    pause();
                }
            }
        }
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
        catalog.keepInMemory(false);
    }
}
