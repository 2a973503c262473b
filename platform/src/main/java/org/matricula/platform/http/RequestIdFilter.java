package org.matricula.platform.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Gives every request an id (taken from a sane incoming {@code X-Request-Id}, else new), puts it
 * in the logging context and the response, and has one line per request written to the access log.
 */
public final class RequestIdFilter implements Filter {

    public static final String MDC_KEY = "requestId";
    public static final String HEADER = "X-Request-Id";
    /** Set by {@link RouteMetrics} to the matched route template, for the access log. */
    public static final String ROUTE_ATTRIBUTE = "matricula.route";
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final AccessLog accessLog;

    RequestIdFilter(AccessLog accessLog) {
        this.accessLog = accessLog;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String id = idFor(request.getHeader(HEADER));
        long started = System.nanoTime();
        MDC.put(MDC_KEY, id);
        response.setHeader(HEADER, id);
        try {
            chain.doFilter(request, response);
        } finally {
            Object route = request.getAttribute(ROUTE_ATTRIBUTE);
            accessLog.request(id, request.getMethod(), route != null ? route : request.getRequestURI(),
                    response.getStatus(), (System.nanoTime() - started) / 1_000_000);
            MDC.remove(MDC_KEY);
        }
    }

    /** The client's own id when it sent a sane one, else a new one. */
    static String idFor(String incoming) {
        return incoming != null && SANE_ID.matcher(incoming).matches() ? incoming : newId();
    }

    /**
     * 16 hex digits. An id ties log lines and an error page together and guards nothing, so it
     * comes from the thread's own generator, not from the shared secure one behind {@code UUID}.
     */
    static String newId() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
