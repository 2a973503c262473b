package org.matricula.platform.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM. Each caller of {@link #newDatabase()} gets a fresh,
 * empty database on it, so test classes never see each other's rows and the server starts once.
 * It runs with fsync and synchronous_commit off for speed: these tests never crash PostgreSQL
 * itself. The product's durable settings are those of {@code EmbeddedDatabase}, tested in
 * {@code EmbeddedDatabaseIT} and {@code EmbeddedDatabaseKillIT}.
 */
public final class TestPostgres {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("matricula-test-pg");
                server = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true)
                        .setServerConfig("max_connections", "300").setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off").start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::stop));
        }
        return server;
    }

    private static synchronized void stop() {
        try {
            server.close();
        } catch (IOException ignored) {
            // the JVM is going away
        }
    }

    /** Creates an empty database and returns its JDBC URL (user {@code postgres}, no password). */
    public static String newDatabase() {
        String name = "test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection connection = server().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name, e);
        }
        return server().getJdbcUrl("postgres", name);
    }
}
