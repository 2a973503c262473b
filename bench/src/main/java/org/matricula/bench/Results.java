package org.matricula.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The figures of a run: each printed as soon as it is measured, so a long run shows progress, and
 * all of them written to {@code results.txt} at the end. Progress notes that are not figures go
 * to standard output only.
 */
final class Results {

    private final StringBuilder lines = new StringBuilder();

    void add(String line) {
        System.out.println(line);
        lines.append(line).append('\n');
    }

    /** Formatted with {@link Locale#ROOT}, so decimal points do not depend on the machine's locale. */
    void addFormatted(String format, Object... args) {
        add(String.format(Locale.ROOT, format, args));
    }

    void write(Path target) throws IOException {
        Path file = target.resolve("results.txt");
        Files.writeString(file, lines.toString());
        System.out.println("Written to " + file);
    }
}
