package org.matricula.platform.plugins;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.concurrent.atomic.AtomicLong;
import org.matricula.api.MatriculaApi;
import org.matricula.platform.db.Database;
import org.matricula.platform.errors.Failures;
import org.pf4j.ExtensionPoint;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads course-family plugins from the plugins folder and keeps them serving: install, upgrade,
 * enable, disable, reload and remove at runtime. A plugin that fails is marked FAILED with the
 * reason; it never takes the kernel or another plugin down. An upgrade is atomic: if the new
 * version fails to load, migrate or start, the previous one is restored, its file put back in the
 * plugins folder and the new file moved to {@code refused/}, so a restart serves what ran before.
 * A file that can never run here (no readable manifest, an API this platform does not offer,
 * migrations outside {@code db/migration/<Plugin-Id>/}, a Plugin-Id shared with another file) is
 * likewise moved to {@code refused/} with its reason, instead of failing again at every start.
 */
public final class PluginService implements AutoCloseable {

    /** Where plugins come from, where their private copies go, and how often to look for changes. */
    public record PluginSettings(Path pluginsDir, Path workDir, Duration scanInterval) {
    }

    static final String STARTED = "STARTED";
    static final String DISABLED = "DISABLED";
    static final String FAILED = "FAILED";

    /** What became of a file offered to the service. */
    enum Outcome {
        /** The same file as the one installed: nothing changed. */
        UNCHANGED,
        /** A plugin not installed before is loaded (started, or disabled as an admin left it). */
        INSTALLED,
        /** A higher (or the same) version replaced the one installed. */
        UPGRADED,
        /** A plugin not installed before failed to load, migrate or start; it is listed as FAILED. */
        FAILED,
        /** The file can never run here; it is in {@code refused/}. */
        REFUSED,
        /** The file was to replace an installed version, was refused or rolled back; the installed version stays. */
        KEPT_CURRENT
    }

    /**
     * What became of an upload.
     *
     * @param plugin  the plugin as it is now listed: the new version, the version that stays after
     *                a refused upgrade, or the refused or FAILED entry of a new plugin
     * @param version the uploaded file's {@code Plugin-Version}
     * @param upgrade whether a version of the plugin was installed before
     * @param refusal why the upload did not take, {@code null} when it did
     */
    public record Installation(PluginInfo plugin, String version, boolean upgrade, String refusal) {

        public boolean took() {
            return refusal == null;
        }
    }
    private static final Logger log = LoggerFactory.getLogger(PluginService.class);

    private final PluginSettings settings;
    private final MatriculaPluginManager manager;
    private final PluginMigrations migrations;
    private final PluginRegistry registry;
    private final PluginMetrics metrics;
    private final Map<String, PluginSlot> slots = new LinkedHashMap<>();
    /** Files refused in this run, by where they were found; listed so an admin sees why. */
    private final Map<Path, PluginSlot> refused = new LinkedHashMap<>();
    private final PluginFolderWatcher watcher;
    private final Map<Class<?>, List<?>> extensionsByType = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();
    private final List<BiConsumer<String, String>> startListeners = new CopyOnWriteArrayList<>();

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
        refused.values().forEach(slot -> all.add(slot.info()));
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

    /** The {@code Plugin-Version} of the plugin that supplied this extension. */
    public Optional<String> pluginVersionOf(Object extension) {
        return Optional.ofNullable(manager.whichPlugin(extension.getClass()))
                .map(plugin -> plugin.getDescriptor().getVersion());
    }

    /**
     * What a plugin's own failure in its extension's code becomes for the platform: an ordinary
     * failure naming the plugin and its version, in one line, whatever the code threw (an
     * unexpected exception, a class it could not link such as a {@link NoClassDefFoundError} when
     * the plugin was upgraded or unloaded mid-call, an {@link AssertionError}, a recursion too
     * deep), so that it is retried, logged or answered as any other failure is. The trace goes to
     * DEBUG, as for every plugin failure; the caller logs the line, or records it.
     *
     * @param pluginId the plugin the caller called, named even when the extension's plugin is gone
     * @param doing    what the plugin was asked, as in "failed {@code to take an event}"
     * @throws VirtualMachineError when that is what was thrown: the JVM failing is no plugin's to contain
     */
    public PluginFailure failure(String pluginId, Object extension, String doing, Throwable thrown) {
        Failures.rethrowJvmFailure(thrown);
        log.debug("Plugin {} failed {}", pluginId, doing, thrown);
        String version = pluginVersionOf(extension).map(known -> " " + known).orElse("");
        return new PluginFailure("plugin " + pluginId + version + " failed " + doing + ": "
                + Failures.rootMessage(thrown), thrown);
    }

