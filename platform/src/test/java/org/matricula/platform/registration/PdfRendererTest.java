package org.matricula.platform.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.openhtmltopdf.util.XRLog;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.matricula.platform.testing.DeclarationPdfText;
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

    @Test
    void charactersXmlDoesNotAllowAreLeftOutRawOrAsReferencesAndTheRestPrints() {
        String xhtml = "<html><head><style>body { font-family: 'DejaVu Sans'; }</style></head><body>"
                + "<p>Мотивация: a&#1;b&#x0;c\u0001d\uFFFFe\uD800f&#65535;g&#xD800;h&#99999999;i</p>"
                + "<p>Tab&#9;and &#1071;&#x44f; stay</p></body></html>";

        String text = DeclarationPdfText.text(new PdfRenderer().render(xhtml));

        assertTrue(text.contains("Мотивация: abcdefghi"), text);
        assertTrue(text.contains("Яя stay"), text);
        assertEquals("<p>a&#9;Я&#x44F;\n</p>", PdfRenderer.printable("<p>a&#9;&#0;\u0008Я&#x44F;\n&#x1F;</p>"));
    }
}
