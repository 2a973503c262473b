package org.matricula.bench;

import java.util.concurrent.atomic.AtomicLong;

/** The failed requests of a throughput phase, shared by its clients, and the message of the first. */
final class LoadErrors {

    private final AtomicLong count = new AtomicLong();
    private volatile String first;

    void add(Exception e) {
        if (count.incrementAndGet() == 1) {
            first = String.valueOf(e.getMessage());
        }
    }

    long count() {
        return count.get();
    }

    /** Only the first, since one cause usually fails every request after it. */
    void printFirst() {
        if (first != null) {
            System.out.println("first error: " + first);
        }
    }
}
