package org.matricula.platform.registration;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.ForbiddenCharacters;

/**
 * Turns XHTML into PDF with openhtmltopdf, with DejaVu Sans embedded from the platform's own
 * resources so Cyrillic prints the same on every machine, whatever fonts it has.
 */
public final class PdfRenderer {

    public static final String FONT_FAMILY = "DejaVu Sans";

    // Read from the jar once: inflating both font files for every document took a third of its rendering time.
    private static final byte[] REGULAR = font("DejaVuSans.ttf");
    private static final byte[] BOLD = font("DejaVuSans-Bold.ttf");
    private static final Pattern CHARACTER_REFERENCE = Pattern.compile("&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));");

    static {
        PdfLibraryLogging.install();
    }

    /**
     * The document as PDF. Characters XML 1.0 does not allow, raw or as character references, are
     * left out first: values stored before they were refused, or typed where nothing checks them,
     * must not make a declaration, an invoice or a contract unprintable.
     */
    public byte[] render(String xhtml) {
        String printable = printable(xhtml);
        ByteArrayOutputStream pdf = new ByteArrayOutputStream(32 * 1024);
        try {
            new PdfRendererBuilder()
                    .useFastMode()
                    .useFont(() -> new ByteArrayInputStream(REGULAR), FONT_FAMILY, 400, FontStyle.NORMAL, true)
                    .useFont(() -> new ByteArrayInputStream(BOLD), FONT_FAMILY, 700, FontStyle.NORMAL, true)
                    .withHtmlContent(printable, null)
                    .toStream(pdf)
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException("PDF rendering failed", e);
        }
        return pdf.toByteArray();
    }

    /**
     * The XHTML without the characters XML 1.0 does not allow: Mustache escapes a control character
     * as a reference such as {@code &#1;}, which the XML parser refuses as much as the raw character.
     */
    static String printable(String xhtml) {
        String raw = ForbiddenCharacters.removed(xhtml);
        if (raw.indexOf("&#") < 0) {
            return raw;
        }
        Matcher reference = CHARACTER_REFERENCE.matcher(raw);
        StringBuilder kept = new StringBuilder(raw.length());
        while (reference.find()) {
            long codePoint = reference.group(1) != null ? Long.parseLong(reference.group(1), 16)
                    : Long.parseLong(reference.group(2));
            boolean allowed = codePoint <= Character.MAX_CODE_POINT && ForbiddenCharacters.allowed((int) codePoint);
            reference.appendReplacement(kept, allowed ? Matcher.quoteReplacement(reference.group()) : "");
        }
        reference.appendTail(kept);
        return kept.toString();
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
