package org.matricula.platform.crm.mastery;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A scale mastery is measured on: ordered levels (lowest first), or a percentage (0 to 100).
 *
 * <p>An xAPI scaled score (-1 to 1) converts to a scale this way: a negative score counts as 0;
 * on a percentage it is the score times 100, rounded half up; on levels it is the highest level
 * whose lowest score ({@link Level#minScore()}) the score reaches. The lowest level's threshold is
 * 0, so every score has a level.
 */
public record Scale(String code, Kind kind, String nameRu, String nameEn, List<Level> levels) {

    public enum Kind { LEVELS, PERCENT }

    /** A level of a scale, with the lowest scaled score (0 to 1) that converts to it. */
    public record Level(String code, int position, String labelRu, String labelEn, BigDecimal minScore) {

        public String label(Locale locale) {
            return locale.getLanguage().equals("ru") ? labelRu : labelEn;
        }
    }

    public String name(Locale locale) {
        return locale.getLanguage().equals("ru") ? nameRu : nameEn;
    }

    /** The level an xAPI scaled score converts to (see the class comment). */
    public String convert(BigDecimal scaled) {
        BigDecimal score = scaled.max(BigDecimal.ZERO).min(BigDecimal.ONE);
        if (kind == Kind.PERCENT) {
            return score.movePointRight(2).setScale(0, RoundingMode.HALF_UP).toPlainString();
        }
        String reached = levels.isEmpty() ? "" : levels.get(0).code();
        for (Level level : levels) {
            if (score.compareTo(level.minScore()) >= 0) {
                reached = level.code();
            }
        }
        return reached;
    }

    /** Whether a level (a code, or 0 to 100 on a percentage) belongs to this scale. */
    public boolean accepts(String level) {
        if (level == null) {
            return false;
        }
        if (kind == Kind.PERCENT) {
            return level.matches("\\d{1,3}") && Integer.parseInt(level) <= 100;
        }
        return levels.stream().anyMatch(known -> known.code().equals(level));
    }

    public Optional<Level> level(String code) {
        return levels.stream().filter(level -> level.code().equals(code)).findFirst();
    }

    /** How a level reads: its label, or the percentage with its sign. */
    public String label(String level, Locale locale) {
        if (kind == Kind.PERCENT) {
            return level + " %";
        }
        return level(level).map(known -> known.label(locale)).orElse(level);
    }
}
