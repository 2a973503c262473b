package org.matricula.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.jetty.io.EofException;
import org.junit.jupiter.api.Test;

/** A client that goes away mid-answer is no error of the server's; every other failure still is. */
class ClientDisconnectsTest {

    private static final LoggerContext LOGGING = new LoggerContext();
    private static final Logger RESPONDER = LOGGING.getLogger("org.glassfish.jersey.server.ServerRuntime$Responder");
    private static final String WRITING = "An I/O error has occurred while writing a response message entity to the"
            + " container output stream.";

    private final ClientDisconnects filter = new ClientDisconnects();

    @Test
    void jerseysErrorAboutAClientThatWentAwayIsNotLoggedAsAnError() {
        for (Throwable gone : java.util.List.of(
                new UncheckedIOException(new EofException(new IOException("Broken pipe"))),
                new IOException("Connection reset by peer"),
                new RuntimeException(new IOException("java.io.IOException: Broken pipe")),
                new jakarta.ws.rs.ProcessingException(new EofException("reset")))) {
            assertEquals(FilterReply.DENY, filter.decide(null, RESPONDER, Level.ERROR, WRITING, null, gone),
                    gone.toString());
        }
    }

    @Test
    void everyOtherErrorIsLoggedAsBefore() {
        assertEquals(FilterReply.NEUTRAL, filter.decide(null, RESPONDER, Level.ERROR, WRITING, null,
                new IOException("No space left on device")), "a real failure to write");
        assertEquals(FilterReply.NEUTRAL, filter.decide(null, RESPONDER, Level.ERROR, WRITING, null,
                new IllegalStateException("serializer failed")));
        assertEquals(FilterReply.NEUTRAL, filter.decide(null, RESPONDER, Level.ERROR, WRITING, null, null));
        assertEquals(FilterReply.NEUTRAL, filter.decide(null, LOGGING.getLogger("org.matricula.platform.db.Database"),
                Level.ERROR, "lost the database", null, new IOException("Connection reset")),
                "only Jersey's answers to clients are a client's business");
    }
}
