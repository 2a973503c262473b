package org.matricula.platform.lists;

import java.util.regex.Pattern;

/**
 * How a list matches a searched word of a given shape, when an ILIKE over the searched expressions
 * could not be served by an index: a word shaped like an invoice number is better looked up as a
 * prefix of the number in a B-tree than as a pattern over every row's number and payer.
 *
 * @param shape the words this rule takes (the whole word must match)
 * @param condition the SQL condition on the list's table, naming the word's pattern {@code :word}
 * @param prefix whether the pattern is the word followed by {@code %} (a prefix), rather than the
 *     word between two {@code %} (anywhere); LIKE's wildcards in the word are escaped with {@code !}
 */
public record ListSearchRule(Pattern shape, String condition, boolean prefix) {

    /** The placeholder of the word's pattern in {@link #condition}. */
    static final String WORD = ":word";

    public ListSearchRule {
        if (!condition.contains(WORD)) {
            throw new IllegalArgumentException("A search rule's condition names the word as " + WORD);
        }
    }

    /** Words matching {@code shape} are matched as a prefix by the condition. */
    public static ListSearchRule prefix(String shape, String condition) {
        return new ListSearchRule(Pattern.compile(shape), condition, true);
    }

    /** Words matching {@code shape} are matched anywhere by the condition. */
    public static ListSearchRule anywhere(String shape, String condition) {
        return new ListSearchRule(Pattern.compile(shape), condition, false);
    }

    boolean takes(String word) {
        return shape.matcher(word).matches();
    }
}
