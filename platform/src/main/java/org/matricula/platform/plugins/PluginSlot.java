package org.matricula.platform.plugins;

import java.nio.file.Path;
import org.pf4j.PluginDescriptor;

/**
 * One plugin as the platform tracks it: the file it came from, the private copy it runs from,
 * and its state. Mutable; guarded by the {@link PluginService} lock.
 */
final class PluginSlot {

    final String id;
    Path source;
    Path copy;
    String checksum;
    PluginDescriptor descriptor;
    String state;
    String failureReason;
    String lastError;

    PluginSlot(String id) {
        this.id = id;
    }

    PluginInfo info() {
        return new PluginInfo(id, descriptor == null ? null : descriptor.getVersion(), state,
                descriptor == null ? null : descriptor.getRequires(),
                descriptor == null ? null : descriptor.getPluginDescription(),
                source == null ? null : source.getFileName().toString(), failureReason, lastError, checksum);
    }
}
