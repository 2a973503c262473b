package org.matricula.plugins.digitalchairs;

import org.pf4j.Plugin;

/** Digital Chairs: IT retraining programs for students and employees. */
public final class DigitalChairsPlugin extends Plugin {
}
