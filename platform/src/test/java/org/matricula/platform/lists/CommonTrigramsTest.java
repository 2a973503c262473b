package org.matricula.platform.lists;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CommonTrigramsTest {

    private static final Set<String> SURNAME = Set.of("фам", "ами", "мил", "или", "лия");

    @Test
    void aTrigramIsCommonWhenATenthOfTheSampleHasIt() {
        List<String> names = IntStream.range(0, 100).mapToObj(n -> "Фамилия" + (n * 37) + " Имя" + n).toList();
        Set<String> common = CommonTrigrams.common(names);
        assertTrue(common.containsAll(SURNAME), common.toString());
        assertTrue(common.contains("имя"), common.toString());
        assertFalse(common.contains("я42"), common.toString());
        assertEquals(Set.of(), CommonTrigrams.common(names.subList(0, CommonTrigrams.MIN_SAMPLE - 1)),
                "a small sample says nothing");
    }

    @Test
    void trigramsAreThoseInsideWordsLowerCased() {
        assertEquals(Set.of("ива", "ван", "ann", "nna"), CommonTrigrams.trigrams("Иван  Anna-Ив"));
    }

    @Test
    void theProbeIsTheLongestPartWithoutCommonTrigrams() {
        assertEquals("ия4242", CommonTrigrams.probe("Фамилия4242", SURNAME));
        assertEquals("ИЯ4242", CommonTrigrams.probe("ФАМИЛИЯ4242", SURNAME), "the word's own letters");
        assertEquals("Петров", CommonTrigrams.probe("Петров", SURNAME), "no common trigram: the word");
        assertEquals("Фамилия", CommonTrigrams.probe("Фамилия", SURNAME), "only common ones: the word");
        assertEquals("Фамилия-42", CommonTrigrams.probe("Фамилия-42", SURNAME), "not one word: the word");
        assertEquals("ия4", CommonTrigrams.probe("ия4", SURNAME), "too short to part");
        assertEquals("4242", CommonTrigrams.probe("4242", Set.of()), "nothing known");
        assertEquals("ия12ми", CommonTrigrams.probe("1фамилия12мил", SURNAME), "the longest of two parts");
    }
}
