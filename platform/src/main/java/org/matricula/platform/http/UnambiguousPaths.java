package org.matricula.platform.http;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.matricula.platform.i18n.Messages;

/**
 * Refuses, with 400 and before anything routes it, a request whose path could be read two ways:
 * {@code ;} path parameters (which the servlet path keeps and Jersey drops), encoded slashes,
 * backslashes, dots or NUL, dot segments, empty segments, and anything Jetty itself flags as a
 * URI violation. What is left has one reading, so the router and every filter see the same path.
 * No page of the platform needs any of these forms.
 */
public final class UnambiguousPaths extends Handler.Wrapper {

    private static final Pattern ENCODED_SEPARATOR_OR_DOT = Pattern.compile("%(2f|5c|2e|00)");
    private static final Pattern DOT_SEGMENT = Pattern.compile("(^|/)\\.{1,2}(/|$)");

    public UnambiguousPaths(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        // The reader's language is read only for a refusal: most requests have one reading.
        Optional<String> problem = problemWith(request.getHttpURI(), () -> JettyErrors.languageOf(request));
        if (problem.isPresent()) {
            request.setAttribute(JettyErrors.TOLD_DETAIL, problem.get());
            Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400, problem.get());
            return true;
        }
        return super.handle(request, response, callback);
    }

    /** Why the path is refused, or empty when it has one reading. */
    static Optional<String> problemWith(HttpURI uri, Locale locale) {
        return problemWith(uri, () -> locale);
    }

    /** As {@link #problemWith(HttpURI, Locale)}, the language asked for only when the path is refused. */
    static Optional<String> problemWith(HttpURI uri, Supplier<Locale> language) {
        String path = uri.getPath();
        if (path == null || path.isEmpty()) {
            return Optional.empty();
        }
        if (path.indexOf(';') >= 0) {
            return Optional.of(Messages.text(language.get(), "problem.path.parameters"));
        }
        if (path.indexOf('%') >= 0 && ENCODED_SEPARATOR_OR_DOT.matcher(path.toLowerCase(Locale.ROOT)).find()
                || path.indexOf('\\') >= 0) {
            return Optional.of(Messages.text(language.get(), "problem.path.encoded"));
        }
        if (path.indexOf('.') >= 0 && DOT_SEGMENT.matcher(path).find() || path.contains("//")) {
            return Optional.of(Messages.text(language.get(), "problem.path.segments"));
        }
        if (uri.hasViolations()) {
            return Optional.of(Messages.text(language.get(), keyOf(uri.getViolations().iterator().next())));
        }
        return Optional.empty();
    }

    /**
     * The bundle key of the sentence that explains a Jetty refusal whose (English) message names a
     * URI violation, e.g. "Ambiguous URI empty segment"; empty for any other message.
     */
    static Optional<String> keyOfJettyReason(String message) {
        if (message == null) {
            return Optional.empty();
        }
        for (UriCompliance.Violation violation : UriCompliance.Violation.values()) {
            if (message.contains(violation.getDescription())) {
                return Optional.of(keyOf(violation));
            }
        }
        return Optional.empty();
    }

    private static String keyOf(UriCompliance.Violation violation) {
        return switch (violation) {
            case AMBIGUOUS_PATH_SEGMENT, AMBIGUOUS_EMPTY_SEGMENT -> "problem.path.segments";
            case AMBIGUOUS_PATH_PARAMETER -> "problem.path.parameters";
            case AMBIGUOUS_PATH_SEPARATOR, AMBIGUOUS_PATH_ENCODING, SUSPICIOUS_PATH_CHARACTERS -> "problem.path.encoded";
            case UTF16_ENCODINGS, BAD_UTF8_ENCODING, TRUNCATED_UTF8_ENCODING, BAD_PERCENT_ENCODING ->
                    "problem.path.encoding";
            case ILLEGAL_PATH_CHARACTERS -> "problem.path.character";
            default -> "problem.path.malformed";
        };
    }
}
