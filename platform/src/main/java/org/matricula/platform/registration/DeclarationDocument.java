package org.matricula.platform.registration;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.matricula.api.CourseFamily;

/**
 * The printable declaration: the family's Mustache template filled with the declaration's data,
 * rendered to PDF.
 */
public final class DeclarationDocument {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");

    private final DeclarationTemplates templates;
    private final PdfRenderer pdf;
    private final ZoneId zone;

    /** What a declaration template may show. */
    public record Data(String number, String projectTitle, String programTitle, Instant submittedAt,
            Map<String, String> values) {
    }

    public DeclarationDocument(DeclarationTemplates templates, PdfRenderer pdf, ZoneId zone) {
        this.templates = templates;
        this.pdf = pdf;
        this.zone = zone;
    }

    public byte[] pdf(CourseFamily family, Data data) {
        return pdf.render(html(family, data));
    }

    public String html(CourseFamily family, Data data) {
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("family", family.title().ru());
        scope.put("familyEn", family.title().en());
        scope.put("project", data.projectTitle());
        scope.put("program", data.programTitle());
        scope.put("number", data.number());
        scope.put("submittedAt", DATE.format(data.submittedAt().atZone(zone)));
        scope.put("applicant", Declarations.fullName(data.values()));
        scope.put("values", data.values());
        scope.put("fontFamily", PdfRenderer.FONT_FAMILY);
        return templates.render(family, scope);
    }
}
