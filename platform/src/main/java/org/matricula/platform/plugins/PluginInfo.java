package org.matricula.platform.plugins;

/**
 * What an admin sees of a plugin.
 *
 * @param state         STARTED, DISABLED or FAILED
 * @param failureReason why it is FAILED, else {@code null}
 * @param lastError     why the last upgrade was rolled back, else {@code null}
 * @param checksum      SHA-256 of the JAR it runs from
 */
public record PluginInfo(String id, String version, String state, String requires, String description, String file,
        String failureReason, String lastError, String checksum) {
}
