package org.matricula.platform.lists;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The search box of a list: each word typed must be found, case-insensitively and anywhere, in
 * one of the list's searched expressions, in any order. Matched word by word, a rare word is
 * looked up in the trigram index and a common one (a first name half the applicants share) only
 * checked on the rows found; the whole text matched at once would make the index walk the common
 * word's entries for every candidate row. Past a few words, the rest is matched as one piece.
 *
 * <p>A word with one {@code @} inside (part of an address, {@code ivanov@mail}) is found in an
 * address with a single {@code @} exactly when the address's local part ends with what comes
 * before the word's {@code @} (and the rest matches too): in the list's e-mail expression, when it
 * has one ({@link ListDefinition#searchedEmail}), it is looked up so, by the reversed local part's
 * prefix, and then matched as any word. The trigram index would walk, for each candidate, the
 * entries of trigrams nearly every address has.
 *
 * <p>A word of a shape one of the list's {@link ListSearchRule}s takes is matched by that rule
 * instead.
 *
 * <p>A word with trigrams most of a column's values share ({@link CommonTrigrams}, when the
 * reader knows them) is looked up in that column's index by its longest part without them, and
 * matched whole on the rows found: {@code Фамилия4242} by {@code ия4242}.
 */
record ListSearch(List<String> searched, String email, List<ListSearchRule> rules, List<String> words,
        Map<String, Set<String>> commonTrigrams) {

    private static final int MAX_WORDS = 5;

    static ListSearch of(ListQuery query) {
        ListDefinition definition = query.definition();
        List<String> searched = definition.searched();
        String text = query.search().trim();
        List<ListSearchRule> rules = definition.searchRules();
        return new ListSearch(searched, definition.searchedEmail(), rules,
                searched.isEmpty() && rules.isEmpty() || text.isEmpty() ? List.of()
                        : List.of(text.split("\\s+", MAX_WORDS)), query.commonTrigrams());
    }

    /** One condition per word, its value bound as {@code :q0}, {@code :q1}, ... */
    List<String> conditions() {
        List<String> conditions = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            Optional<ListSearchRule> rule = rule(words.get(i));
            if (rule.isPresent()) {
                conditions.add("(" + rule.get().condition().replace(ListSearchRule.WORD, ":q" + i) + ")");
                continue;
            }
            String parameter = " ILIKE :q" + i + " ESCAPE '!'";
            boolean address = localPart(words.get(i)) != null;
            String local = "reverse(lower(split_part(%s, '@', 1))) LIKE lower(:q" + i + "_local) ESCAPE '!'";
            List<String> matches = new ArrayList<>();
            for (int j = 0; j < searched.size(); j++) {
                String expression = searched.get(j);
                if (address && expression.equals(email)) {
                    matches.add("(" + local.formatted(expression) + " AND " + expression + parameter + ")");
                } else if (probed(i, expression)) {
                    // the index answers the probe; the whole word is matched on the rows it finds,
                    // on an expression that is not the index's
                    matches.add("(" + expression + " ILIKE :q" + i + "p" + j + " ESCAPE '!' AND (" + expression
                            + " || '')" + parameter + ")");
                } else {
                    matches.add(expression + parameter);
                }
            }
            conditions.add("(" + String.join(" OR ", matches) + ")");
        }
        return conditions;
    }

    Map<String, Object> parameters() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            Optional<ListSearchRule> rule = rule(words.get(i));
            if (rule.isPresent()) {
                String word = escapeLike(words.get(i));
                values.put("q" + i, rule.get().prefix() ? word + "%" : "%" + word + "%");
                continue;
            }
            values.put("q" + i, "%" + escapeLike(words.get(i)) + "%");
            for (int j = 0; j < searched.size(); j++) {
                if (probed(i, searched.get(j))) {
                    values.put("q" + i + "p" + j, "%" + escapeLike(probe(i, searched.get(j))) + "%");
                }
            }
            String local = localPart(words.get(i));
            if (local != null) {
                values.put("q" + i + "_local", escapeLike(new StringBuilder(local).reverse().toString()) + "%");
            }
        }
        return values;
    }

    /** Whether word {@code i} is looked up in the expression's index by a part of it ({@link CommonTrigrams}). */
    private boolean probed(int i, String expression) {
        return !probe(i, expression).equals(words.get(i));
    }

    private String probe(int i, String expression) {
        return CommonTrigrams.probe(words.get(i), commonTrigrams.getOrDefault(expression, Set.of()));
    }

    private Optional<ListSearchRule> rule(String word) {
        return rules.stream().filter(rule -> rule.takes(word)).findFirst();
    }

    /**
     * What comes before the {@code @} of a word with one {@code @} that is not its first
     * character, when the list has an e-mail expression to look it up in; otherwise null.
     */
    String localPart(String word) {
        int at = word.indexOf('@');
        return email == null || at < 1 || word.indexOf('@', at + 1) >= 0 ? null : word.substring(0, at);
    }

    /**
     * Makes the admin's text match literally: % and _ are wildcards in LIKE. The escape is ! rather
     * than a backslash, which Jdbi's SQL parser would take for its own escape inside the literal.
     */
    static String escapeLike(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
