package org.matricula.platform.crm.funnel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.errors.Problem.FieldProblem;
import org.matricula.platform.i18n.Messages;

/**
 * The admins' settings of the funnel's stages, one change at a time: add, rename (RU/EN), move up
 * or down, retire and bring back, delete. The stages events move persons to ({@link #FIXED}) are
 * never retired nor deleted; a stage a person stands in or ever moved through is only retired,
 * so the funnel's history keeps its names.
 */
public final class StageSettings {

    /** The stages the automatic moves aim at. */
    public static final Set<String> FIXED = Set.of(Funnel.INTERESTED, Funnel.APPLICANT, Funnel.STUDENT,
            Funnel.ALUMNUS);

    private final Jdbi jdbi;

    public StageSettings(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A stage with whether persons stand in it or moved through it. */
    public record Row(Funnel.Stage stage, boolean fixed, long persons, boolean used) {
    }

    public List<Row> rows() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT s.code, s.position, s.name_ru, s.name_en, s.active,
                       (SELECT count(*) FROM persons p WHERE p.stage = s.code) AS persons,
                       EXISTS (SELECT 1 FROM funnel_moves m WHERE m.to_stage = s.code OR m.from_stage = s.code) AS moved
                FROM funnel_stages s ORDER BY s.position, s.code""")
                .map((rs, ctx) -> {
                    long persons = rs.getLong("persons");
                    String code = rs.getString("code");
                    return new Row(new Funnel.Stage(code, rs.getInt("position"), rs.getString("name_ru"),
                            rs.getString("name_en"), rs.getBoolean("active")), FIXED.contains(code), persons,
                            persons > 0 || rs.getBoolean("moved"));
                }).list());
    }

    /** Adds a stage at the end of the funnel. */
    public void add(String code, String nameRu, String nameEn, Locale locale) {
        String typed = code == null ? "" : code.strip();
        List<FieldProblem> problems = new ArrayList<>();
        if (!typed.matches("[a-z][a-z0-9_-]{0,39}")) {
            problems.add(new FieldProblem("code", Messages.text(locale, "crm.funnel.code")));
        }
        problems.addAll(names(nameRu, nameEn, locale));
        jdbi.useTransaction(handle -> {
            handle.execute("LOCK TABLE funnel_stages IN SHARE ROW EXCLUSIVE MODE");
            if (problems.isEmpty() && handle.createQuery("SELECT count(*) FROM funnel_stages WHERE code = :code")
                    .bind("code", typed).mapTo(Integer.class).one() > 0) {
                problems.add(new FieldProblem("code", Messages.text(locale, "crm.stages.codeTaken")));
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems.get(0).message(), problems);
            }
            handle.createUpdate("""
                    INSERT INTO funnel_stages (code, position, name_ru, name_en, active)
                    VALUES (:code, (SELECT coalesce(max(position), 0) + 10 FROM funnel_stages), :ru, :en, true)""")
                    .bind("code", typed).bind("ru", nameRu.strip()).bind("en", nameEn.strip()).execute();
        });
    }

    public void rename(String code, String nameRu, String nameEn, Locale locale) {
        List<FieldProblem> problems = names(nameRu, nameEn, locale);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.get(0).message(), problems);
        }
        found(jdbi.withHandle(handle -> handle.createUpdate(
                "UPDATE funnel_stages SET name_ru = :ru, name_en = :en WHERE code = :code")
                .bind("ru", nameRu.strip()).bind("en", nameEn.strip()).bind("code", code).execute()), code);
    }

    /** Swaps the stage with its neighbour above (up) or below; at either end nothing moves. */
    public void move(String code, boolean up) {
        jdbi.useTransaction(handle -> {
            handle.execute("LOCK TABLE funnel_stages IN SHARE ROW EXCLUSIVE MODE");
            List<String> order = handle.createQuery("SELECT code FROM funnel_stages ORDER BY position, code")
                    .mapTo(String.class).list();
            int at = order.indexOf(code);
            if (at < 0) {
                throw NotFoundException.localized("refusal.stage.missing", code);
            }
            int other = up ? at - 1 : at + 1;
            if (other < 0 || other >= order.size()) {
                return;
            }
            order.set(at, order.get(other));
            order.set(other, code);
            renumber(handle, order);
        });
    }

    private static void renumber(Handle handle, List<String> order) {
        for (int i = 0; i < order.size(); i++) {
            handle.createUpdate("UPDATE funnel_stages SET position = :position WHERE code = :code")
                    .bind("position", (i + 1) * 10).bind("code", order.get(i)).execute();
        }
    }

    /** Takes a stage out of use: nobody is moved to it any more; persons standing in it stay. */
    public void retire(String code) {
        if (FIXED.contains(code)) {
            throw Conflict.localized("refusal.stage.fixed", code);
        }
        found(jdbi.withHandle(handle -> handle.createUpdate("UPDATE funnel_stages SET active = false WHERE code = :code")
                .bind("code", code).execute()), code);
    }

    public void restore(String code) {
        found(jdbi.withHandle(handle -> handle.createUpdate("UPDATE funnel_stages SET active = true WHERE code = :code")
                .bind("code", code).execute()), code);
    }

    /** Deletes a stage nobody ever stood in; any other is retired instead (409 says so). */
    public void delete(String code) {
        if (FIXED.contains(code)) {
            throw Conflict.localized("refusal.stage.fixed", code);
        }
        jdbi.useTransaction(handle -> {
            handle.execute("LOCK TABLE funnel_stages IN SHARE ROW EXCLUSIVE MODE");
            if (handle.createQuery("SELECT count(*) FROM funnel_stages WHERE code = :code").bind("code", code)
                    .mapTo(Integer.class).one() == 0) {
                throw NotFoundException.localized("refusal.stage.missing", code);
            }
            boolean used = handle.createQuery("""
                    SELECT EXISTS (SELECT 1 FROM persons WHERE stage = :code)
                        OR EXISTS (SELECT 1 FROM funnel_moves WHERE to_stage = :code OR from_stage = :code)""")
                    .bind("code", code).mapTo(Boolean.class).one();
            if (used) {
                throw Conflict.localized("refusal.stage.inUse", code);
            }
            handle.createUpdate("DELETE FROM funnel_stages WHERE code = :code").bind("code", code).execute();
        });
    }

    public Funnel.Stage require(String code) {
        return rows().stream().map(Row::stage).filter(stage -> stage.code().equals(code)).findFirst()
                .orElseThrow(() -> NotFoundException.localized("refusal.stage.missing", code));
    }

    private static List<FieldProblem> names(String nameRu, String nameEn, Locale locale) {
        List<FieldProblem> problems = new ArrayList<>();
        if (nameRu == null || nameRu.isBlank() || nameRu.strip().length() > 200) {
            problems.add(new FieldProblem("nameRu", Messages.text(locale, "crm.stages.name")));
        }
        if (nameEn == null || nameEn.isBlank() || nameEn.strip().length() > 200) {
            problems.add(new FieldProblem("nameEn", Messages.text(locale, "crm.stages.name")));
        }
        return problems;
    }

    private static void found(int updated, String code) {
        if (updated == 0) {
            throw NotFoundException.localized("refusal.stage.missing", code);
        }
    }
}
