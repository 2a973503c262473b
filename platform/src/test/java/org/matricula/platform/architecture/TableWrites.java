package org.matricula.platform.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The tables each feature package writes, read from the SQL in its sources (string literals
 * and DAO annotations alike): {@code INSERT INTO t}, {@code UPDATE t SET}, {@code DELETE FROM t}.
 */
final class TableWrites {

    private static final Pattern WRITE = Pattern.compile(
            "(?i)\\b(?:INSERT\\s+INTO|DELETE\\s+FROM|UPDATE)\\s+([a-z_][a-z0-9_]*)(?:\\s+SET\\b|[\\s(]|$)");

    private TableWrites() {
    }

    /** "package -> table" for every write found under a source root, one entry per pair. */
    static Set<String> under(Path sources, Path packageRoot) {
        Set<String> writes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources.resolve(packageRoot))) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                Path relative = sources.resolve(packageRoot).relativize(file);
                String feature = relative.getNameCount() > 1 ? relative.getName(0).toString() : "";
                writes(read(file)).forEach(table -> writes.add(feature + " -> " + table));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writes;
    }

    /** The tables one piece of source writes. */
    static Set<String> writes(String source) {
        Set<String> tables = new TreeSet<>();
        Matcher matcher = WRITE.matcher(source);
        while (matcher.find()) {
            String table = matcher.group(1).toLowerCase();
            // "FOR UPDATE OF d", "FOR UPDATE SKIP LOCKED", "DO UPDATE SET": locks and upserts, not another table.
            String before = source.substring(Math.max(0, matcher.start() - 4), matcher.start()).toUpperCase();
            if (!before.endsWith("FOR ") && !before.endsWith("DO ") && !table.equals("set")) {
                tables.add(table);
            }
        }
        return tables;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
