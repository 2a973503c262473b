package org.matricula.platform.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The embedded PostgreSQL's own password. The server listens on this machine only, but with
 * {@code trust} any local user could connect as its superuser (and, as superuser, run programs as
 * the platform's user); so every connection gives a password, made at random for the data folder
 * and kept in it, readable by the platform's user alone (the folder itself is theirs only).
 */
final class EmbeddedPassword {

    static final String FILE = "matricula.password";
    private static final String METHOD = "scram-sha-256";
    /** A line of pg_hba.conf that lets its connections in without a password. */
    private static final Pattern TRUSTING = Pattern.compile("^(\\s*(?:local|host\\S*)\\s.*\\s)trust(\\s*)$");

    private EmbeddedPassword() {
    }

    /** The folder's password, if it has one kept. */
    static Optional<String> stored(Path folder) {
        Path file = folder.resolve(FILE);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
                    .filter(password -> !password.isEmpty()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the embedded PostgreSQL's password in " + file, e);
        }
    }

    /** A new password: 32 random bytes, URL-safe, so it needs no quoting in SQL or a JDBC URL. */
    static String create() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Keeps the password in the folder, readable by this user only; written whole or not at all. */
    static void keep(Path folder, String password) {
        Path file = folder.resolve(FILE);
        Path next = folder.resolve(FILE + ".new");
        try {
            Files.deleteIfExists(next);
            Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(next, password, StandardCharsets.UTF_8);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the embedded PostgreSQL's password in " + file, e);
        }
    }

    /** A file holding the password for initdb's {@code --pwfile}, deleted by the caller. */
    static Path forInitdb(Path folder, String password) throws IOException {
        Path parent = folder.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path file = Files.createTempFile(parent, "initdb", ".password",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
        return file;
    }

    /** Whether pg_hba.conf still lets some connection in without a password (a folder made before passwords). */
    static boolean trusts(Path folder) throws IOException {
        return Files.readAllLines(folder.resolve("pg_hba.conf"), StandardCharsets.UTF_8).stream()
                .anyMatch(line -> TRUSTING.matcher(line).matches());
    }

    /** Rewrites pg_hba.conf so that every connection gives the password; the server reads it on reload. */
    static void requireIt(Path folder) throws IOException {
        Path hba = folder.resolve("pg_hba.conf");
        List<String> lines = Files.readAllLines(hba, StandardCharsets.UTF_8).stream()
                .map(line -> TRUSTING.matcher(line).replaceFirst("$1" + METHOD + "$2")).toList();
        Path next = folder.resolve("pg_hba.conf.new");
        Files.write(next, lines, StandardCharsets.UTF_8);
        Files.move(next, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String method() {
        return METHOD;
    }
}
