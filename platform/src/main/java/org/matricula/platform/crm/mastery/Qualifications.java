package org.matricula.platform.crm.mastery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.errors.Problem.FieldProblem;
import org.matricula.platform.i18n.Messages;

/**
 * Qualification levels (none, secondary, bachelor, master, PhD...): a list the admins keep, in
 * order, each retired rather than removed once persons hold it; and each person's level.
 */
public final class Qualifications {

    private final Jdbi jdbi;

    public Qualifications(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public record Level(String code, int position, String nameRu, String nameEn, boolean active, long persons) {

        public String name(Locale locale) {
            return locale.getLanguage().equals("ru") ? nameRu : nameEn;
        }
    }

    public List<Level> levels() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT q.code, q.position, q.name_ru, q.name_en, q.active,
                       (SELECT count(*) FROM persons p WHERE p.qualification = q.code) AS persons
                FROM qualification_levels q ORDER BY q.position, q.code""")
                .map((rs, ctx) -> new Level(rs.getString("code"), rs.getInt("position"), rs.getString("name_ru"),
                        rs.getString("name_en"), rs.getBoolean("active"), rs.getLong("persons"))).list());
    }

    /** Adds a level at the end of the list. */
    public void add(String code, String nameRu, String nameEn, Locale locale) {
        String typed = code == null ? "" : code.strip();
        List<FieldProblem> problems = new ArrayList<>();
        if (!typed.matches("[a-z][a-z0-9_-]{0,39}")) {
            problems.add(new FieldProblem("code", Messages.text(locale, "crm.funnel.code")));
        } else if (levels().stream().anyMatch(level -> level.code().equals(typed))) {
            problems.add(new FieldProblem("code", Messages.text(locale, "crm.stages.codeTaken")));
        }
        problems.addAll(names(nameRu, nameEn, locale));
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.get(0).message(), problems);
        }
        jdbi.useHandle(handle -> handle.createUpdate("""
                INSERT INTO qualification_levels (code, position, name_ru, name_en)
                VALUES (:code, (SELECT coalesce(max(position), 0) + 10 FROM qualification_levels), :ru, :en)
                ON CONFLICT (code) DO NOTHING""")
                .bind("code", typed).bind("ru", nameRu.strip()).bind("en", nameEn.strip()).execute());
    }

    public void rename(String code, String nameRu, String nameEn, Locale locale) {
        List<FieldProblem> problems = names(nameRu, nameEn, locale);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.get(0).message(), problems);
        }
        found(jdbi.withHandle(handle -> handle.createUpdate(
                "UPDATE qualification_levels SET name_ru = :ru, name_en = :en WHERE code = :code")
                .bind("ru", nameRu.strip()).bind("en", nameEn.strip()).bind("code", code).execute()), code);
    }

    /** Retires a level (no longer offered; persons holding it keep it) or brings it back. */
    public void setActive(String code, boolean active) {
        found(jdbi.withHandle(handle -> handle.createUpdate(
                "UPDATE qualification_levels SET active = :active WHERE code = :code")
                .bind("active", active).bind("code", code).execute()), code);
    }

    /** The person's level, if known. */
    public Optional<String> of(UUID personId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT qualification FROM persons WHERE id = :id")
                .bind("id", personId).mapTo(String.class).findOne());
    }

    /** Sets the person's level to an active one, or clears it (blank). */
    public void set(UUID personId, String code, Locale locale) {
        String typed = code == null ? "" : code.strip();
        if (!typed.isEmpty() && levels().stream().noneMatch(level -> level.active() && level.code().equals(typed))) {
            throw InvalidInputException.field("qualification", Messages.text(locale, "crm.qualification.unknown"));
        }
        int updated = jdbi.withHandle(handle -> handle.createUpdate(
                "UPDATE persons SET qualification = :code, updated_at = now() WHERE id = :id")
                .bind("code", typed.isEmpty() ? null : typed).bind("id", personId).execute());
        if (updated == 0) {
            throw NotFoundException.localized("refusal.person.missing", String.valueOf(personId));
        }
    }

    private static List<FieldProblem> names(String nameRu, String nameEn, Locale locale) {
        List<FieldProblem> problems = new ArrayList<>();
        if (nameRu == null || nameRu.isBlank() || nameRu.strip().length() > 200) {
            problems.add(new FieldProblem("nameRu", Messages.text(locale, "mastery.name")));
        }
        if (nameEn == null || nameEn.isBlank() || nameEn.strip().length() > 200) {
            problems.add(new FieldProblem("nameEn", Messages.text(locale, "mastery.name")));
        }
        return problems;
    }

    private static void found(int updated, String code) {
        if (updated == 0) {
            throw NotFoundException.localized("refusal.qualification.missing", code);
        }
    }
}