    /** The version of a started plugin; empty when it is not installed or not started. */
    public Optional<String> startedVersion(String pluginId) {
        PluginSlot slot = slots.get(pluginId);
        return slot != null && STARTED.equals(slot.state) ? Optional.of(slot.descriptor.getVersion()) : Optional.empty();
    }

    /** A resource inside a started plugin's own JAR (not the platform's class path); empty otherwise. */
    public Optional<java.net.URL> resourceOf(String pluginId, String name) {
        if (startedVersion(pluginId).isEmpty()) {
            return Optional.empty();
        }
        PluginWrapper plugin = manager.getPlugin(pluginId);
        ClassLoader loader = plugin == null ? null : plugin.getPluginClassLoader();
        return loader instanceof java.net.URLClassLoader own ? Optional.ofNullable(own.findResource(name))
                : Optional.empty();
    }

    /** The extensions of one plugin, whether or not other parts of the platform have asked for them yet. */
    public synchronized <T> List<T> extensionsOf(Class<T> type, String pluginId) {
        PluginSlot slot = slots.get(pluginId);
        return slot != null && STARTED.equals(slot.state) ? manager.getExtensions(type, pluginId) : List.of();
    }

    /**
     * Calls {@code listener} with the id and version of every plugin started from now on, and at
     * once for those already started. A listener that throws is logged; the plugin still starts.
     */
    public synchronized void whenStarted(BiConsumer<String, String> listener) {
        startListeners.add(listener);
        slots.values().stream().filter(slot -> STARTED.equals(slot.state)).toList()
                .forEach(slot -> tellStarted(listener, slot));
    }

    private void tellStarted(BiConsumer<String, String> listener, PluginSlot slot) {
        try {
            listener.accept(slot.id, slot.descriptor.getVersion());
        } catch (RuntimeException e) {
            log.warn("Plugin {} {} started, but what the platform keeps of each started version was not kept: {}",
                    slot.id, slot.descriptor.getVersion(), Failures.rootMessage(e));
            log.debug("Plugin {} start listener failed", slot.id, e);
        }
    }

