package org.matricula.platform.plugins;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.matricula.api.MatriculaApi;
import org.matricula.platform.db.Database;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads course-family plugins from the plugins folder and keeps them serving: install, upgrade,
 * enable, disable, reload and remove at runtime. A plugin that fails is marked FAILED with the
 * reason; it never takes the kernel or another plugin down. An upgrade is atomic: if the new
 * version fails to load, migrate or start, the previous one is restored.
 */
public final class PluginService implements AutoCloseable {

    /** Where plugins come from, where their private copies go, and how often to look for changes. */
    public record PluginSettings(Path pluginsDir, Path workDir, Duration scanInterval) {
    }

    static final String STARTED = "STARTED";
    static final String DISABLED = "DISABLED";
    static final String FAILED = "FAILED";
    private static final Logger log = LoggerFactory.getLogger(PluginService.class);

    private final PluginSettings settings;
    private final MatriculaPluginManager manager;
    private final PluginMigrations migrations;
    private final PluginRegistry registry;
    private final PluginMetrics metrics;
    private final Map<String, PluginSlot> slots = new LinkedHashMap<>();
    private final Map<Path, PluginSlot> unreadable = new LinkedHashMap<>();
    private final PluginFolderWatcher watcher;
    private final Map<Class<?>, List<?>> extensionsByType = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();

    public PluginService(PluginSettings settings, Database database, PluginContextFactory contexts,
            MeterRegistry registry) {
        this.settings = settings;
        this.manager = new MatriculaPluginManager(settings.workDir(), contexts);
        this.migrations = new PluginMigrations(database.dataSource());
        this.registry = new PluginRegistry(database.jdbi());
        this.metrics = new PluginMetrics(registry, this::list);
        this.watcher = new PluginFolderWatcher(settings.pluginsDir(), settings.scanInterval(), this);
    }

    /** Loads every plugin in the folder, then watches it for changes. */
    public void start() {
        watcher.scanNow();
        watcher.start();
    }

    public synchronized List<PluginInfo> list() {
        List<PluginInfo> all = new ArrayList<>();
        slots.values().forEach(slot -> all.add(slot.info()));
        unreadable.values().forEach(slot -> all.add(slot.info()));
        all.sort(Comparator.comparing(PluginInfo::id));
        return all;
    }

    /**
     * Extensions of the given type from started plugins only. Asked on every request, so they are
     * kept until plugins change: reading them takes no lock, and every change of plugins drops
     * them first, under the lock, so that a reader during a change waits for its end as before.
     */
    @SuppressWarnings("unchecked")
    public <T> List<T> extensions(Class<T> type) {
        List<?> kept = extensionsByType.get(type);
        if (kept != null) {
            return (List<T>) kept;
        }
        synchronized (this) {
            return (List<T>) extensionsByType.computeIfAbsent(type, this::startedExtensions);
        }
    }

    private <T> List<T> startedExtensions(Class<T> type) {
        List<T> found = new ArrayList<>();
        for (PluginSlot slot : slots.values()) {
            if (STARTED.equals(slot.state)) {
                found.addAll(manager.getExtensions(type, slot.id));
            }
        }
        return List.copyOf(found);
    }

    /** Counts the changes of plugins, for what is kept per plugin version elsewhere (rendered forms). */
    public long changes() {
        return changes.get();
    }

    /** Called first by everything that may load, start, stop or unload a plugin, holding the lock. */
    private void changing() {
        extensionsByType.clear();
        changes.incrementAndGet();
    }

    public Optional<String> pluginIdOf(Object extension) {
        return Optional.ofNullable(manager.whichPlugin(extension.getClass())).map(PluginWrapper::getPluginId);
    }

    /** Loads, upgrades or (for an unchanged file) leaves alone the plugin in this file. */
    synchronized void offer(Path source) {
        changing();
        String checksum = PluginFiles.sha256(source);
        Path copy = PluginFiles.privateCopy(source, checksum, settings.workDir());
        PluginDescriptor descriptor;
        try {
            descriptor = PluginFiles.describe(copy);
        } catch (RuntimeException e) {
            markUnreadable(source, "invalid plugin manifest: " + rootMessage(e));
            PluginFiles.deleteQuietly(copy);
            return;
        }
        unreadable.remove(source);
        PluginSlot current = slots.get(descriptor.getPluginId());
        if (current != null && checksum.equals(current.checksum) && !FAILED.equals(current.state)) {
            return;
        }
        PluginSlot candidate = new PluginSlot(descriptor.getPluginId());
        candidate.source = source;
        candidate.copy = copy;
        candidate.checksum = checksum;
        candidate.descriptor = descriptor;
        if (current == null || FAILED.equals(current.state)) {
            slots.put(candidate.id, candidate);
            activate(candidate);
        } else {
            upgrade(current, candidate);
        }
        metrics.refresh();
    }

