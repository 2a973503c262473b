package org.matricula.platform.crm.mastery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.matricula.platform.errors.Problem.FieldProblem;

/** The rule that turns an xAPI scaled score into a level, and the levels typed one per line. */
class ScaleTest {

    static final Scale FIVE_POINT = new Scale("five-point", Scale.Kind.LEVELS, "П", "Five-point", List.of(
            level("2", 1, "0"), level("3", 2, "0.5"), level("4", 3, "0.7"), level("5", 4, "0.85")));

    @Test
    void aScoreReachesTheHighestLevelWhoseThresholdItMeets() {
        assertEquals("2", FIVE_POINT.convert(new BigDecimal("0.49")));
        assertEquals("3", FIVE_POINT.convert(new BigDecimal("0.5")));
        assertEquals("4", FIVE_POINT.convert(new BigDecimal("0.849")));
        assertEquals("5", FIVE_POINT.convert(new BigDecimal("0.85")));
        assertEquals("5", FIVE_POINT.convert(BigDecimal.ONE));
        assertEquals("2", FIVE_POINT.convert(new BigDecimal("-0.4")), "a negative score counts as 0");
    }

    @Test
    void onAPercentageTheScoreIsRoundedHalfUp() {
        Scale percent = new Scale("percent", Scale.Kind.PERCENT, "П", "Percentage", List.of());
        assertEquals("73", percent.convert(new BigDecimal("0.734")));
        assertEquals("74", percent.convert(new BigDecimal("0.735")));
        assertEquals("0", percent.convert(new BigDecimal("-1")));
        assertEquals("100", percent.convert(BigDecimal.ONE));
        assertTrue(percent.accepts("100") && percent.accepts("0"));
        assertFalse(percent.accepts("101") || percent.accepts("-1") || percent.accepts("half"));
        assertEquals("73 %", percent.label("73", Locale.ENGLISH));
    }

    @Test
    void levelsTypedWithoutScoresSplitZeroToOneInEqualBands() {
        List<FieldProblem> problems = new ArrayList<>();
        List<Scale.Level> levels = Mastery.levels("beginner | Начальный | Beginner\nmiddle | Средний | Middle\n"
                + "advanced | Продвинутый | Advanced", problems, Locale.ENGLISH);
        assertEquals(List.of(), problems);
        assertEquals(List.of("0", "0.333", "0.667"), levels.stream().map(level -> level.minScore().stripTrailingZeros()
                .toPlainString()).toList());
        Scale scale = new Scale("levels", Scale.Kind.LEVELS, "У", "Levels", levels);
        assertEquals("middle", scale.convert(new BigDecimal("0.5")));
        assertEquals("Advanced", scale.label("advanced", Locale.ENGLISH));
        assertEquals("Продвинутый", scale.label("advanced", Locale.forLanguageTag("ru")));
    }

    @Test
    void badLinesAreTold() {
        for (String text : List.of("one | Один | One", "a | А | A\nb | Б", "a | А | A\na | Б | B",
                "a | А | A\nb | Б | B | 1.5", "a | А | A\nb | Б | B | 0.6\nc | В | C | 0.6", "a b | А | A\nb | Б | B")) {
            List<FieldProblem> problems = new ArrayList<>();
            assertEquals(List.of(), Mastery.levels(text, problems, Locale.ENGLISH), text);
            assertEquals(List.of("levels"), problems.stream().map(FieldProblem::field).toList(), text);
        }
    }

    static Scale.Level level(String code, int position, String min) {
        return new Scale.Level(code, position, code, code, new BigDecimal(min));
    }
}
