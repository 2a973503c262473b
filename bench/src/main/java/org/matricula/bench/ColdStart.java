package org.matricula.bench;

import java.nio.file.Path;
import java.util.Map;
import org.matricula.platform.Platform;
import org.matricula.platform.config.ConfigLoader;

/** Starts the platform from a home folder (embedded database, plugins folder) in a fresh JVM, reports, stops. */
public final class ColdStart {

    private ColdStart() {
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        Path home = Path.of(args[0]).toAbsolutePath();
        Platform platform = Platform.start(ConfigLoader.load(null, Map.of(), BenchHomes.settings(home), home));
        long ready = (System.nanoTime() - started) / 1_000_000;
        int families = platform.plugins().list().size();
        System.out.println("BENCH-READY " + ready + " " + families);
        System.out.flush();
        platform.close();
        System.exit(0);
    }
}
