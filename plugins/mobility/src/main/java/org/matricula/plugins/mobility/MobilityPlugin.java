package org.matricula.plugins.mobility;

import org.pf4j.Plugin;

/** The mobility module: short courses for the university's own students. */
public final class MobilityPlugin extends Plugin {
}
