package org.matricula.platform.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.openhtmltopdf.util.XRLog;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.matricula.platform.testing.LogCapture;

class PdfRendererTest {

    @Test
    void aRenderLogsNothingAndTheLibraryLogsThroughSlf4j() {
        PdfRenderer renderer = new PdfRenderer();
        renderer.warmUp();
        assertInstanceOf(PdfLibraryLogging.class, XRLog.getLoggerImpl(), "not java.util.logging's own console lines");

        List<ILoggingEvent> events;
        try (LogCapture capture = LogCapture.start()) {
            renderer.render("<html><head><style>body { font-family: 'DejaVu Sans'; }</style></head>"
                    + "<body><h1>Заявление</h1><p><b>Иванов</b> Иван</p></body></html>");
            events = capture.atLeast(Level.INFO);
        }
        assertEquals(List.of(), events.stream().map(ILoggingEvent::getFormattedMessage).toList());
    }
}
