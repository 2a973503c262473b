package org.matricula.platform.registration;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.matricula.platform.i18n.Messages;

/**
 * Turns XHTML into PDF with openhtmltopdf, with DejaVu Sans embedded from the platform's own
 * resources so Cyrillic prints the same on every machine, whatever fonts it has.
 */
public final class PdfRenderer {

    public static final String FONT_FAMILY = "DejaVu Sans";

    // Read from the jar once: inflating both font files for every document took a third of its rendering time.
    private static final byte[] REGULAR = font("DejaVuSans.ttf");
    private static final byte[] BOLD = font("DejaVuSans-Bold.ttf");

    static {
        PdfLibraryLogging.install();
    }

    public byte[] render(String xhtml) {
        ByteArrayOutputStream pdf = new ByteArrayOutputStream(32 * 1024);
        try {
            new PdfRendererBuilder()
                    .useFastMode()
                    .useFont(() -> new ByteArrayInputStream(REGULAR), FONT_FAMILY, 400, FontStyle.NORMAL, true)
                    .useFont(() -> new ByteArrayInputStream(BOLD), FONT_FAMILY, 700, FontStyle.NORMAL, true)
                    .withHtmlContent(xhtml, null)
                    .toStream(pdf)
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException("PDF rendering failed", e);
        }
        return pdf.toByteArray();
    }

    private static byte[] font(String file) {
        try (InputStream in = PdfRenderer.class.getResourceAsStream("/fonts/" + file)) {
            if (in == null) {
                throw new IllegalStateException("The platform jar lacks its font " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the font " + file, e);
        }
    }

    /**
     * Renders a small page once so the first applicant does not wait for font and class loading;
     * in Russian, so that the Cyrillic glyphs are loaded too.
     */
    public void warmUp() {
        render("<html><body style=\"font-family: 'DejaVu Sans'\"><p>" + Messages.text(Messages.RUSSIAN,
                "common.declaration") + "</p></body></html>");
    }
}
