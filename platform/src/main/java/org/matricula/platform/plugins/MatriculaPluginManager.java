package org.matricula.platform.plugins;

import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.matricula.api.MatriculaApi;
import org.matricula.api.PluginContext;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.Plugin;
import org.pf4j.PluginFactory;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginStatusProvider;
import org.pf4j.PluginWrapper;

/**
 * PF4J configured for Matricula: the plugin API version as system version, a {@link PluginContext}
 * passed to plugin and extension constructors that ask for one, one extension instance per plugin
 * start, and enabled state kept by the platform (in the database), not in PF4J's text files.
 */
final class MatriculaPluginManager extends DefaultPluginManager {

    private final Map<String, PluginContext> contexts = new ConcurrentHashMap<>();
    private final Map<Class<?>, Object> extensions = new ConcurrentHashMap<>();
    private PluginContextFactory contextFactory;

    MatriculaPluginManager(Path privateCopies, PluginContextFactory contextFactory) {
        super(privateCopies);
        this.contextFactory = contextFactory;
        setSystemVersion(MatriculaApi.VERSION);
    }

    PluginContext contextOf(PluginWrapper plugin) {
        return contexts.computeIfAbsent(plugin.getPluginId(),
                id -> contextFactory.create(id, plugin.getPluginClassLoader()));
    }

    /** Forgets a plugin's context and extension instances, so a restart builds fresh ones. */
    void forget(String pluginId, ClassLoader loader) {
        contexts.remove(pluginId);
        extensions.keySet().removeIf(type -> type.getClassLoader() == loader);
    }

    @Override
    protected PluginStatusProvider createPluginStatusProvider() {
        return new PluginStatusProvider() {
            @Override
            public boolean isPluginDisabled(String pluginId) {
                return false;
            }

            @Override
            public void disablePlugin(String pluginId) {
                // the platform keeps enabled state in plugin_registry
            }

            @Override
            public void enablePlugin(String pluginId) {
                // the platform keeps enabled state in plugin_registry
            }
        };
    }

    @Override
    protected PluginFactory createPluginFactory() {
        return wrapper -> {
            String className = wrapper.getDescriptor().getPluginClass();
            try {
                Class<?> type = wrapper.getPluginClassLoader().loadClass(className);
                return (Plugin) construct(type, wrapper);
            } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
                throw new PluginRuntimeException(e, "Cannot create plugin class {}: {}", className, e.toString());
            }
        };
    }

    @Override
    protected ExtensionFactory createExtensionFactory() {
        return new ExtensionFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T create(Class<T> type) {
                return (T) extensions.computeIfAbsent(type, this::instantiate);
            }

            private Object instantiate(Class<?> type) {
                try {
                    return construct(type, whichPlugin(type));
                } catch (ReflectiveOperationException e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    throw new PluginRuntimeException(cause, "Cannot create extension {}: {}", type.getName(),
                            cause.toString());
                }
            }
        };
    }

    private Object construct(Class<?> type, PluginWrapper plugin) throws ReflectiveOperationException {
        for (Constructor<?> constructor : type.getConstructors()) {
            if (plugin != null && constructor.getParameterCount() == 1
                    && constructor.getParameterTypes()[0] == PluginContext.class) {
                return constructor.newInstance(contextOf(plugin));
            }
        }
        return type.getConstructor().newInstance();
    }
}
