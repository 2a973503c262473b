package org.matricula.bench;

import java.util.Locale;
import java.util.Map;

/** The CPU a phase used, in milliseconds, by part: server, load clients, outbox worker, JIT, GC, PostgreSQL. */
record CpuUse(Map<String, Double> jvmMillis, double postgresMillis) {

    static final String SERVER = "server";
    static final String CLIENT = "client";
    static final String OUTBOX = "outbox";
    static final String JIT = "JIT";
    static final String GC = "GC";

    /** Which part a thread of this JVM belongs to, by its (15-character) Linux name. */
    static String partOf(String threadName) {
        if (threadName.startsWith(LoadClient.THREAD_PREFIX) || threadName.startsWith("HttpClient-")) {
            return CLIENT;
        }
        if (threadName.startsWith("outbox-worker")) {
            return OUTBOX;
        }
        if (threadName.contains("CompilerThre")) {
            return JIT;
        }
        if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ") || threadName.startsWith("VM Thread")) {
            return GC;
        }
        return SERVER;
    }

    double millis(String part) {
        return jvmMillis.getOrDefault(part, 0.0);
    }

    /** Per request, e.g. {@code server 0.62 ms (GC 0.05), PostgreSQL 0.80, client 0.40, outbox 0.30, JIT 0.01}. */
    String perRequest(long requests) {
        if (requests == 0) {
            return "no requests";
        }
        return String.format(Locale.ROOT, "CPU per request: server %.2f ms (+ GC %.2f), PostgreSQL %.2f,"
                + " load client %.2f, outbox worker %.2f, JIT %.2f", millis(SERVER) / requests, millis(GC) / requests,
                postgresMillis / requests, millis(CLIENT) / requests, millis(OUTBOX) / requests,
                millis(JIT) / requests);
    }
}
