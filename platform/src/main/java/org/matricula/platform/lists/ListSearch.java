package org.matricula.platform.lists;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The search box of a list: each word typed must be found, case-insensitively and anywhere, in
 * one of the list's searched expressions, in any order. Matched word by word, a rare word is
 * looked up in the trigram index and a common one (a first name half the applicants share) only
 * checked on the rows found; the whole text matched at once would make the index walk the common
 * word's entries for every candidate row. Past a few words, the rest is matched as one piece. A
 * word of a shape one of the list's {@link ListSearchRule}s takes is matched by that rule instead.
 */
record ListSearch(List<String> searched, List<ListSearchRule> rules, List<String> words) {

    private static final int MAX_WORDS = 5;

    static ListSearch of(ListQuery query) {
        List<String> searched = query.definition().searched();
        List<ListSearchRule> rules = query.definition().searchRules();
        String text = query.search().trim();
        return new ListSearch(searched, rules, searched.isEmpty() && rules.isEmpty() || text.isEmpty() ? List.of()
                : List.of(text.split("\\s+", MAX_WORDS)));
    }

    /** One condition per word, its value bound as {@code :q0}, {@code :q1}, ... */
    List<String> conditions() {
        List<String> conditions = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            Optional<ListSearchRule> rule = rule(words.get(i));
            if (rule.isPresent()) {
                conditions.add("(" + rule.get().condition().replace(ListSearchRule.WORD, ":q" + i) + ")");
            } else {
                String parameter = " ILIKE :q" + i + " ESCAPE '!'";
                conditions.add(searched.stream().map(expression -> expression + parameter)
                        .collect(Collectors.joining(" OR ", "(", ")")));
            }
        }
        return conditions;
    }

    Map<String, Object> parameters() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String word = escapeLike(words.get(i));
            boolean prefix = rule(words.get(i)).map(ListSearchRule::prefix).orElse(false);
            values.put("q" + i, prefix ? word + "%" : "%" + word + "%");
        }
        return values;
    }

    private Optional<ListSearchRule> rule(String word) {
        return rules.stream().filter(rule -> rule.takes(word)).findFirst();
    }

    /**
     * Makes the admin's text match literally: % and _ are wildcards in LIKE. The escape is ! rather
     * than a backslash, which Jdbi's SQL parser would take for its own escape inside the literal.
     */
    static String escapeLike(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
