package org.matricula.platform.registration;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns XHTML into PDF with openhtmltopdf, with DejaVu Sans embedded from the platform's own
 * resources so Cyrillic prints the same on every machine, whatever fonts it has.
 */
public final class PdfRenderer {

    public static final String FONT_FAMILY = "DejaVu Sans";

    public byte[] render(String xhtml) {
        ByteArrayOutputStream pdf = new ByteArrayOutputStream(32 * 1024);
        try {
            new PdfRendererBuilder()
                    .useFastMode()
                    .useFont(() -> font("DejaVuSans.ttf"), FONT_FAMILY, 400, FontStyle.NORMAL, true)
                    .useFont(() -> font("DejaVuSans-Bold.ttf"), FONT_FAMILY, 700, FontStyle.NORMAL, true)
                    .withHtmlContent(xhtml, null)
                    .toStream(pdf)
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException("PDF rendering failed", e);
        }
        return pdf.toByteArray();
    }

    private static java.io.InputStream font(String file) {
        return PdfRenderer.class.getResourceAsStream("/fonts/" + file);
    }

    /** Renders a small page once so the first applicant does not wait for font and class loading. */
    public void warmUp() {
        render("<html><body style=\"font-family: 'DejaVu Sans'\"><p>Заявление</p></body></html>");
    }
}
