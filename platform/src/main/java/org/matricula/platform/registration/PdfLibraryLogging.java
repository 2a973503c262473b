package org.matricula.platform.registration;

import com.openhtmltopdf.util.Diagnostic;
import com.openhtmltopdf.util.XRLog;
import com.openhtmltopdf.util.XRLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends openhtmltopdf's logging through SLF4J, to the platform's log format and levels. Left to
 * itself the library writes to java.util.logging with its own console handler, in lines of its own.
 */
final class PdfLibraryLogging implements XRLogger {

    private static final String EXCEPTIONS = "com.openhtmltopdf.exception";

    private PdfLibraryLogging() {
    }

    static void install() {
        if (!(XRLog.getLoggerImpl() instanceof PdfLibraryLogging)) {
            XRLog.setLoggerImpl(new PdfLibraryLogging());
        }
    }

    @Override
    public void log(String where, java.util.logging.Level level, String message) {
        LoggerFactory.getLogger(where).atLevel(slf4jLevel(level)).log(message);
    }

    @Override
    public void log(String where, java.util.logging.Level level, String message, Throwable error) {
        // The library logs an error it then throws; the platform's caller reports it (as a refused
        // template or an unexpected error), so a second stack trace here would only repeat it.
        org.slf4j.event.Level to = EXCEPTIONS.equals(where) ? org.slf4j.event.Level.DEBUG : slf4jLevel(level);
        LoggerFactory.getLogger(where).atLevel(to).setCause(error).log(message);
    }

    @Override
    public void setLevel(String where, java.util.logging.Level level) {
        // levels are Logback's to set (logback.xml), not the library's
    }

    @Override
    public boolean isLogLevelEnabled(Diagnostic diagnostic) {
        Logger logger = LoggerFactory.getLogger(diagnostic.getLogMessageId().getWhere());
        return logger.isEnabledForLevel(slf4jLevel(diagnostic.getLevel()));
    }

    private static org.slf4j.event.Level slf4jLevel(java.util.logging.Level level) {
        int value = level.intValue();
        if (value >= java.util.logging.Level.SEVERE.intValue()) {
            return org.slf4j.event.Level.ERROR;
        }
        if (value >= java.util.logging.Level.WARNING.intValue()) {
            return org.slf4j.event.Level.WARN;
        }
        if (value >= java.util.logging.Level.INFO.intValue()) {
            return org.slf4j.event.Level.INFO;
        }
        return value >= java.util.logging.Level.FINE.intValue() ? org.slf4j.event.Level.DEBUG
                : org.slf4j.event.Level.TRACE;
    }
}
