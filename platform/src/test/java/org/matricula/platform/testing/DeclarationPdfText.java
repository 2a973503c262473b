package org.matricula.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.matricula.api.CourseFamily;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.registration.DeclarationDocument;
import org.matricula.platform.registration.DeclarationTemplates;
import org.matricula.platform.registration.PdfRenderer;

/** Renders a family's declaration as the platform does and extracts the text back from the PDF. */
public final class DeclarationPdfText {

    private static final DeclarationDocument DOCUMENT = new DeclarationDocument(new DeclarationTemplates(),
            new PdfRenderer());

    private DeclarationPdfText() {
    }

    public static byte[] pdf(CourseFamily family, String programTitle, Map<String, String> values) {
        return pdf(family, programTitle, values, Messages.RUSSIAN);
    }

    /** A declaration submitted in this language. */
    public static byte[] pdf(CourseFamily family, String programTitle, Map<String, String> values, Locale language) {
        return pdf(family, "Проект", programTitle, values, language);
    }

    /** A declaration to a project of this title. */
    public static byte[] pdf(CourseFamily family, String projectTitle, String programTitle, Map<String, String> values,
            Locale language) {
        return DOCUMENT.pdf(family, new DeclarationDocument.Data("DC-000042", projectTitle, programTitle,
                Instant.parse("2026-09-01T09:00:00Z"), values, language));
    }

    public static String text(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String render(CourseFamily family, String programTitle, Map<String, String> values) {
        return text(pdf(family, programTitle, values));
    }

    public static String render(CourseFamily family, String programTitle, Map<String, String> values, Locale language) {
        return text(pdf(family, programTitle, values, language));
    }
}
