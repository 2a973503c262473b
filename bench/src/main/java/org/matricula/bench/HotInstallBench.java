package org.matricula.bench;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.matricula.platform.plugins.PluginService;
import org.matricula.platform.families.Families;

/**
 * A plugin installed into the running server as the admin upload does it, three times: from the
 * call until its family is served. The plugin is removed first, and again between installs.
 */
final class HotInstallBench {

    private static final String FAMILY = "growup";
    private static final String JAR = FAMILY + ".jar";

    private final PluginService plugins;
    private final Path bundledPlugins;
    private final Results results;

    HotInstallBench(PluginService plugins, Path bundledPlugins, Results results) {
        this.plugins = plugins;
        this.bundledPlugins = bundledPlugins;
        this.results = results;
    }

    void run() throws Exception {
        byte[] content = Files.readAllBytes(bundledPlugins.resolve(JAR));
        Families families = new Families(plugins);
        plugins.remove(FAMILY);
        long waited = System.nanoTime();
        while (families.find(FAMILY).isPresent() && Figures.millisSince(waited) < 10_000) {
            Thread.sleep(20);
        }
        long[] times = new long[3];
        for (int i = 0; i < times.length; i++) {
            long started = System.nanoTime();
            plugins.install(JAR, new ByteArrayInputStream(content));
            while (families.find(FAMILY).isEmpty()) {
                Thread.sleep(1);
            }
            times[i] = System.nanoTime() - started;
            if (i < times.length - 1) {
                plugins.remove(FAMILY);
                while (families.find(FAMILY).isPresent()) {
                    Thread.sleep(5);
                }
            }
        }
        results.addFormatted("plugin hot install (upload of growup.jar to a live family), 3 times: %s ms",
                Arrays.stream(times).mapToObj(t -> String.format(Locale.ROOT, "%.0f", t / 1e6)).toList());
    }
}
