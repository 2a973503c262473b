package org.matricula.platform.errors;

import java.util.ArrayList;
import java.util.List;

/**
 * What one call or one run of background work may contain when it fails: every {@link Throwable}
 * but the JVM failing. Plugins' code throws errors that are not exceptions, such as a
 * {@link NoClassDefFoundError} when its plugin is upgraded or unloaded mid-call, an
 * {@link AssertionError}, an {@link ExceptionInInitializerError} or a {@link StackOverflowError}
 * (the stack is unwound by the time it is caught); a loop that let one of them through would stop
 * for good, as a scheduled task that throws is never run again. Only a {@link VirtualMachineError}
 * other than a stack overflow, such as an {@link OutOfMemoryError} or an {@link InternalError},
 * says that the JVM itself can no longer be trusted to go on: that one is rethrown.
 */
public final class Failures {

    private Failures() {
    }

    /** Whether the failure is the JVM's own, which nothing is to contain. */
    public static boolean isJvmFailure(Throwable failure) {
        return failure instanceof VirtualMachineError && !(failure instanceof StackOverflowError);
    }

    /** Rethrows the JVM's own failure; returns for any other, which the caller contains. */
    public static void rethrowJvmFailure(Throwable failure) {
        if (isJvmFailure(failure)) {
            throw (VirtualMachineError) failure;
        }
    }

    /**
     * One line for a log or an admin: the first line of the error's message, of the messages of
     * the causes in between that say more, and of its root cause's. Libraries such as Flyway put
     * whole reports, with file paths, in their messages; and a wrapper without a message of its
     * own (an {@link ExceptionInInitializerError} of a plugin's static field) must not hide the
     * cause that names what failed, such as the bundle file that is not UTF-8.
     */
    public static String rootMessage(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = error; cause != null && !chain.contains(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        Throwable root = chain.get(chain.size() - 1);
        String rootLine = root.getMessage() == null ? null : firstLine(root.getMessage());
        String rootText = rootLine == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + rootLine;
        List<String> told = new ArrayList<>();
        for (Throwable wrapper : chain.subList(0, chain.size() - 1)) {
            String line = wrapper.getMessage() == null ? null : firstLine(wrapper.getMessage());
            if (line != null && !line.isEmpty() && told.stream().noneMatch(earlier -> earlier.contains(line))) {
                told.add(line);
            }
        }
        if (told.isEmpty()) {
            return rootText;
        }
        List<String> more = new ArrayList<>(told.subList(1, told.size()));
        if (rootLine == null || told.stream().noneMatch(line -> line.contains(rootLine))) {
            more.add(rootText);
        }
        return more.isEmpty() ? told.get(0) : told.get(0) + " (" + String.join("; ", more) + ")";
    }

    private static String firstLine(String message) {
        String trimmed = message.strip();
        int end = trimmed.indexOf('\n');
        return (end < 0 ? trimmed : trimmed.substring(0, end)).strip();
    }
}
