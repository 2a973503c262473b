package org.matricula.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * The CSV export of every row, read to the end by the client, with the heap of the whole JVM
 * watched meanwhile: the export has to stream, not hold the rows.
 */
final class ExportBench {

    /** What came over the wire: bytes, and lines, which are the header and one per row. */
    private record Received(long bytes, long lines) {

        static Received readToEnd(InputStream body) throws IOException {
            long bytes = 0;
            long lines = 0;
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = body.read(buffer)) > 0) {
                bytes += read;
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
            return new Received(bytes, lines);
        }
    }

    private final PlatformHttp http;
    private final Session admin;
    private final Results results;

    ExportBench(PlatformHttp http, Session admin, Results results) {
        this.http = http;
        this.admin = admin;
        this.results = results;
    }

    void run() throws Exception {
        HeapPeak heap = HeapPeak.start();
        long started = System.nanoTime();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                http.request("/api/v1/admin/declarations.csv", admin).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        Received received;
        try (InputStream body = response.body()) {
            received = Received.readToEnd(body);
        }
        long elapsed = Figures.millisSince(started);
        heap.stop();
        if (response.statusCode() != 200) {
            throw new IllegalStateException("export: " + response.statusCode());
        }
        long rows = received.lines() - 1;
        double projected = rows == 0 ? 0 : elapsed * 1_000_000.0 / rows / 1000;
        results.addFormatted("CSV export of all rows: %d rows, %.1f MB in %d ms (%.0f rows/s; %.1f s per"
                + " 1,000,000 rows at this rate); JVM heap used before %d MB, peak %d MB (whole JVM: server and"
                + " client, max heap %d MB)  [target 1,000,000 rows <= 5 s: %s; heap < 256 MB: %s]", rows,
                received.bytes() / 1e6, elapsed, rows * 1000.0 / elapsed, projected, heap.baselineBytes() >> 20,
                heap.peakBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20, Figures.met(projected <= 5),
                Figures.met(heap.peakBytes() < 256L << 20));
    }
}
