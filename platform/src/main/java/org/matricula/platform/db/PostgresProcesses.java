package org.matricula.platform.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The PostgreSQL processes running on one data folder, as Linux's {@code /proc} shows them: a
 * postmaster changes into its data folder, and so do the processes it starts. Elsewhere, or for
 * processes of another user that cannot be inspected, nothing is found.
 */
final class PostgresProcesses {

    private static final Path PROC = Path.of("/proc");

    private PostgresProcesses() {
    }

    /** The postmaster named in the folder's {@code postmaster.pid}, if that process is alive and runs there. */
    static Optional<ProcessHandle> postmaster(Path dataFolder) {
        Path pidFile = dataFolder.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(process -> isPostgresIn(process.pid(), realPath(dataFolder)));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** Every live PostgreSQL process whose working folder is the data folder. */
    static List<ProcessHandle> runningIn(Path dataFolder) {
        Path folder = realPath(dataFolder);
        try (Stream<Path> entries = Files.list(PROC)) {
            return entries.map(entry -> entry.getFileName().toString()).filter(name -> name.chars()
                    .allMatch(Character::isDigit)).map(Long::parseLong).filter(pid -> isPostgresIn(pid, folder))
                    .map(ProcessHandle::of).flatMap(Optional::stream).filter(ProcessHandle::isAlive).toList();
        } catch (IOException | RuntimeException noProc) {
            return List.of();
        }
    }

    /** The command line of a process, its arguments separated by spaces, or empty if it cannot be read. */
    static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException | RuntimeException unreadable) {
            return "";
        }
    }

    /** The short program name the kernel keeps for a process ({@code java}, {@code postgres}, ...). */
    static String programName(long pid) {
        try {
            return Files.readString(PROC.resolve(Long.toString(pid)).resolve("comm")).trim();
        } catch (IOException | RuntimeException unreadable) {
            return "";
        }
    }

    /** Waits until none of the processes is alive any more; returns whether that happened in time. */
    static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private static boolean isPostgresIn(long pid, Path folder) {
        if (!programName(pid).equals("postgres")) {
            return false;
        }
        try {
            return Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("cwd")).equals(folder);
        } catch (IOException | RuntimeException notInspectable) {
            return false;
        }
    }

    private static Path realPath(Path folder) {
        try {
            return folder.toRealPath();
        } catch (IOException missing) {
            return folder.toAbsolutePath().normalize();
        }
    }
}