    private void upgrade(PluginSlot current, PluginSlot candidate) {
        Optional<String> incompatible = incompatibility(candidate.descriptor);
        if (incompatible.isPresent()) {
            current.lastError = "upgrade to " + candidate.descriptor.getVersion() + " refused: " + incompatible.get();
            log.warn("Plugin {}: {}; version {} keeps serving", current.id, current.lastError,
                    current.descriptor.getVersion());
            return;
        }
        deactivate(current);
        slots.put(candidate.id, candidate);
        if (activate(candidate)) {
            if (!candidate.copy.equals(current.copy)) {
                PluginFiles.deleteQuietly(current.copy);
            }
            if (!candidate.source.equals(current.source)) {
                // the new file replaces the old one; two files of one plugin would fight
                watcher.ignore(current.source);
                PluginFiles.deleteQuietly(current.source);
            }
            log.info("Plugin {} upgraded from {} to {}", candidate.id, current.descriptor.getVersion(),
                    candidate.descriptor.getVersion());
            return;
        }
        String reason = candidate.failureReason;
        slots.put(current.id, current);
        activate(current);
        current.lastError = "upgrade to " + candidate.descriptor.getVersion() + " rolled back: " + reason;
        log.warn("Plugin {}: {}; version {} restored", current.id, current.lastError, current.descriptor.getVersion());
    }

    /** Loads the slot's private copy, and migrates and starts it unless an admin disabled it. */
    private boolean activate(PluginSlot slot) {
        slot.failureReason = null;
        Optional<String> incompatible = incompatibility(slot.descriptor);
        if (incompatible.isPresent()) {
            return fail(slot, incompatible.get());
        }
        try {
            manager.loadPlugin(slot.copy);
        } catch (RuntimeException e) {
            unloadQuietly(slot.id);
            return fail(slot, rootMessage(e));
        }
        if (!registry.isEnabled(slot.id)) {
            slot.state = DISABLED;
            log.info("Plugin {} {} loaded, disabled by an admin", slot.id, slot.descriptor.getVersion());
            return true;
        }
        return startLoaded(slot);
    }

    private boolean startLoaded(PluginSlot slot) {
        PluginWrapper plugin = manager.getPlugin(slot.id);
        try {
            int migrated = migrations.migrate(slot.id, plugin.getPluginClassLoader());
            PluginState state = manager.startPlugin(slot.id);
            if (state != PluginState.STARTED) {
                Throwable cause = plugin.getFailedException();
                throw new IllegalStateException(cause != null ? "start failed: " + rootMessage(cause)
                        : "start failed in state " + state);
            }
            for (String className : manager.getExtensionClassNames(slot.id)) {
                manager.getExtensionFactory().create(plugin.getPluginClassLoader().loadClass(className));
            }
            slot.state = STARTED;
            log.info("Plugin {} {} started{}", slot.id, slot.descriptor.getVersion(),
                    migrated > 0 ? " after " + migrated + " migration(s)" : "");
            return true;
        } catch (Exception | LinkageError e) {
            unloadQuietly(slot.id);
            return fail(slot, rootMessage(e));
        }
    }

    private Optional<String> incompatibility(PluginDescriptor descriptor) {
        String requires = descriptor.getRequires();
        if (requires == null || requires.isBlank() || "*".equals(requires.trim())) {
            return Optional.empty();
        }
        try {
            return manager.getVersionManager().checkVersionConstraint(MatriculaApi.VERSION, requires)
                    ? Optional.empty()
                    : Optional.of("requires plugin API " + requires + " but this platform offers " + MatriculaApi.VERSION);
        } catch (RuntimeException e) {
            return Optional.of("unreadable Plugin-Requires '" + requires + "'");
        }
    }

    private boolean fail(PluginSlot slot, String reason) {
        slot.state = FAILED;
        slot.failureReason = reason;
        log.error("Plugin {} ({}) FAILED: {}", slot.id, slot.source.getFileName(), reason);
        return false;
    }

