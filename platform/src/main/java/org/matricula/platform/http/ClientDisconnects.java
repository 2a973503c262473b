package org.matricula.platform.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.io.IOException;
import java.util.Locale;
import org.eclipse.jetty.io.EofException;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Turns Jersey's error about an answer it could not finish writing because the client went away
 * (a closed tab, a download cut short) into one debug line: that is the client's choice, not a
 * fault of the server, and its hundred-line stack trace at ERROR would hide the real ones. Any
 * other error of writing an answer is logged as before. Installed in {@code logback.xml}.
 */
public final class ClientDisconnects extends TurboFilter {

    private static final String JERSEY_SERVER = "org.glassfish.jersey.server.";
    private static final org.slf4j.Logger log = LoggerFactory.getLogger(ClientDisconnects.class);

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable t) {
        if (t == null || level == null || !level.isGreaterOrEqual(Level.WARN)
                || !logger.getName().startsWith(JERSEY_SERVER)) {
            return FilterReply.NEUTRAL;
        }
        Throwable disconnect = disconnectIn(t);
        if (disconnect == null) {
            return FilterReply.NEUTRAL;
        }
        log.debug("The client went away before the answer was written: {}", disconnect.toString());
        return FilterReply.DENY;
    }

    /** The cause that says the connection was closed by the other side, or null when none does. */
    static Throwable disconnectIn(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof EofException) {
                return cause;
            }
            if (cause instanceof IOException && cause.getMessage() != null) {
                String message = cause.getMessage().toLowerCase(Locale.ROOT);
                if (message.contains("broken pipe") || message.contains("connection reset")
                        || message.contains("connection was aborted")) {
                    return cause;
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}
