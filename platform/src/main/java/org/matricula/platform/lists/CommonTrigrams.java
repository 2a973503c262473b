package org.matricula.platform.lists;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The letter triples (trigrams) that a large share of a searched column's values contain, read
 * from the sample PostgreSQL keeps of the column ({@code pg_stats}): a searched word is looked up
 * in the column's trigram index by its longest part free of them ({@link #probe}), and matched
 * whole on the rows found. For each candidate row the index reads the entries of every trigram
 * of the pattern, and a trigram that every name has holds an entry per row of the table: among
 * 500,000 names of the form {@code Фамилия4242 Имя242}, {@code %Фамилия4242%} read 822 pages of the
 * index (25 ms) where its part {@code %я4242%} reads 166 (1.3 ms). Read again every ten minutes.
 */
final class CommonTrigrams {

    /** A trigram is common when at least this share of the sampled values contain it. */
    static final double COMMON_SHARE = 0.1;
    /** Fewer sampled values say too little about a column (a small table needs no probe anyway). */
    static final int MIN_SAMPLE = 20;
    private static final long FRESH_NANOS = Duration.ofMinutes(10).toNanos();

    private record Sample(long readAt, Map<String, Set<String>> common) {
    }

    private final Map<String, Sample> tables = new ConcurrentHashMap<>();

    /**
     * The common trigrams of each of the list's searched expressions that is a column of its
     * table, by expression; others are not in the answer.
     */
    Map<String, Set<String>> of(Handle handle, ListDefinition definition) {
        Map<String, String> columns = new HashMap<>();
        for (String expression : definition.searched()) {
            if (definition.onTable(expression)) {
                columns.put(expression.substring(expression.indexOf('.') + 1), expression);
            }
        }
        if (columns.isEmpty()) {
            return Map.of();
        }
        String table = definition.table().trim().split("\\s+")[0];
        String key = table + " " + String.join(",", columns.keySet());
        Sample sample = tables.get(key);
        if (sample == null || System.nanoTime() - sample.readAt() > FRESH_NANOS) {
            sample = new Sample(System.nanoTime(), read(handle, table, columns));
            tables.put(key, sample);
        }
        return sample.common();
    }

    private static Map<String, Set<String>> read(Handle handle, String table, Map<String, String> columns) {
        Map<String, List<String>> values = handle.createQuery("""
                SELECT s.attname, v.value FROM pg_stats s
                CROSS JOIN LATERAL unnest(CAST(CAST(s.histogram_bounds AS text) AS text[])
                                          || CAST(CAST(s.most_common_vals AS text) AS text[])) v(value)
                WHERE s.schemaname = current_schema() AND s.tablename = :table AND s.attname = ANY(:columns)""")
                .bind("table", table).bindArray("columns", String.class, columns.keySet().toArray())
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2)))
                .collect(Collectors.groupingBy(Map.Entry::getKey,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        Map<String, Set<String>> common = new HashMap<>();
        values.forEach((column, sampled) -> common.put(columns.get(column), common(sampled)));
        return Map.copyOf(common);
    }

    /** The trigrams at least {@link #COMMON_SHARE} of the values contain; none for a small sample. */
    static Set<String> common(List<String> values) {
        if (values.size() < MIN_SAMPLE) {
            return Set.of();
        }
        Map<String, Integer> counts = new HashMap<>();
        values.forEach(value -> trigrams(value).forEach(trigram -> counts.merge(trigram, 1, Integer::sum)));
        return counts.entrySet().stream().filter(entry -> entry.getValue() >= COMMON_SHARE * values.size())
                .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
    }

    /** The trigrams inside the words (letters and digits) of the text, lower-cased, as an index has them. */
    static Set<String> trigrams(String text) {
        Set<String> trigrams = new HashSet<>();
        String lower = lower(text);
        int start = 0;
        while (start < lower.length()) {
            int end = start;
            while (end < lower.length() && Character.isLetterOrDigit(lower.charAt(end))) {
                end++;
            }
            for (int i = start; i + 3 <= end; i++) {
                trigrams.add(lower.substring(i, i + 3));
            }
            start = end + 1;
        }
        return trigrams;
    }

    /**
     * The longest part of the word whose trigrams are all uncommon, to look up in the index; the
     * word itself when all of it is, when none of it is (nothing would be gained), or when it is
     * not one word of letters and digits (the index splits it at other characters).
     */
    static String probe(String word, Set<String> common) {
        if (common.isEmpty() || word.length() < 4 || !word.chars().allMatch(Character::isLetterOrDigit)) {
            return word;
        }
        String lower = lower(word);
        int bestStart = -1;
        int bestLength = 0;
        int runStart = 0;
        for (int i = 0; i + 3 <= lower.length(); i++) {
            if (common.contains(lower.substring(i, i + 3))) {
                runStart = i + 1;
            } else if (i - runStart + 1 > bestLength) {
                bestStart = runStart;
                bestLength = i - runStart + 1;
            }
        }
        return bestStart < 0 ? word : word.substring(bestStart, bestStart + bestLength + 2);
    }

    /** Lower case letter by letter, so that positions in the text stay those of the original. */
    private static String lower(String text) {
        StringBuilder lower = new StringBuilder(text.length());
        text.chars().forEach(c -> lower.append(Character.toLowerCase((char) c)));
        return lower.toString();
    }
}
