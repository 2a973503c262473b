package org.matricula.api;

import java.time.Duration;
import org.pf4j.ExtensionPoint;

/**
 * Work a plugin wants done at a fixed period, such as a digest mail. The platform runs each task
 * once per period across all nodes.
 *
 * @since 1.0.0
 */
public interface PeriodicTask extends ExtensionPoint {

    /**
     * A name unique within the plugin.
     *
     * @since 1.0.0
     */
    String name();

    /** @since 1.0.0 */
    Duration period();

    /**
     * Does one period's work. An exception, or an error such as an {@link AssertionError}, is
     * logged and the task runs again next period.
     *
     * @since 1.0.0
     */
    void run() throws Exception;
}
