package org.matricula.plugins.growup;

import org.pf4j.Plugin;

/** The GrowUp! academy: open courses for everyone. */
public final class GrowUpPlugin extends Plugin {
}
