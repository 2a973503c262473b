package org.matricula.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;
import org.slf4j.MDC;

/**
 * The answer to requests Jetty refuses before they reach the application (a malformed URI, invalid
 * UTF-8, headers too large) or errors raised outside Jersey: a problem+json body for API clients,
 * a short page for browsers, both with the reason and never a stack trace, whatever the method,
 * and with the same security headers as the application's own answers.
 */
public final class JettyErrors extends ErrorHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A request attribute holding the detail already told in the reader's language, as by {@link UnambiguousPaths}. */
    static final String TOLD_DETAIL = "matricula.toldDetail";
    /** What Jetty names a request whose first line it could not parse. */
    private static final String BAD_MESSAGE_PATH = "/badMessage";

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        // Set before any body is chosen, so that answers without a body carry them as well.
        SecurityHeaders.all().forEach(response.getHeaders()::put);
        return super.handle(request, response, callback);
    }

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
            String contentType, List<Charset> charsets, int code, String message, Throwable cause) {
        String reason = HttpStatus.getMessage(code);
        Locale locale = languageOf(request);
        // Jetty's own reasons are English: a known one is told in the reader's language, any other
        // only by its status, so that no sentence mixes two languages.
        String detail = request.getAttribute(TOLD_DETAIL) instanceof String told ? told
                : UnambiguousPaths.keyOfJettyReason(message).map(key -> Messages.text(locale, key))
                        .orElseGet(() -> Messages.text(locale, "problem.unreadable",
                                ProblemResponses.statusTitle(code, locale)));
        String requestId = requestIdOf(request, response);
        response.getHeaders().put(RequestIdFilter.HEADER, requestId);
        byte[] body;
        if (wantsHtml(request)) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html;charset=utf-8");
            body = page(code, ProblemResponses.statusTitle(code, locale), detail, locale)
                    .getBytes(StandardCharsets.UTF_8);
        } else {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
            body = problem(code, reason, detail, readPath(request), requestId);
        }
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    /**
     * The reader's language for a request Jetty answers itself, read as {@link Language} reads it:
     * the {@code lang} query parameter, the language cookie, then Accept-Language. Whatever of the
     * request cannot be parsed (it may be why it is refused) is passed over; Russian by default.
     */
    static Locale languageOf(Request request) {
        String lang = null;
        String remembered = null;
        try {
            lang = Request.extractQueryParameters(request).getValue("lang");
        } catch (RuntimeException malformed) {
            // an unreadable query names no language
        }
        try {
            remembered = Request.getCookies(request).stream().filter(cookie -> cookie.getName().equals(Language.COOKIE))
                    .map(HttpCookie::getValue).findFirst().orElse(null);
        } catch (RuntimeException malformed) {
            // nor does an unreadable cookie header
        }
        // Without the header Jetty answers the JVM's default locale, which is no preference of the reader's.
        return Language.of(lang, remembered, () -> request.getHeaders().contains(HttpHeader.ACCEPT_LANGUAGE)
                ? Request.getLocales(request) : List.of());
    }

    private static boolean wantsHtml(Request request) {
        String path = request.getHttpURI().getPath();
        if (path != null && (path.startsWith("/api/") || path.startsWith("/health") || path.startsWith("/metrics")
                || path.equals("/openapi.json"))) {
            return false;
        }
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        if (accept == null) {
            // Headers too large to read: a page unless not even the path could be read.
            return path != null && !path.equals(BAD_MESSAGE_PATH) && request.getHeaders().size() == 0;
        }
        return accept.contains("text/html");
    }

    /**
     * The request's path, or null when Jetty could not read it: it then names the request
     * {@code /badMessage}, which is no address the client asked for.
     */
    private static String readPath(Request request) {
        String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        return path == null || path.isEmpty() || path.equals(BAD_MESSAGE_PATH) ? null : path;
    }

    /**
     * The id of the request being answered: the one {@link RequestIdFilter} gave it when it got
     * that far (in the logging context or already on the answer), else the client's own if sane, else a new one, so that even a request refused
     * before it reached the application can be quoted.
     */
    static String requestIdOf(Request request, Response response) {
        String known = MDC.get(RequestIdFilter.MDC_KEY);
        if (known == null) {
            known = response.getHeaders().get(RequestIdFilter.HEADER);
        }
        if (known != null) {
            return known;
        }
        String incoming = null;
        try {
            incoming = request.getHeaders().get(RequestIdFilter.HEADER);
        } catch (RuntimeException unreadable) {
            // headers that could not be read carry no id
        }
        return RequestIdFilter.idFor(incoming);
    }

    private static byte[] problem(int code, String reason, String detail, String path, String requestId) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", reason);
        problem.put("status", code);
        problem.put("detail", detail);
        if (path != null) {
            problem.put("instance", path);
        }
        problem.put("requestId", requestId);
        try {
            return JSON.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String page(int code, String reason, String detail, Locale locale) {
        return "<!DOCTYPE html>\n<html lang=\"" + locale.getLanguage() + "\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
                + code + " — Matricula"
                + "</title>\n<link rel=\"stylesheet\" href=\"/assets/matricula.css\">\n</head>\n"
                + "<body class=\"error-page\">\n<h1>" + code + " · " + escape(reason) + "</h1>\n<p>" + escape(detail)
                + "</p>\n<p><a href=\"/\">Matricula</a></p>\n</body>\n</html>\n";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
