package org.matricula.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the figures were measured on, for the head of the results. */
final class Machine {

    private Machine() {
    }

    /** Cores, CPU model, JVM version and the heap the server and the load clients share. */
    static String describe() {
        return Runtime.getRuntime().availableProcessors() + " CPUs, " + cpuModel() + ", JVM "
                + System.getProperty("java.version") + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20)
                + " MB";
    }

    /** The load averages over 1, 5 and 15 minutes, as {@code /proc/loadavg} gives them: other work on the machine. */
    static String load() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2] + " (1, 5, 15 min)";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.replaceAll(".*:\\s*", ""))
                    .orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