    private void markUnreadable(Path source, String reason) {
        PluginSlot slot = new PluginSlot(source.getFileName().toString());
        slot.source = source;
        slot.state = FAILED;
        slot.failureReason = reason;
        unreadable.put(source, slot);
        log.error("Plugin file {} FAILED: {}", source.getFileName(), reason);
    }

    /** Stops and unloads a plugin, keeping its slot (and its database schema). */
    private void deactivate(PluginSlot slot) {
        unloadQuietly(slot.id);
        if (!FAILED.equals(slot.state)) {
            slot.state = DISABLED;
        }
    }

    private void unloadQuietly(String pluginId) {
        PluginWrapper plugin = manager.getPlugin(pluginId);
        if (plugin == null) {
            return;
        }
        ClassLoader loader = plugin.getPluginClassLoader();
        try {
            manager.unloadPlugin(pluginId);
        } catch (RuntimeException e) {
            log.warn("Plugin {} did not unload cleanly: {}", pluginId, rootMessage(e));
        }
        manager.forget(pluginId, loader);
    }

    synchronized void forgetFile(Path source) {
        changing();
        unreadable.remove(source);
        slots.values().stream().filter(slot -> source.equals(slot.source)).findFirst().ifPresent(slot -> {
            unloadQuietly(slot.id);
            PluginFiles.deleteQuietly(slot.copy);
            slots.remove(slot.id);
            log.info("Plugin {} unloaded: its file was removed", slot.id);
        });
        metrics.refresh();
    }

    PluginSlot slot(String id) {
        PluginSlot slot = slots.get(id);
        if (slot == null) {
            throw new org.matricula.platform.errors.NotFoundException("Plugin '" + id + "' is not installed");
        }
        return slot;
    }

    public synchronized PluginInfo enable(String id) {
        changing();
        PluginSlot slot = slot(id);
        registry.record(id, true, slot.descriptor.getVersion(), slot.checksum);
        if (!STARTED.equals(slot.state)) {
            if (manager.getPlugin(id) == null) {
                activate(slot);
            } else {
                startLoaded(slot);
            }
        }
        metrics.refresh();
        return slot.info();
    }

    public synchronized PluginInfo disable(String id) {
        changing();
        PluginSlot slot = slot(id);
        registry.record(id, false, slot.descriptor.getVersion(), slot.checksum);
        PluginWrapper plugin = manager.getPlugin(id);
        if (plugin != null && plugin.getPluginState() == PluginState.STARTED) {
            manager.stopPlugin(id);
            manager.forget(id, plugin.getPluginClassLoader());
        }
        slot.state = DISABLED;
        slot.failureReason = null;
        log.info("Plugin {} disabled; its data is kept", id);
        metrics.refresh();
        return slot.info();
    }

    /** Re-reads the plugin's file: an upgrade when it changed, a restart when it did not. */
    public synchronized PluginInfo reload(String id) {
        changing();
        PluginSlot slot = slot(id);
        if (!Files.isRegularFile(slot.source)) {
            throw new org.matricula.platform.errors.BadRequestException("The file of plugin '" + id + "' is gone: " + slot.source);
        }
        if (PluginFiles.sha256(slot.source).equals(slot.checksum)) {
            deactivate(slot);
            activate(slot);
            metrics.refresh();
        } else {
            offer(slot.source);
        }
        return slot(id).info();
    }

    /** Unloads the plugin and deletes its file; its database schema and data stay. */
    public synchronized void remove(String id) {
        changing();
        PluginSlot slot = slot(id);
        watcher.ignore(slot.source);
        PluginFiles.deleteQuietly(slot.source);
        forgetFile(slot.source);
    }

    /** Installs or upgrades from an uploaded file; see {@link PluginUpload}. */
    public PluginInfo install(String fileName, java.io.InputStream jar) {
        Path target = new PluginUpload(settings.pluginsDir(), settings.workDir()).store(fileName, jar);
        synchronized (this) {
            changing();
            watcher.remember(target);
            offer(target);
            PluginSlot unreadableSlot = unreadable.get(target);
            if (unreadableSlot != null) {
                return unreadableSlot.info();
            }
            return slots.values().stream().filter(slot -> target.equals(slot.source)).findFirst()
                    .map(PluginSlot::info).orElseThrow();
        }
    }

    @Override
    public synchronized void close() {
        changing();
        watcher.close();
        // one by one: PF4J's stopPlugins() trips over plugins this service already stopped itself
        new ArrayList<>(slots.keySet()).forEach(this::unloadQuietly);
    }

    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        return root == error ? message : error.getMessage() + " (" + message + ")";
    }
}
