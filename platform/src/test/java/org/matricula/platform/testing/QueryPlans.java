package org.matricula.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * The plans of a list's queries over generated data, for the tests that bound what a list reads:
 * each query's {@code EXPLAIN (ANALYZE, BUFFERS)}, kept under its title in a file under
 * {@code target/} (docs/performance.md quotes them), and the buffers the whole plan read, which do
 * not depend on the machine's load as times do.
 */
public final class QueryPlans {

    private static final Pattern TOP_BUFFERS = Pattern.compile("Buffers: shared hit=(\\d+)(?: read=(\\d+))?");

    private final Jdbi jdbi;
    private final String size;
    private final Path file;
    private final List<String> written = new ArrayList<>();

    /**
     * @param size     the data's size, as each plan's title names it ("20000 invoices")
     * @param fileName the file under {@code target/} the plans are written to
     */
    public QueryPlans(Jdbi jdbi, String size, String fileName) {
        this.jdbi = jdbi;
        this.size = size;
        this.file = Path.of("target", fileName);
    }

    /** Runs the query under {@code EXPLAIN (ANALYZE, BUFFERS)}, adds its plan to the file and answers it. */
    public String explain(String title, String sql) {
        List<String> plan = jdbi.withHandle(h -> h.createQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                .mapTo(String.class).list());
        synchronized (written) {
            written.add("-- " + title + " (" + size + ")");
            written.addAll(plan);
            written.add("");
            try {
                Files.write(file, written);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return String.join("\n", plan);
    }

    /** The shared buffers the whole plan read (hit or read), from its top node. */
    public static long buffers(String plan) {
        Matcher top = TOP_BUFFERS.matcher(plan);
        return top.find() ? Long.parseLong(top.group(1)) + (top.group(2) == null ? 0 : Long.parseLong(top.group(2)))
                : 0;
    }
}
