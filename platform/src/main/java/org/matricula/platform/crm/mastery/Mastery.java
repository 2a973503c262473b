package org.matricula.platform.crm.mastery;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.errors.InputDates;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.errors.Problem.FieldProblem;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;

/**
 * Mastery per discipline on configurable scales. Admins define scales and disciplines (each on
 * one scale, with the xAPI activities that assess it); a manager records a person's level by hand,
 * and every scored, not voided statement of the person on a mapped activity counts as an
 * assessment too, its scaled score converted by {@link Scale#convert}. Statements are read where
 * they are kept, never copied, so a voided statement or an erased learner leaves no trace here.
 */
public final class Mastery {

    private static final int MAX_LEVELS = 20;

    private final Jdbi jdbi;

    public Mastery(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public record Discipline(long id, String nameRu, String nameEn, String scaleCode, List<String> activities) {

        public String name(Locale locale) {
            return locale.getLanguage().equals("ru") ? nameRu : nameEn;
        }
    }

    /**
     * One assessment of a person in a discipline.
     *
     * @param source {@code HAND} or {@code XAPI}
     * @param by     who recorded it by hand, or the activity the statement was about
     */
    public record Assessment(long disciplineId, String level, LocalDate on, Instant at, String source, String by,
            String note) {
    }

    /** A discipline the person was assessed in: the latest assessment and all of them, oldest first. */
    public record Standing(Discipline discipline, Scale scale, Assessment current, List<Assessment> history) {
    }

    // ---- scales

    public List<Scale> scales() {
        return jdbi.withHandle(Mastery::scales);
    }

    private static List<Scale> scales(Handle handle) {
        Map<String, List<Scale.Level>> levels = new LinkedHashMap<>();
        handle.createQuery("""
                SELECT scale_code, code, position, label_ru, label_en, min_score FROM mastery_levels
                ORDER BY scale_code, position""").map((rs, ctx) -> {
                    levels.computeIfAbsent(rs.getString("scale_code"), code -> new ArrayList<>())
                            .add(new Scale.Level(rs.getString("code"), rs.getInt("position"), rs.getString("label_ru"),
                                    rs.getString("label_en"), rs.getBigDecimal("min_score")));
                    return 1;
                }).list();
        return handle.createQuery("SELECT code, kind, name_ru, name_en FROM mastery_scales ORDER BY created_at, code")
                .map((rs, ctx) -> new Scale(rs.getString("code"), Scale.Kind.valueOf(rs.getString("kind")),
                        rs.getString("name_ru"), rs.getString("name_en"),
                        List.copyOf(levels.getOrDefault(rs.getString("code"), List.of())))).list();
    }

    public Optional<Scale> scale(String code) {
        return scales().stream().filter(scale -> scale.code().equals(code)).findFirst();
    }

    /**
     * Creates a scale or replaces one with the same code. {@code levelsText} has one level per
     * line, lowest first: {@code code | label RU | label EN | lowest scaled score}; the score may be
     * left out, and then the levels split 0..1 in equal bands. A level an assessment uses cannot go.
     */
    public void saveScale(String code, String kind, String nameRu, String nameEn, String levelsText, Locale locale) {
        List<FieldProblem> problems = new ArrayList<>();
        String typed = code == null ? "" : code.strip();
        if (!typed.matches("[a-z][a-z0-9_-]{0,39}")) {
            problems.add(problem("code", "mastery.scale.code", locale));
        }
        Scale.Kind scaleKind = null;
        try {
            scaleKind = Scale.Kind.valueOf(kind == null ? "" : kind.strip());
        } catch (IllegalArgumentException e) {
            problems.add(problem("kind", "mastery.scale.kind", locale));
        }
        names(nameRu, nameEn, problems, locale);
        List<Scale.Level> levels = scaleKind == Scale.Kind.LEVELS ? levels(levelsText, problems, locale) : List.of();
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.get(0).message(), problems);
        }
        Scale.Kind chosen = scaleKind;
        jdbi.useTransaction(handle -> {
            handle.execute("LOCK TABLE mastery_scales IN SHARE ROW EXCLUSIVE MODE");
            Optional<String> before = handle.createQuery("SELECT kind FROM mastery_scales WHERE code = :code")
                    .bind("code", typed).mapTo(String.class).findOne();
            List<String> used = handle.createQuery("""
                    SELECT DISTINCT m.level FROM person_mastery m JOIN disciplines d ON d.id = m.discipline_id
                    WHERE d.scale_code = :code""").bind("code", typed).mapTo(String.class).list();
            if (before.isPresent() && !before.get().equals(chosen.name()) && !used.isEmpty()) {
                throw Conflict.localized("refusal.scale.kindInUse", typed);
            }
            if (chosen == Scale.Kind.LEVELS) {
                List<String> kept = levels.stream().map(Scale.Level::code).toList();
                List<String> lost = used.stream().filter(level -> !kept.contains(level)).sorted().toList();
                if (!lost.isEmpty()) {
                    throw Conflict.localized("refusal.scale.levelInUse", String.join(", ", lost));
                }
            }
            handle.createUpdate("""
                    INSERT INTO mastery_scales (code, kind, name_ru, name_en) VALUES (:code, :kind, :ru, :en)
                    ON CONFLICT (code) DO UPDATE SET kind = :kind, name_ru = :ru, name_en = :en""")
                    .bind("code", typed).bind("kind", chosen.name()).bind("ru", nameRu.strip())
                    .bind("en", nameEn.strip()).execute();
            handle.createUpdate("DELETE FROM mastery_levels WHERE scale_code = :code").bind("code", typed).execute();
            for (Scale.Level level : levels) {
                handle.createUpdate("""
                        INSERT INTO mastery_levels (scale_code, code, position, label_ru, label_en, min_score)
                        VALUES (:scale, :code, :position, :ru, :en, :min)""")
                        .bind("scale", typed).bind("code", level.code()).bind("position", level.position())
                        .bind("ru", level.labelRu()).bind("en", level.labelEn()).bind("min", level.minScore())
                        .execute();
            }
        });
    }

    /** Reads the levels typed one per line; what is wrong is told on the field {@code levels}. */
    static List<Scale.Level> levels(String text, List<FieldProblem> problems, Locale locale) {
        List<String> lines = (text == null ? "" : text).lines().map(String::strip).filter(line -> !line.isEmpty())
                .toList();
        if (lines.size() < 2 || lines.size() > MAX_LEVELS) {
            problems.add(problem("levels", "mastery.scale.levelCount", locale));
            return List.of();
        }
        List<Scale.Level> levels = new ArrayList<>();
        BigDecimal previous = null;
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).split("\\|", -1);
            String lineNumber = String.valueOf(i + 1);
            if (parts.length < 3 || parts.length > 4) {
                problems.add(new FieldProblem("levels", Messages.text(locale, "mastery.scale.levelLine", lineNumber)));
                return List.of();
            }
            String code = parts[0].strip();
            String ru = parts[1].strip();
            String en = parts[2].strip();
            String min = parts.length == 4 ? parts[3].strip().replace(',', '.') : "";
            if (!code.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,39}") || ru.isEmpty() || en.isEmpty()
                    || ru.length() > 200 || en.length() > 200
                    || levels.stream().anyMatch(level -> level.code().equals(code))) {
                problems.add(new FieldProblem("levels", Messages.text(locale, "mastery.scale.levelLine", lineNumber)));
                return List.of();
            }
            BigDecimal score;
            if (i == 0) {
                score = BigDecimal.ZERO;
            } else if (min.isEmpty()) {
                score = BigDecimal.valueOf(i).divide(BigDecimal.valueOf(lines.size()), 3, RoundingMode.HALF_UP);
            } else {
                try {
                    score = new BigDecimal(min).setScale(3, RoundingMode.HALF_UP);
                } catch (NumberFormatException | ArithmeticException e) {
                    score = null;
                }
            }
            if (score == null || score.compareTo(BigDecimal.ONE) > 0
                    || (previous != null && score.compareTo(previous) <= 0)) {
                problems.add(new FieldProblem("levels", Messages.text(locale, "mastery.scale.levelScore", lineNumber)));
                return List.of();
            }
            previous = score;
            levels.add(new Scale.Level(code, i + 1, ru, en, score));
        }
        return levels;
    }

    /** Deletes a scale no discipline is on. */
    public void deleteScale(String code) {
        jdbi.useTransaction(handle -> {
            if (handle.createQuery("SELECT count(*) FROM disciplines WHERE scale_code = :code").bind("code", code)
                    .mapTo(Integer.class).one() > 0) {
                throw Conflict.localized("refusal.scale.inUse", code);
            }
            if (handle.createUpdate("DELETE FROM mastery_scales WHERE code = :code").bind("code", code).execute() == 0) {
                throw NotFoundException.localized("refusal.scale.missing", code);
            }
        });
    }

    // ---- disciplines

    public List<Discipline> disciplines() {
        return jdbi.withHandle(Mastery::disciplines);
    }

    private static List<Discipline> disciplines(Handle handle) {
        return handle.createQuery("""
                SELECT d.id, d.name_ru, d.name_en, d.scale_code,
                       ARRAY(SELECT a.activity_id FROM discipline_activities a WHERE a.discipline_id = d.id
                             ORDER BY a.activity_id) AS activities
                FROM disciplines d ORDER BY d.name_en, d.id""")
                .map((rs, ctx) -> new Discipline(rs.getLong("id"), rs.getString("name_ru"), rs.getString("name_en"),
                        rs.getString("scale_code"), List.of((String[]) rs.getArray("activities").getArray()))).list();
    }

    public Discipline discipline(long id) {
        return disciplines().stream().filter(discipline -> discipline.id() == id).findFirst()
                .orElseThrow(() -> NotFoundException.localized("refusal.discipline.missing", id));
    }

    /**
     * Creates a discipline ({@code id} null) or changes one: names, scale, and the xAPI activities
     * (one IRI per line) whose scored statements assess it. An activity assesses one discipline.
     */
    public long saveDiscipline(Long id, String nameRu, String nameEn, String scaleCode, String activitiesText,
            Locale locale) {
        List<FieldProblem> problems = new ArrayList<>();
        names(nameRu, nameEn, problems, locale);
        String scale = scaleCode == null ? "" : scaleCode.strip();
        List<String> activities = (activitiesText == null ? "" : activitiesText).lines().map(String::strip)
                .filter(line -> !line.isEmpty()).distinct().toList();
        if (activities.stream().anyMatch(activity -> !activity.matches("[a-zA-Z][a-zA-Z0-9+.-]*:\\S{1,1000}"))) {
            problems.add(problem("activities", "mastery.discipline.activity", locale));
        }
        return jdbi.inTransaction(handle -> {
            handle.execute("LOCK TABLE discipline_activities IN SHARE ROW EXCLUSIVE MODE");
            if (handle.createQuery("SELECT count(*) FROM mastery_scales WHERE code = :code").bind("code", scale)
                    .mapTo(Integer.class).one() == 0) {
                problems.add(problem("scale", "mastery.discipline.scale", locale));
            }
            List<String> taken = handle.createQuery("""
                    SELECT activity_id FROM discipline_activities
                    WHERE activity_id = ANY(:activities) AND discipline_id IS DISTINCT FROM :id ORDER BY activity_id""")
                    .bindArray("activities", String.class, activities.toArray()).bind("id", id)
                    .mapTo(String.class).list();
            if (!taken.isEmpty()) {
                problems.add(new FieldProblem("activities", Messages.text(locale, "mastery.discipline.activityTaken",
                        String.join(", ", taken))));
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems.get(0).message(), problems);
            }
            long saved;
            if (id == null) {
                saved = handle.createQuery("""
                        INSERT INTO disciplines (name_ru, name_en, scale_code) VALUES (:ru, :en, :scale) RETURNING id""")
                        .bind("ru", nameRu.strip()).bind("en", nameEn.strip()).bind("scale", scale)
                        .mapTo(Long.class).one();
            } else {
                String before = handle.createQuery("SELECT scale_code FROM disciplines WHERE id = :id FOR UPDATE")
                        .bind("id", id).mapTo(String.class).findOne()
                        .orElseThrow(() -> NotFoundException.localized("refusal.discipline.missing", id));
                if (!before.equals(scale) && handle.createQuery(
                        "SELECT count(*) FROM person_mastery WHERE discipline_id = :id").bind("id", id)
                        .mapTo(Integer.class).one() > 0) {
                    throw Conflict.localized("refusal.discipline.scaleInUse");
                }
                handle.createUpdate("UPDATE disciplines SET name_ru = :ru, name_en = :en, scale_code = :scale WHERE id = :id")
                        .bind("ru", nameRu.strip()).bind("en", nameEn.strip()).bind("scale", scale).bind("id", id)
                        .execute();
                handle.createUpdate("DELETE FROM discipline_activities WHERE discipline_id = :id").bind("id", id)
                        .execute();
                saved = id;
            }
            for (String activity : activities) {
                handle.createUpdate("INSERT INTO discipline_activities (activity_id, discipline_id) VALUES (:a, :d)")
                        .bind("a", activity).bind("d", saved).execute();
            }
            return saved;
        });
    }

    // ---- a person's mastery

    /** Records a person's level in a discipline by hand; every field is checked. */
    public long record(UUID personId, String disciplineId, String level, String assessedOn, String note, UUID actor,
            LocalDate today, Locale locale) {
        List<FieldProblem> problems = new ArrayList<>();
        Discipline discipline = null;
        try {
            long id = Long.parseLong(disciplineId == null ? "" : disciplineId.strip());
            discipline = disciplines().stream().filter(known -> known.id() == id).findFirst().orElse(null);
        } catch (NumberFormatException e) {
            // told below
        }
        if (discipline == null) {
            problems.add(problem("discipline", "mastery.record.discipline", locale));
        }
        String typedLevel = level == null ? "" : level.strip();
        if (discipline != null) {
            Scale scale = scale(discipline.scaleCode()).orElseThrow();
            if (!scale.accepts(typedLevel)) {
                problems.add(problem("level", "mastery.record.level", locale));
            }
        }
        LocalDate on = null;
        try {
            on = assessedOn == null || assessedOn.isBlank() ? today : InputDates.date(assessedOn.strip());
            if (on.isAfter(today) || on.getYear() < 1900) {
                on = null;
            }
        } catch (DateTimeParseException e) {
            on = null;
        }
        if (on == null) {
            problems.add(problem("assessedOn", "mastery.record.date", locale));
        }
        String typedNote = note == null ? "" : note.strip();
        if (typedNote.length() > 2000) {
            problems.add(problem("note", "mastery.record.note", locale));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.get(0).message(), problems);
        }
        long disciplineKey = discipline.id();
        LocalDate date = on;
        return jdbi.inTransaction(handle -> {
            requirePerson(handle, personId);
            return handle.createQuery("""
                    INSERT INTO person_mastery (person_id, discipline_id, level, assessed_on, note, actor_id)
                    VALUES (:person, :discipline, :level, :on, :note, :actor) RETURNING id""")
                    .bind("person", personId).bind("discipline", disciplineKey).bind("level", typedLevel)
                    .bind("on", date).bind("note", typedNote).bind("actor", actor).mapTo(Long.class).one();
        });
    }

    /** Refuses, as not found, an id that names no person. */
    public void requirePerson(UUID personId) {
        jdbi.useHandle(handle -> requirePerson(handle, personId));
    }

    private static void requirePerson(Handle handle, UUID personId) {
        if (handle.createQuery("SELECT count(*) FROM persons WHERE id = :id").bind("id", personId)
                .mapTo(Integer.class).one() == 0) {
            throw NotFoundException.localized("refusal.person.missing", String.valueOf(personId));
        }
    }

    /** The person's standing per discipline they were assessed in, by hand or by the LMS. */
    public List<Standing> ofPerson(UUID personId) {
        return jdbi.withHandle(handle -> {
            Map<String, Scale> scales = new LinkedHashMap<>();
            scales(handle).forEach(scale -> scales.put(scale.code(), scale));
            Map<Long, Discipline> disciplines = new LinkedHashMap<>();
            disciplines(handle).forEach(discipline -> disciplines.put(discipline.id(), discipline));
            List<Assessment> all = new ArrayList<>(handle.createQuery("""
                    SELECT m.discipline_id, m.level, m.assessed_on, m.created_at, m.note,
                           coalesce(nullif(a.display_name, ''), a.email, '') AS actor
                    FROM person_mastery m LEFT JOIN accounts a ON a.id = m.actor_id
                    WHERE m.person_id = :person""").bind("person", personId)
                    .map((rs, ctx) -> new Assessment(rs.getLong("discipline_id"), rs.getString("level"),
                            rs.getObject("assessed_on", LocalDate.class), rs.getTimestamp("created_at").toInstant(),
                            "HAND", rs.getString("actor"), rs.getString("note"))).list());
            handle.createQuery("""
                    SELECT da.discipline_id, s.score_scaled, s.occurred_at,
                           coalesce(nullif(s.object_name, ''), s.object_id) AS activity
                    FROM xapi_statements s JOIN discipline_activities da ON da.activity_id = s.object_id
                    WHERE s.actor_email IN (SELECT c.value FROM person_contacts c
                                            WHERE c.person_id = :person AND c.kind = 'EMAIL')
                      AND NOT s.voided AND s.voids IS NULL AND s.score_scaled IS NOT NULL""")
                    .bind("person", personId)
                    .map((rs, ctx) -> {
                        long discipline = rs.getLong("discipline_id");
                        Scale scale = scales.get(disciplines.get(discipline).scaleCode());
                        Instant at = rs.getTimestamp("occurred_at").toInstant();
                        return new Assessment(discipline, scale.convert(rs.getBigDecimal("score_scaled")),
                                TimeDisplay.day(at), at, "XAPI", rs.getString("activity"),
                                rs.getBigDecimal("score_scaled").toPlainString());
                    }).forEach(all::add);
            all.sort(Comparator.comparing(Assessment::on).thenComparing(Assessment::at));
            Map<Long, List<Assessment>> byDiscipline = new LinkedHashMap<>();
            all.forEach(assessment -> byDiscipline.computeIfAbsent(assessment.disciplineId(), id -> new ArrayList<>())
                    .add(assessment));
            List<Standing> standings = new ArrayList<>();
            disciplines.values().forEach(discipline -> {
                List<Assessment> history = byDiscipline.get(discipline.id());
                if (history != null) {
                    standings.add(new Standing(discipline, scales.get(discipline.scaleCode()),
                            history.get(history.size() - 1), List.copyOf(history)));
                }
            });
            return standings;
        });
    }

    private static void names(String nameRu, String nameEn, List<FieldProblem> problems, Locale locale) {
        if (nameRu == null || nameRu.isBlank() || nameRu.strip().length() > 200) {
            problems.add(problem("nameRu", "mastery.name", locale));
        }
        if (nameEn == null || nameEn.isBlank() || nameEn.strip().length() > 200) {
            problems.add(problem("nameEn", "mastery.name", locale));
        }
    }

    private static FieldProblem problem(String field, String key, Locale locale) {
        return new FieldProblem(field, Messages.text(locale, key));
    }
}
