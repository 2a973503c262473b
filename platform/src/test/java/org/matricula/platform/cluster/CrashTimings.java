package org.matricula.platform.cluster;

import java.util.ArrayList;
import java.util.List;

/** How long each stage of the crash test took, for its report. */
final class CrashTimings {

    private final long started = System.nanoTime();
    private final List<String> stages = new ArrayList<>();
    private long last = started;

    void mark(String stage) {
        long now = System.nanoTime();
        stages.add(stage + " " + (now - last) / 1_000_000 + " ms");
        last = now;
    }

    @Override
    public String toString() {
        return "timings: " + String.join(", ", stages) + "; " + (last - started) / 1_000_000 + " ms in all";
    }
}
