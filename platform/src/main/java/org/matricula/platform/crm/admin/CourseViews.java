package org.matricula.platform.crm.admin;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.matricula.platform.i18n.TimeDisplay;

/** A person's courses as the pages show them: progress, best score, hours invested, last activity. */
final class CourseViews {

    private CourseViews() {
    }

    static List<Map<String, Object>> of(Crm crm, UUID personId, Locale locale) {
        return crm.learning().ofPerson(personId).stream().map(course -> Map.<String, Object>of("name",
                course.name().isEmpty() ? course.activityId() : course.name(), "progress",
                course.progress() == null ? "" : course.progress() + " %", "score",
                course.bestScore() == null ? "" : course.bestScore().toPlainString(), "completed",
                course.completed(), "hours", BigDecimal.valueOf(course.investedMs())
                        .divide(BigDecimal.valueOf(3_600_000), 1, RoundingMode.HALF_UP).toPlainString(),
                "last", TimeDisplay.dateTime(locale, course.lastAt()))).toList();
    }
}
