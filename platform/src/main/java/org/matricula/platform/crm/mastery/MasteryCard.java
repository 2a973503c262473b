package org.matricula.platform.crm.mastery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;

/** What the person card shows of mastery and qualification, and the services its forms call. */
public record MasteryCard(Mastery mastery, Qualifications qualifications) {

    /** The card's part: qualification and its choices, standing per discipline, the recording forms. */
    public Map<String, Object> view(UUID personId, Locale locale) {
        Optional<String> held = qualifications.of(personId);
        List<Qualifications.Level> levels = qualifications.levels();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("qualification", held.flatMap(code -> levels.stream().filter(level -> level.code().equals(code))
                .findFirst()).map(level -> level.name(locale)).orElse("—"));
        view.put("qualificationChoices", levels.stream()
                .filter(level -> level.active() || held.map(level.code()::equals).orElse(false))
                .map(level -> Map.of("code", level.code(), "name", level.name(locale), "selected",
                        held.map(level.code()::equals).orElse(false))).toList());
        view.put("standings", mastery.ofPerson(personId).stream().map(standing -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("discipline", standing.discipline().name(locale));
            row.put("current", assessment(standing.scale(), standing.current(), locale));
            List<Map<String, Object>> history = new java.util.ArrayList<>(standing.history().stream()
                    .map(assessment -> assessment(standing.scale(), assessment, locale)).toList());
            java.util.Collections.reverse(history);
            row.put("history", history);
            return row;
        }).toList());
        List<Scale> scales = mastery.scales();
        view.put("disciplines", mastery.disciplines().stream().map(discipline -> {
            Scale scale = scales.stream().filter(known -> known.code().equals(discipline.scaleCode())).findFirst()
                    .orElseThrow();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", discipline.id());
            row.put("name", discipline.name(locale));
            row.put("percent", scale.kind() == Scale.Kind.PERCENT);
            row.put("levels", scale.levels().stream().map(level -> Map.of("code", level.code(), "label",
                    level.label(locale))).toList());
            return row;
        }).toList());
        return view;
    }

    private static Map<String, Object> assessment(Scale scale, Mastery.Assessment assessment, Locale locale) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("level", scale.label(assessment.level(), locale));
        row.put("on", TimeDisplay.date(locale, assessment.on()));
        row.put("source", Messages.text(locale, "mastery.source." + assessment.source()));
        row.put("by", assessment.by());
        row.put("note", assessment.note());
        return row;
    }
}
