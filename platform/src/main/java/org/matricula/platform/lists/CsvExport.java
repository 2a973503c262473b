package org.matricula.platform.lists;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;

/**
 * A list exported as a CSV download: the header written here in the admin's language, the rows
 * streamed from PostgreSQL's COPY ({@link ListCopy}), so an export of any size holds only a
 * buffer in memory.
 */
final class CsvExport {

    private CsvExport() {
    }

    /**
     * @param scope {@code all} for every row, otherwise only the rows the query's filters let through
     * @param separator {@code semicolon} for the separator spreadsheet programs expect in Russian locales
     */
    static Response of(ListCopy copy, ListQuery query, String scope, String separator, Locale locale,
            LocalDate today) {
        char sep = separator(separator, locale);
        ListQuery exported = all(scope, locale) ? query.unfiltered() : query;
        List<String> header = exported.columns().stream().map(column -> column.label(locale)).toList();
        StreamingOutput body = output -> {
            CsvWriter csv = new CsvWriter(output, sep);
            csv.row(header);
            csv.flush();
            copy.rows(exported, sep, locale, output);
        };
        String filename = query.definition().name() + "-" + today + ".csv";
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=" + filename).build();
    }

    private static char separator(String value, Locale locale) {
        if (value == null || value.isBlank() || value.equals("comma")) {
            return ',';
        }
        if (value.equals("semicolon")) {
            return ';';
        }
        throw InvalidInputException.field("sep", Messages.text(locale, "lists.separatorCommaOrSemicolon"));
    }

    private static boolean all(String scope, Locale locale) {
        if (scope == null || scope.isBlank() || scope.equals("filtered")) {
            return false;
        }
        if (scope.equals("all")) {
            return true;
        }
        throw InvalidInputException.field("scope", Messages.text(locale, "lists.exportScopeAllOrFiltered"));
    }
}