    /**
     * Loads the plugins folder at start. Files are read first, so two files with one Plugin-Id are
     * both refused, rather than one of them winning by the order of their names.
     */
    synchronized void offerAtStart(List<Path> files) {
        Map<String, List<Path>> filesById = new LinkedHashMap<>();
        Map<Path, PluginDescriptor> descriptors = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                PluginDescriptor descriptor = PluginFiles.describe(file);
                descriptors.put(file, descriptor);
                filesById.computeIfAbsent(descriptor.getPluginId(), id -> new ArrayList<>()).add(file);
            } catch (RuntimeException unreadable) {
                // offer() reports it
            }
        }
        for (Path file : files) {
            PluginDescriptor descriptor = descriptors.get(file);
            List<Path> sameId = descriptor == null ? List.of(file) : filesById.get(descriptor.getPluginId());
            if (sameId.size() > 1) {
                refuse(file, descriptor, "Plugin-Id '" + descriptor.getPluginId() + "' is in more than one file: "
                        + String.join(", ", sameId.stream().map(path -> path.getFileName().toString()).toList())
                        + "; keep only the one to run");
            } else {
                offerReporting(file);
            }
        }
        metrics.refresh();
    }

    private void offerReporting(Path file) {
        try {
            offer(file);
        } catch (RuntimeException e) {
            log.error("Plugin file {} could not be read: {}", file.getFileName(), Failures.rootMessage(e));
            log.debug("Plugin file {} could not be read", file.getFileName(), e);
        }
    }

    /** Loads, upgrades or (for an unchanged file) leaves alone the plugin in this file. */
    synchronized Outcome offer(Path source) {
        changing();
        String checksum = PluginFiles.sha256(source);
        PluginDescriptor descriptor;
        try {
            descriptor = PluginFiles.describe(source);
        } catch (RuntimeException e) {
            refuse(source, null, "invalid plugin manifest: " + Failures.rootMessage(e));
            return Outcome.REFUSED;
        }
        refused.remove(source);
        PluginSlot current = slots.get(descriptor.getPluginId());
        if (current != null && checksum.equals(current.checksum) && !FAILED.equals(current.state)) {
            if (!source.equals(current.source)) {
                // a copy of the running file under another name would make two files of one Plugin-Id at the next start
                watcher.ignore(source);
                PluginFiles.deleteQuietly(source);
            }
            return Outcome.UNCHANGED;
        }
        boolean serving = current != null && !FAILED.equals(current.state);
        Optional<String> refusal = refusal(descriptor, source);
        if (refusal.isEmpty() && serving) {
            refusal = downgrade(current.descriptor, descriptor);
        }
        if (refusal.isPresent() && serving) {
            keepCurrent(current, source, descriptor, "refused: " + refusal.get());
            return Outcome.KEPT_CURRENT;
        }
        if (refusal.isPresent()) {
            if (current != null && source.equals(current.source)) {
                slots.remove(current.id);
            }
            refuse(source, descriptor, refusal.get());
            return Outcome.REFUSED;
        }
        PluginSlot candidate = new PluginSlot(descriptor.getPluginId());
        candidate.source = source;
        candidate.copy = PluginFiles.privateCopy(source, checksum, settings.workDir());
        candidate.checksum = checksum;
        candidate.descriptor = descriptor;
        Outcome outcome;
        if (serving) {
            outcome = upgrade(current, candidate) ? Outcome.UPGRADED : Outcome.KEPT_CURRENT;
        } else {
            slots.put(candidate.id, candidate);
            outcome = activateReporting(candidate) ? Outcome.INSTALLED : Outcome.FAILED;
        }
        metrics.refresh();
        return outcome;
    }

    /**
     * A lower version never replaces a higher one: the schema stays migrated to the higher
     * version (Flyway does not undo migrations), and the older code would run against it.
     */
    private Optional<String> downgrade(PluginDescriptor installed, PluginDescriptor offered) {
        try {
            if (manager.getVersionManager().compareVersions(offered.getVersion(), installed.getVersion()) < 0) {
                return Optional.of("version " + offered.getVersion() + " is lower than the installed "
                        + installed.getVersion() + ", whose migrations the schema keeps; a plugin is not downgraded");
            }
        } catch (RuntimeException unreadable) {
            // a version that is not semantic cannot be ordered; the file is tried as before
        }
        return Optional.empty();
    }

    /** Why this file can never run here, whatever the database or the network do. */
    private Optional<String> refusal(PluginDescriptor descriptor, Path jar) {
        Optional<String> incompatible = incompatibility(descriptor);
        return incompatible.isPresent() ? incompatible : PluginFiles.misplacedMigrations(jar, descriptor.getPluginId());
    }

    private boolean upgrade(PluginSlot current, PluginSlot candidate) {
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
            return true;
        }
        if (!candidate.copy.equals(current.copy)) {
            PluginFiles.deleteQuietly(candidate.copy);
        }
        slots.put(current.id, current);
        activateReporting(current);
        keepCurrent(current, candidate.source, candidate.descriptor, "rolled back: " + candidate.failureReason);
        return false;
    }

    /**
     * After a refused or failed upgrade: the new file goes to {@code refused/}, the running
     * version's file is back in the plugins folder, and the reason is the plugin's last error.
     */
    private void keepCurrent(PluginSlot current, Path newFile, PluginDescriptor newDescriptor, String outcome) {
        current.lastError = "upgrade to " + newDescriptor.getVersion() + " " + outcome;
        moveAside(newFile, newDescriptor.getVersion(), current.lastError);
        log.warn("Plugin {}: {}; version {} {}", current.id, current.lastError, current.descriptor.getVersion(),
                STARTED.equals(current.state) ? "keeps serving" : "kept, " + current.state);
        metrics.refresh();
    }

    /** Moves a file that cannot run aside and lists it as FAILED with the reason, once, not at every start. */
    private void refuse(Path source, PluginDescriptor descriptor, String reason) {
        PluginSlot slot = new PluginSlot(descriptor == null ? source.getFileName().toString() : descriptor.getPluginId());
        slot.source = source;
        slot.descriptor = descriptor;
        slot.state = FAILED;
        Path movedTo = moveAside(source, descriptor == null ? null : descriptor.getVersion(), reason);
        slot.failureReason = reason + " (moved to " + PluginFiles.REFUSED_FOLDER + "/" + movedTo.getFileName() + ")";
        refused.put(source, slot);
        log.warn("Plugin file {} refused: {}", source.getFileName(), slot.failureReason);
    }

    private Path moveAside(Path file, String version, String reason) {
        watcher.ignore(file);
        Path movedTo = PluginFiles.moveAside(file, version, reason);
        // a refused upgrade may have taken the place of the running version's file: put that back
        slots.values().stream().filter(slot -> file.equals(slot.source) && slot.copy != null).findFirst()
                .ifPresent(owner -> {
                    PluginFiles.restore(owner.copy, file);
                    watcher.remember(file);
                });
        return movedTo;
    }

    /** {@link #activate}, with a failure reported as one line. */
    private boolean activateReporting(PluginSlot slot) {
        return activate(slot) || report(slot);
    }

    private boolean report(PluginSlot slot) {
        log.error("Plugin {} {} ({}) FAILED: {}", slot.id, slot.descriptor.getVersion(), slot.source.getFileName(),
                slot.failureReason);
        return false;
    }

    /** Loads the slot's private copy, and migrates and starts it unless an admin disabled it. */
    private boolean activate(PluginSlot slot) {
        slot.failureReason = null;
        try {
            manager.loadPlugin(slot.copy);
        } catch (Throwable e) {
            Failures.rethrowJvmFailure(e);
            unloadQuietly(slot.id);
            return fail(slot, "loading", e);
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
        int migrated;
        try {
            migrated = migrations.migrate(slot.id, plugin.getPluginClassLoader());
        } catch (Throwable e) {
            Failures.rethrowJvmFailure(e);
            unloadQuietly(slot.id);
            return fail(slot, "migration", e);
        }
        try {
            PluginState state = manager.startPlugin(slot.id);
            if (state != PluginState.STARTED) {
                Throwable cause = plugin.getFailedException();
                unloadQuietly(slot.id);
                return fail(slot, "start", cause != null ? cause : new IllegalStateException("ended in state " + state));
            }
            Set<String> offers = new TreeSet<>();
            for (String className : manager.getExtensionClassNames(slot.id)) {
                Class<?> extension = plugin.getPluginClassLoader().loadClass(className);
                manager.getExtensionFactory().create(extension);
                offers.addAll(extensionPoints(extension));
            }
            // kept for when this plugin is failed or removed, as what it may hold then
            registry.recordOffers(slot.id, offers);
            slot.state = STARTED;
            // a file of this id refused earlier (say, one of two found at start) is no longer what the admin needs to see
            refused.values().removeIf(refusedFile -> refusedFile.id.equals(slot.id));
            log.info("Plugin {} {} started{}", slot.id, slot.descriptor.getVersion(),
                    migrated > 0 ? " after " + migrated + " migration(s)" : "");
            startListeners.forEach(listener -> tellStarted(listener, slot));
            return true;
        } catch (Throwable e) {
            // the plugin's own code: its start, its extensions' constructors and static fields
            Failures.rethrowJvmFailure(e);
            unloadQuietly(slot.id);
            return fail(slot, "start", e);
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

    /** Marks the slot FAILED with a one-line reason; the caller reports it, the trace goes to DEBUG. */
    private boolean fail(PluginSlot slot, String phase, Throwable error) {
        slot.state = FAILED;
        slot.failureReason = phase + " failed: " + Failures.rootMessage(error);
        log.debug("Plugin {} {}: {} failed", slot.id, slot.descriptor.getVersion(), phase, error);
        return false;
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
            log.warn("Plugin {} did not unload cleanly: {}", pluginId, Failures.rootMessage(e));
        }
        manager.forget(pluginId, loader);
    }

    synchronized void forgetFile(Path source) {
        changing();
        refused.remove(source);
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
            throw org.matricula.platform.errors.NotFoundException.localized("refusal.plugin.missing", id);
        }
        return slot;
    }

    public synchronized PluginInfo enable(String id) {
        changing();
        PluginSlot slot = slot(id);
        registry.record(id, true, slot.descriptor.getVersion(), slot.checksum);
        if (!STARTED.equals(slot.state)) {
            if (manager.getPlugin(id) == null) {
                activateReporting(slot);
            } else if (!startLoaded(slot)) {
                report(slot);
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
            throw org.matricula.platform.errors.BadRequestException.localized("refusal.plugin.fileGone", id, slot.source);
        }
        if (PluginFiles.sha256(slot.source).equals(slot.checksum)) {
            deactivate(slot);
            activateReporting(slot);
            metrics.refresh();
        } else {
            offer(slot.source);
        }
        return slot(id).info();
    }

    /**
     * Unloads the plugin and deletes its file; its database schema and data stay. The refused
     * files of this id leave the list too, but stay in {@code refused/} for the admin to read.
     */
    public synchronized void remove(String id) {
        changing();
        boolean refusedForgotten = refused.values().removeIf(refusedFile -> refusedFile.id.equals(id));
        if (refusedForgotten && !slots.containsKey(id)) {
            log.info("Plugin {}: its refused files are no longer listed; they stay in {}/", id, PluginFiles.REFUSED_FOLDER);
            metrics.refresh();
            return;
        }
        PluginSlot slot = slot(id);
        watcher.ignore(slot.source);
        PluginFiles.deleteQuietly(slot.source);
        forgetFile(slot.source);
    }

    /** Installs or upgrades from an uploaded file (see {@link PluginUpload}), and says what became of it. */
    public Installation install(String fileName, java.io.InputStream jar) {
        Path target = new PluginUpload(settings.pluginsDir(), settings.workDir()).store(fileName, jar);
        synchronized (this) {
            changing();
            watcher.remember(target);
            PluginDescriptor uploaded = PluginFiles.describe(target);
            String id = uploaded.getPluginId();
            PluginSlot before = slots.get(id);
            boolean upgrade = before != null && !FAILED.equals(before.state);
            Outcome outcome = offer(target);
            PluginSlot now = slots.get(id);
            return switch (outcome) {
                case UNCHANGED, INSTALLED, UPGRADED -> new Installation(now.info(), uploaded.getVersion(), upgrade, null);
                case FAILED -> new Installation(now.info(), uploaded.getVersion(), false, now.failureReason);
                case KEPT_CURRENT -> new Installation(now.info(), uploaded.getVersion(), true, now.lastError);
                case REFUSED -> {
                    PluginInfo refusedFile = refused.get(target).info();
                    yield new Installation(refusedFile, uploaded.getVersion(), upgrade, refusedFile.failureReason());
                }
            };
        }
    }

    /** Why the extensions of a plugin cannot be asked now, while what it keeps stays. */
    public enum Unreachable {
        /** An admin disabled it. */
        DISABLED,
        /** It failed to load or start (or its file was refused). */
        FAILED,
        /** It was removed; its schema, named after it, is still in the database. */
        REMOVED
    }

    /**
     * The plugins that offer extensions of this type when started, such as a
     * {@code PersonalDataHolder}, but are not started now, with why: what they keep is out of
     * reach until they serve again. A disabled plugin stays loaded, so its extension classes are
     * told without starting it; a failed or removed one is known by what its last started version
     * offered ({@code plugin_registry.offers}). A removed plugin counts only while its schema stays.
     */
    public synchronized Map<String, Unreachable> unreachableOffering(Class<?> type) {
        Map<String, Unreachable> found = new TreeMap<>();
        for (PluginSlot slot : slots.values()) {
            PluginWrapper plugin = manager.getPlugin(slot.id);
            if (DISABLED.equals(slot.state) && plugin != null && offers(plugin, type)) {
                found.put(slot.id, Unreachable.DISABLED);
            }
        }
        registry.offering(type.getName()).forEach((id, schemaKept) -> {
            PluginSlot slot = slots.get(id);
            if (found.containsKey(id) || slot != null && STARTED.equals(slot.state)) {
                return;
            }
            if (slot != null) {
                found.put(id, DISABLED.equals(slot.state) ? Unreachable.DISABLED : Unreachable.FAILED);
            } else if (refused.values().stream().anyMatch(refusedFile -> refusedFile.id.equals(id))) {
                found.put(id, Unreachable.FAILED);
            } else if (schemaKept) {
                found.put(id, Unreachable.REMOVED);
            }
        });
        return found;
    }

    /** The extension points (interface names) an extension class implements. */
    private static List<String> extensionPoints(Class<?> extension) {
        Set<String> points = new TreeSet<>();
        Deque<Class<?>> types = new ArrayDeque<>(List.of(extension));
        while (!types.isEmpty()) {
            Class<?> type = types.pop();
            if (type.isInterface() && type != ExtensionPoint.class && ExtensionPoint.class.isAssignableFrom(type)) {
                points.add(type.getName());
            }
            if (type.getSuperclass() != null) {
                types.push(type.getSuperclass());
            }
            types.addAll(Arrays.asList(type.getInterfaces()));
        }
        return List.copyOf(points);
    }

    private boolean offers(PluginWrapper plugin, Class<?> type) {
        for (String className : manager.getExtensionClassNames(plugin.getPluginId())) {
            try {
                if (type.isAssignableFrom(plugin.getPluginClassLoader().loadClass(className))) {
                    return true;
                }
            } catch (ClassNotFoundException | LinkageError unloadable) {
                // an extension that cannot load would not have started either
            }
        }
        return false;
    }

    @Override
    public synchronized void close() {
        changing();
        watcher.close();
        // one by one: PF4J's stopPlugins() trips over plugins this service already stopped itself
        new ArrayList<>(slots.keySet()).forEach(this::unloadQuietly);
    }
}
