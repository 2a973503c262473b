package org.matricula.bench;

import java.util.Locale;
import java.util.Map;

/**
 * The CPU a phase used, in milliseconds, by part: server, load clients, outbox worker, the CRM's
 * feed (which copies new accounts and declarations into the CRM in the background), JIT, GC,
 * PostgreSQL; and the server's part by kind of thread (request threads, access log, ...).
 */
record CpuUse(Map<String, Double> jvmMillis, Map<String, Double> postgresByProcess,
        Map<String, Double> serverThreadMillis) {

    static final String SERVER = "server";
    static final String CLIENT = "client";
    static final String OUTBOX = "outbox";
    static final String FEED = "feed";
    static final String JIT = "JIT";
    static final String GC = "GC";

    /** Which part a thread of this JVM belongs to, by its (15-character) Linux name. */
    static String partOf(String threadName) {
        if (threadName.startsWith(LoadClient.THREAD_PREFIX)) {
            return CLIENT;
        }
        if (threadName.startsWith("outbox-worker")) {
            return OUTBOX;
        }
        if (threadName.startsWith("crm-feed")) {
            return FEED;
        }
        if (threadName.contains("CompilerThre")) {
            return JIT;
        }
        if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ") || threadName.startsWith("VM Thread")) {
            return GC;
        }
        return SERVER;
    }

    /** A thread's kind: its name without numbers (Jetty's request threads are {@code qtp<n>-<m>}). */
    static String kindOf(String threadName) {
        return threadName.replaceAll("[0-9]+", "#");
    }

    /** The server's busiest kinds of threads per request, e.g. {@code qtp#-# 0.50, access-log 0.05}. */
    String serverThreads(long requests) {
        return serverThreadMillis.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(6).map(entry -> String.format(Locale.ROOT, "%s %.3f", entry.getKey(), entry.getValue() / requests))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * PostgreSQL's CPU per request by kind of process, e.g. {@code backends 1.20, ended 0.40,
     * walwriter 0.05}; kinds under 0.005 ms left out.
     */
    String postgresProcesses(long requests) {
        return postgresByProcess.entrySet().stream().filter(entry -> entry.getValue() / requests >= 0.005)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(entry -> String.format(Locale.ROOT, "%s %.2f", entry.getKey(), entry.getValue() / requests))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** PostgreSQL's CPU in milliseconds, all its processes. */
    double postgresMillis() {
        return postgresByProcess.values().stream().mapToDouble(Double::doubleValue).sum();
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
                + " load client %.2f, outbox worker %.2f, CRM feed %.2f, JIT %.2f", millis(SERVER) / requests,
                millis(GC) / requests, postgresMillis() / requests, millis(CLIENT) / requests, millis(OUTBOX) / requests,
                millis(FEED) / requests, millis(JIT) / requests);
    }
}
