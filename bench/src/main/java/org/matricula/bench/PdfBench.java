package org.matricula.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** The applicant's declaration PDF over HTTP, one request at a time, of a declaration the submit phase made. */
final class PdfBench {

    private final PlatformHttp http;
    private final Results results;

    PdfBench(PlatformHttp http, Results results) {
        this.http = http;
        this.results = results;
    }

    void run(Optional<SubmittedDeclaration> submitted) throws Exception {
        SubmittedDeclaration declaration = submitted.orElseThrow(() -> new IllegalArgumentException(
                "the pdf phase needs the submit phase, which makes its declaration"));
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = http.request("/api/v1/me/declarations/" + declaration.id() + "/pdf",
                declaration.applicant()).build();
        AtomicLong size = new AtomicLong();
        long[] times = SequentialTimer.sortedNanos(50, 300, () -> {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            PlatformHttp.requireOk(response);
            size.set(response.body().length);
        });
        results.addFormatted("declaration PDF GET /api/me/declarations/{id}/pdf (%d bytes), one client:"
                + " median %.1f ms, p99 %.1f ms (300 after 50 warm-up)  [target median <= 50 ms: %s]", size.get(),
                Figures.percentile(times, 0.5), Figures.percentile(times, 0.99),
                Figures.met(Figures.percentile(times, 0.5) <= 50));
    }
}
