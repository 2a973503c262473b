package org.matricula.distribution.badinput;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One malformed request of the campaign and what its answer must be.
 *
 * @param endpoint the route probed, e.g. {@code POST /api/v1/admin/projects}
 * @param variant what is wrong with this request, for the report
 * @param target the raw request target: path and query exactly as sent, invalid bytes included
 * @param api whether the route is part of the JSON API (errors as problem+json) or a page (errors as HTML)
 * @param expect which answers are right besides a 4xx: a redirect (to log in), or any (the input is acceptable)
 * @param faultyField the body field at fault, which a 400 or 422 must name in its {@code errors}, or null
 */
record Probe(String endpoint, String variant, String method, String target, List<Map.Entry<String, String>> headers,
        byte[] body, boolean api, Probes.Expect expect, String faultyField) {

    /** For the report: the request line, headers and the start of the body. */
    String describe() {
        String shownTarget = target.length() > 160 ? target.substring(0, 160) + "…(" + target.length() + " chars)"
                : target;
        StringBuilder text = new StringBuilder(method).append(' ').append(shownTarget);
        headers.forEach(h -> text.append("\n    ").append(h.getKey()).append(": ")
                .append(h.getValue().length() > 100 ? h.getValue().substring(0, 100) + "…" : h.getValue()));
        if (body != null) {
            String start = new String(body, 0, Math.min(body.length, 160), StandardCharsets.ISO_8859_1);
            text.append("\n    body (").append(body.length).append(" bytes): ").append(start.replace("\r\n", "⏎"));
        }
        return text.toString();
    }
}
