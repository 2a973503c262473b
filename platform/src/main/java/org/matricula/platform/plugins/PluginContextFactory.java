package org.matricula.platform.plugins;

import org.matricula.api.PluginContext;

/** Builds the narrow view of the platform each plugin receives. */
@FunctionalInterface
public interface PluginContextFactory {

    PluginContext create(String pluginId, ClassLoader pluginClassLoader);
}
