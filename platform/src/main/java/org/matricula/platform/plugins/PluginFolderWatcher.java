package org.matricula.platform.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.matricula.platform.errors.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the plugins folder. A new or changed file is offered to the service once its size and
 * modification time held still for one scan (so a file still being copied is not read half
 * written); a deleted file is forgotten.
 */
final class PluginFolderWatcher implements AutoCloseable {

    private record Fingerprint(long size, long modified) {
    }

    private static final Logger log = LoggerFactory.getLogger(PluginFolderWatcher.class);

    private final Path folder;
    private final Duration interval;
    private final PluginService service;
    private final Map<Path, Fingerprint> known = new HashMap<>();
    private final Map<Path, Fingerprint> pending = new HashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "plugin-folder-watcher");
        thread.setDaemon(true);
        return thread;
    });

    PluginFolderWatcher(Path folder, Duration interval, PluginService service) {
        this.folder = folder;
        this.interval = interval;
        this.service = service;
    }

    /** Offers every file at once, without waiting for it to settle: used at start-up. */
    synchronized void scanNow() {
        List<Path> files = files();
        files.forEach(file -> known.put(file, fingerprint(file)));
        service.offerAtStart(files);
    }

    void start() {
        scheduler.scheduleWithFixedDelay(this::scanSafely, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** One scan, whose failure is logged: the folder is scanned again next time, as a scheduled task that throws is not. */
    private void scanSafely() {
        try {
            scan();
        } catch (Throwable e) {
            Failures.rethrowJvmFailure(e);
            log.warn("Plugins folder {} could not be scanned, scanned again next time: {}", folder,
                    Failures.rootMessage(e));
            log.debug("Plugins folder scan failed", e);
        }
    }

    synchronized void scan() {
        List<Path> present = files();
        Set<Path> seen = new HashSet<>(present);
        for (Path file : present) {
            Fingerprint now = fingerprint(file);
            if (now == null || now.equals(known.get(file))) {
                continue;
            }
            if (now.equals(pending.get(file))) {
                pending.remove(file);
                known.put(file, now);
                offerSafely(file);
            } else {
                pending.put(file, now);
            }
        }
        for (Path gone : new HashSet<>(known.keySet())) {
            if (!seen.contains(gone)) {
                known.remove(gone);
                service.forgetFile(gone);
            }
        }
        pending.keySet().retainAll(seen);
    }

    /** Marks a file the service handled itself (an upload), so it is not offered again. */
    synchronized void remember(Path file) {
        known.put(file, fingerprint(file));
        pending.remove(file);
    }

    /** Forgets a file the service deleted itself. */
    synchronized void ignore(Path file) {
        known.remove(file);
        pending.remove(file);
    }

    private void offerSafely(Path file) {
        try {
            service.offer(file);
        } catch (Throwable e) {
            Failures.rethrowJvmFailure(e);
            log.error("Plugin file {} could not be read: {}", file.getFileName(), Failures.rootMessage(e));
            log.debug("Plugin file {} could not be read", file.getFileName(), e);
        }
    }

    private List<Path> files() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(PluginFiles::isPluginFile).sorted().toList();
        } catch (IOException e) {
            log.warn("Cannot list plugins folder {}: {}", folder, e.getMessage());
            return List.of();
        }
    }

    private static Fingerprint fingerprint(Path file) {
        try {
            return new Fingerprint(Files.size(file), Files.getLastModifiedTime(file).toMillis());
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
