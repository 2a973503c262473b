package org.matricula.bench;

import java.nio.file.Path;
import java.util.Set;

/**
 * The options of a run: the build's target folder (bundled plugin JARs in, results out), how many
 * declarations to generate, the length of each throughput phase, the least warm-up before the
 * submit phases (a third of it before the form phases, the server being warm by then) and which
 * phases to run; for the CRM phases, how many persons and invoices to generate.
 */
record BenchOptions(Path target, int declarations, int seconds, int warmUpSeconds, Set<String> phases, int persons,
        int invoices) {

    /** A tenth of the declarations, so that each generated applicant has about ten. */
    int applicants() {
        return Math.max(1, declarations / 10);
    }

    boolean includes(String phase) {
        return phases.contains(phase);
    }
}
