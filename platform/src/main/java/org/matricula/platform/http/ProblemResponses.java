package org.matricula.platform.http;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.web.Views;
import org.slf4j.MDC;

/**
 * Builds error responses: problem+json for API clients, a friendly HTML page for browsers.
 * Never carries a stack trace.
 */
public final class ProblemResponses {

    private final Views views;

    public ProblemResponses(Views views) {
        this.views = views;
    }

    public Response build(Response.StatusType status, String detail, List<Problem.FieldProblem> errors,
            UriInfo uriInfo, HttpHeaders headers) {
        String path = "/" + uriInfo.getPath();
        String requestId = MDC.get(RequestIdFilter.MDC_KEY);
        if (wantsHtml(path, headers)) {
            Locale locale = languageOf(uriInfo, headers);
            String page = views.render("error", Map.of("status", status.getStatusCode(), "title",
                    statusTitle(status, locale), "detail", detail == null ? "" : detail, "requestId",
                    requestId == null ? "" : requestId, "errors", errors, "lang", locale.getLanguage(),
                    "t", Messages.helper(locale)));
            return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page).build();
        }
        Problem problem = new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, path,
                requestId, errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** The language a request's answer is in, as its pages would be. */
    static Locale languageOf(UriInfo uriInfo, HttpHeaders headers) {
        return Language.of(uriInfo.getQueryParameters().getFirst("lang"), headers);
    }

    /** The status named in the reader's language; statuses without a name of their own get a generic one. */
    private static String statusTitle(Response.StatusType status, Locale locale) {
        return statusTitle(status.getStatusCode(), locale);
    }

    static String statusTitle(int code, Locale locale) {
        String key = "error.status." + code;
        return Messages.keys(Locale.ENGLISH).contains(key) ? Messages.text(locale, key)
                : Messages.text(locale, "error.status.other");
    }

    private static boolean wantsHtml(String path, HttpHeaders headers) {
        if (path.startsWith("/api/") || path.startsWith("/health") || path.startsWith("/metrics")
                || path.equals("/openapi.json")) {
            return false;
        }
        try {
            return headers.getAcceptableMediaTypes().stream()
                    .anyMatch(type -> type.isCompatible(MediaType.TEXT_HTML_TYPE) && !type.isWildcardType());
        } catch (RuntimeException malformedAccept) {
            // The error may be about this very header: answer it rather than fail again on it.
            String accept = headers.getHeaderString(HttpHeaders.ACCEPT);
            return accept != null && accept.contains("text/html");
        }
    }
}
