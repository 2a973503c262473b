package org.matricula.platform.plugins;

/**
 * A plugin failed in its own code: its message names the plugin, its version, what it was asked
 * and what it threw, in one line; the cause is what it threw. Made by {@link PluginService#failure}.
 */
public final class PluginFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    PluginFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
