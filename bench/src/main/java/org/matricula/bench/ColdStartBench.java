package org.matricula.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Start-up as an operator sees it: {@link ColdStart} in a fresh JVM over one home, twice. The first
 * start does initdb and the migrations; the target is for the second.
 */
final class ColdStartBench {

    /** From process start to ready, and the part of it inside {@code Platform.start}. */
    private record Start(long wallMillis, long readyMillis) {
    }

    private final BenchHomes homes;
    private final Results results;

    ColdStartBench(BenchHomes homes, Results results) {
        this.homes = homes;
        this.results = results;
    }

    void run() throws Exception {
        Path home = homes.fresh("bench-cold");
        Start first = start(home);
        Start second = start(home);
        results.addFormatted("cold start, fresh JVM, embedded PostgreSQL, 3 plugins: first (initdb) %d ms"
                + " from process start (%d ms in Platform.start); second %d ms from process start (%d ms in"
                + " Platform.start)  [target <= 5000 ms: %s]", first.wallMillis(), first.readyMillis(),
                second.wallMillis(), second.readyMillis(), Figures.met(second.wallMillis() <= 5000));
    }

    private static Start start(Path home) throws Exception {
        long started = System.nanoTime();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), ColdStart.class.getName(),
                home.toString()).redirectErrorStream(true).start();
        Start start = new Start(0, 0);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String text;
            while ((text = out.readLine()) != null) {
                if (text.startsWith("BENCH-READY ")) {
                    start = new Start(Figures.millisSince(started), Long.parseLong(text.split(" ")[1]));
                    if (!text.endsWith(" 3")) {
                        throw new IllegalStateException("expected three plugins: " + text);
                    }
                }
            }
        }
        process.waitFor();
        return start;
    }
}
