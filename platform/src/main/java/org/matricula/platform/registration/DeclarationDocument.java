package org.matricula.platform.registration;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.matricula.api.CourseFamily;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;

/**
 * The printable declaration: the family's Mustache template filled with the declaration's data,
 * rendered to PDF.
 */
public final class DeclarationDocument {


    private final DeclarationTemplates templates;
    private final PdfRenderer pdf;

    /**
     * What a declaration template may show.
     *
     * @param language the declaration's language: option labels and dates in {@code labels} are in it
     */
    public record Data(String number, String projectTitle, String programTitle, Instant submittedAt,
            Map<String, String> values, Locale language) {

        /** A declaration in the platform's default language. */
        public Data(String number, String projectTitle, String programTitle, Instant submittedAt,
                Map<String, String> values) {
            this(number, projectTitle, programTitle, submittedAt, values, Messages.RUSSIAN);
        }
    }

    public DeclarationDocument(DeclarationTemplates templates, PdfRenderer pdf) {
        this.templates = templates;
        this.pdf = pdf;
    }

    /** The declaration printed with a live family's current template. */
    public byte[] pdf(CourseFamily family, Data data) {
        return pdf(PrintableFamily.of(family, ""), data);
    }

    /** The declaration printed with a kept copy of a family version's template. */
    public byte[] pdf(PrintableFamily family, Data data) {
        return pdf.render(html(family, data));
    }

    public String html(CourseFamily family, Data data) {
        return html(PrintableFamily.of(family, ""), data);
    }

    public String html(PrintableFamily family, Data data) {
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("family", family.titleText().ru());
        scope.put("familyEn", family.titleText().en());
        scope.put("project", data.projectTitle());
        scope.put("program", data.programTitle());
        scope.put("number", data.number());
        // The printed declaration is filed in the platform's default language, whatever the screen's.
        scope.put("submittedAt", TimeDisplay.date(Messages.RUSSIAN, TimeDisplay.day(data.submittedAt())));
        scope.put("applicant", Declarations.fullName(data.values()));
        scope.put("values", data.values());
        scope.put("labels", FieldValues.readable(family.fields(), data.values(), data.language()));
        scope.put("fontFamily", PdfRenderer.FONT_FAMILY);
        return templates.render(family, scope);
    }
}
