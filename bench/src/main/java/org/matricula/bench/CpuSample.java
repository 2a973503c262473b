package org.matricula.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time used so far, split by who used it, read from Linux's {@code /proc}: this JVM's threads
 * by name (the load clients and their HTTP clients' selector threads, the outbox worker, the JIT
 * compilers, the garbage collector, and the rest: the server), and the embedded PostgreSQL's
 * postmaster with its children by kind (the backends serving connections, the autovacuum workers,
 * the WAL writer, the checkpointer, ...). Children that ended are counted too, as "ended": their time
 * is added to the postmaster's when it reaps them, and most are autovacuum workers, which end after
 * each table they clean. The difference of two samples is a phase's use.
 */
record CpuSample(Map<String, Double> threadMillis, double processMillis, Map<String, Double> postgresMillis) {

    /** PostgreSQL's processes serving the connections. */
    static final String BACKENDS = "backends";
    /** PostgreSQL's children that ended (the postmaster's children's times). */
    static final String ENDED = "ended";

    /** Linux's USER_HZ: the unit of the times in {@code /proc/.../stat}. */
    private static final double MILLIS_PER_TICK = 10;

    static CpuSample take(long postmasterPid) {
        Map<String, Double> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                String[] stat = stat(task.resolve("stat"));
                if (stat != null) {
                    threads.put(task.getFileName() + " " + name(task), ticks(stat, 13) + ticks(stat, 14));
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot read this process's threads from /proc", e);
        }
        String[] self = stat(Path.of("/proc/self/stat"));
        return new CpuSample(threads, ticks(self, 13) + ticks(self, 14), postgres(postmasterPid));
    }

    private static Map<String, Double> postgres(long postmasterPid) {
        Map<String, Double> byKind = new HashMap<>();
        String[] postmaster = stat(Path.of("/proc/" + postmasterPid + "/stat"));
        if (postmaster == null) {
            return byKind;
        }
        byKind.put("postmaster", ticks(postmaster, 13) + ticks(postmaster, 14));
        byKind.put(ENDED, ticks(postmaster, 15) + ticks(postmaster, 16));
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String[] stat = stat(process.resolve("stat"));
                if (stat != null && Long.parseLong(stat[3]) == postmasterPid) {
                    byKind.merge(postgresKind(process), ticks(stat, 13) + ticks(stat, 14), Double::sum);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the processes from /proc", e);
        }
        return byKind;
    }

    /**
     * A PostgreSQL child's kind from the title it sets ({@code postgres: autovacuum worker matricula},
     * {@code postgres: postgres matricula 127.0.0.1(51234) idle}): a connection's title names the
     * user and the database, and is a backend's.
     */
    private static String postgresKind(Path process) {
        try {
            String title = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').strip();
            String rest = title.startsWith("postgres: ") ? title.substring("postgres: ".length()) : title;
            for (String kind : List.of("autovacuum", "walwriter", "checkpointer", "background writer", "logical",
                    "archiver", "startup")) {
                if (rest.startsWith(kind)) {
                    return kind;
                }
            }
            return rest.contains("(") ? BACKENDS : "other";
        } catch (IOException e) {
            return "other";
        }
    }

    /** The fields of a stat file, the first being the pid and the second the name without its parentheses. */
    private static String[] stat(Path file) {
        try {
            String text = Files.readString(file);
            int open = text.indexOf('(');
            int close = text.lastIndexOf(')');
            String[] rest = text.substring(close + 2).trim().split(" ");
            String[] fields = new String[rest.length + 2];
            fields[0] = text.substring(0, open).trim();
            fields[1] = text.substring(open + 1, close);
            System.arraycopy(rest, 0, fields, 2, rest.length);
            return fields;
        } catch (IOException | RuntimeException e) {
            return null; // the thread or process ended meanwhile
        }
    }

    private static String name(Path task) {
        String[] stat = stat(task.resolve("stat"));
        return stat == null ? "" : stat[1];
    }

    private static double ticks(String[] stat, int index) {
        return Long.parseLong(stat[index]) * MILLIS_PER_TICK;
    }

    /** The CPU used between an earlier sample and this one, by part. */
    CpuUse since(CpuSample before) {
        Map<String, Double> used = new HashMap<>();
        Map<String, Double> serverThreads = new HashMap<>();
        threadMillis.forEach((thread, millis) -> {
            double delta = millis - before.threadMillis.getOrDefault(thread, 0.0);
            String name = thread.substring(thread.indexOf(' ') + 1);
            String part = CpuUse.partOf(name);
            used.merge(part, delta, Double::sum);
            if (part.equals(CpuUse.SERVER) && delta > 0) {
                serverThreads.merge(CpuUse.kindOf(name), delta, Double::sum);
            }
        });
        double process = processMillis - before.processMillis;
        // Threads that ended during the phase are in the process total but in no thread's: they were server threads.
        double named = used.values().stream().mapToDouble(Double::doubleValue).sum();
        used.merge(CpuUse.SERVER, Math.max(0, process - named), Double::sum);
        serverThreads.merge("(ended threads)", Math.max(0, process - named), Double::sum);
        Map<String, Double> postgres = new HashMap<>();
        postgresMillis.forEach((kind, millis) -> {
            // signed: a child that ended meanwhile moves its time from its kind to "ended"
            postgres.put(kind, millis - before.postgresMillis.getOrDefault(kind, 0.0));
        });
        return new CpuUse(used, postgres, serverThreads);
    }
}
