package org.matricula.platform.catalog;

import jakarta.ws.rs.NotFoundException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.http.Conflict;
import org.matricula.platform.http.InvalidInputException;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.Translations;

/** Projects, programs and their links, with the checks an admin's input must pass. */
public final class Catalog {

    private static final int NAME_LENGTH = 200;
    private static final int DESCRIPTION_LENGTH = 5000;

    private final Jdbi jdbi;
    private final Predicate<String> liveFamily;

    public Catalog(Jdbi jdbi, Predicate<String> liveFamily) {
        this.jdbi = jdbi;
        this.liveFamily = liveFamily;
    }

    public List<Project> projects() {
        return dao(dao -> dao.projects());
    }

    public Project project(long id) {
        return dao(dao -> dao.project(id)).orElseThrow(() -> new NotFoundException("No project " + id));
    }

    // Read on every form view and submission: plain queries, as attaching the whole DAO costs more than the query.
    public Optional<Project> projectBySlug(String slug) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM projects WHERE slug = :slug")
                .bind("slug", slug).map(new ProjectRowMapper()).findOne());
    }

    /** Creates a project, with any messages about the input in Russian. */
    public Project createProject(ProjectInput input) {
        return createProject(input, Messages.RUSSIAN);
    }

    /** Creates a project; {@code locale} is the language of the messages about invalid fields. */
    public Project createProject(ProjectInput input, Locale locale) {
        CatalogChecks checks = new CatalogChecks(locale);
        Project checked = checked(0, input, checks, null);
        checks.throwIfAny();
        return unique("slug", checks, () -> dao(dao -> dao.insertProject(checked.slug(), checked.name(),
                checked.description(), checked.familyId(), checked.active(), checked.digestRecipients(),
                checked.openUntil(), PerLanguage.json(checked.names()), PerLanguage.json(checked.descriptions()))));
    }

    public Project updateProject(long id, ProjectInput input, Locale locale) {
        CatalogChecks checks = new CatalogChecks(locale);
        Project checked = checked(id, input, checks, dao(dao -> dao.project(id)).orElse(null));
        checks.throwIfAny();
        return unique("slug", checks, () -> dao(dao -> dao.updateProject(id, checked.slug(), checked.name(),
                checked.description(), checked.familyId(), checked.active(), checked.digestRecipients(),
                checked.openUntil(), PerLanguage.json(checked.names()), PerLanguage.json(checked.descriptions()))))
                .orElseThrow(() -> new NotFoundException("No project " + id));
    }

    public void deleteProject(long id) {
        jdbi.useTransaction(handle -> {
            CatalogDao dao = handle.attach(CatalogDao.class);
            int declarations = dao.declarationsOfProject(id);
            if (declarations > 0) {
                throw new Conflict("The project has " + declarations
                        + " declarations and cannot be deleted; make it inactive instead");
            }
            if (dao.deleteProject(id) == 0) {
                throw new NotFoundException("No project " + id);
            }
        });
    }

    public List<Program> programs() {
        return dao(dao -> dao.programs());
    }

    public Program program(long id) {
        return dao(dao -> dao.program(id)).orElseThrow(() -> new NotFoundException("No program " + id));
    }

    public List<Program> programsOf(long projectId) {
        return jdbi.withHandle(handle -> programsOf(handle, projectId));
    }

    private static List<Program> programsOf(Handle handle, long projectId) {
        return handle.createQuery("""
                SELECT p.* FROM programs p JOIN project_programs l ON l.program_id = p.id
                WHERE l.project_id = :projectId ORDER BY l.position, p.name""")
                .bind("projectId", projectId).map(new ProgramRowMapper()).list();
    }

    /** Creates a program, with any messages about the input in Russian. */
    public Program createProgram(ProgramInput input) {
        return createProgram(input, Messages.RUSSIAN);
    }

    /** Creates a program; {@code locale} is the language of the messages about invalid fields. */
    public Program createProgram(ProgramInput input, Locale locale) {
        CatalogChecks checks = new CatalogChecks(locale);
        Program checked = checked(0, input, checks, null);
        checks.throwIfAny();
        return unique("code", checks, () -> dao(dao -> dao.insertProgram(checked.code(), checked.name(),
                checked.description(), checked.active(), checked.places(), checked.waitlist(),
                PerLanguage.json(checked.names()), PerLanguage.json(checked.descriptions()))));
    }

    /** Updates a program, with any messages about the input in Russian. */
    public Program updateProgram(long id, ProgramInput input) {
        return updateProgram(id, input, Messages.RUSSIAN);
    }

    public Program updateProgram(long id, ProgramInput input, Locale locale) {
        CatalogChecks checks = new CatalogChecks(locale);
        Program checked = checked(id, input, checks, dao(dao -> dao.program(id)).orElse(null));
        checks.throwIfAny();
        return unique("code", checks, () -> dao(dao -> dao.updateProgram(id, checked.code(), checked.name(),
                checked.description(), checked.active(), checked.places(), checked.waitlist(),
                PerLanguage.json(checked.names()), PerLanguage.json(checked.descriptions()))))
                .orElseThrow(() -> new NotFoundException("No program " + id));
    }

    public void deleteProgram(long id) {
        jdbi.useTransaction(handle -> {
            CatalogDao dao = handle.attach(CatalogDao.class);
            int declarations = dao.declarationsOfProgram(id);
            if (declarations > 0) {
                throw new Conflict("The program has " + declarations
                        + " declarations and cannot be deleted; make it inactive instead");
            }
            if (dao.deleteProgram(id) == 0) {
                throw new NotFoundException("No program " + id);
            }
        });
    }

    public void link(long projectId, long programId) {
        project(projectId);
        program(programId);
        jdbi.useExtension(CatalogDao.class, dao -> dao.link(projectId, programId));
    }

    public void unlink(long projectId, long programId) {
        if (dao(dao -> dao.unlink(projectId, programId)) == 0) {
            throw new NotFoundException("Program " + programId + " is not in project " + projectId);
        }
    }

    /** The active projects with their active programs: what applicants may choose from today. */
    public List<CatalogEntry> open(LocalDate today) {
        return jdbi.withHandle(handle -> handle.attach(CatalogDao.class).projects().stream()
                .filter(project -> project.acceptsOn(today) && liveFamily.test(project.familyId()))
                .map(project -> new CatalogEntry(project,
                        programsOf(handle, project.id()).stream().filter(Program::active).toList()))
                .toList());
    }

    /** The project the input describes; {@code stored} is the project it changes, null for a new one. */
    private Project checked(long id, ProjectInput input, CatalogChecks checks, Project stored) {
        Texts texts = Texts.checked(checks, input.name(), input.names(), input.description(), input.descriptions(),
                stored == null ? Texts.NONE : new Texts(stored.names(), stored.descriptions()));
        return new Project(id, checks.slug("slug", input.slug()), texts.name(checks), texts.description(),
                checks.familyId("familyId", input.familyId(), liveFamily),
                input.active() == null || input.active(), checks.emails("digestRecipients", input.digestRecipients()),
                checks.date("openUntil", input.openUntil()), texts.names(), texts.descriptions());
    }

    /** The program the input describes; {@code stored} is the program it changes, null for a new one. */
    private static Program checked(long id, ProgramInput input, CatalogChecks checks, Program stored) {
        Texts texts = Texts.checked(checks, input.name(), input.names(), input.description(), input.descriptions(),
                stored == null ? Texts.NONE : new Texts(stored.names(), stored.descriptions()));
        return new Program(id, checks.slug("code", input.code()), texts.name(checks), texts.description(),
                input.active() == null || input.active(), checks.places("places", input.places()),
                Boolean.TRUE.equals(input.waitlist()), 0, texts.names(), texts.descriptions());
    }

    /** A project's or a program's names and descriptions per language, as an admin's input sets them. */
    private record Texts(Map<String, String> names, Map<String, String> descriptions) {

        static final Texts NONE = new Texts(Map.of(), Map.of());

        static Texts checked(CatalogChecks checks, String name, Map<String, String> names, String description,
                Map<String, String> descriptions, Texts stored) {
            return new Texts(perLanguage(checks, "name", name, "names", names, stored.names(), NAME_LENGTH),
                    perLanguage(checks, "description", description, "descriptions", descriptions,
                            stored.descriptions(), DESCRIPTION_LENGTH));
        }

        /**
         * The texts per language an input sets. The single field of the first release ({@code name}),
         * when sent, is the default language's text unless the per-language ones give it too; sent
         * without per-language texts, it keeps the stored other languages, so a client that knows
         * only the single field does not erase them. An input with neither sets none, as a PUT
         * without a name did before.
         */
        private static Map<String, String> perLanguage(CatalogChecks checks, String field, String single,
                String perLanguageField, Map<String, String> perLanguage, Map<String, String> stored, int maxLength) {
            String typed = checks.text(field, single, maxLength);
            Map<String, String> texts = new TreeMap<>(perLanguage != null
                    ? checks.perLanguage(perLanguageField, perLanguage, maxLength) : single != null ? stored : Map.of());
            String defaultLanguage = Messages.RUSSIAN.getLanguage();
            if (single != null && (perLanguage == null || !perLanguage.containsKey(defaultLanguage))) {
                if (typed.isEmpty()) {
                    texts.remove(defaultLanguage);
                } else {
                    texts.put(defaultLanguage, typed);
                }
            }
            return texts;
        }

        /** The name kept in the {@code name} column: the default language's, or the nearest given; one is required. */
        String name(CatalogChecks checks) {
            String name = Translations.pick(names, Messages.RUSSIAN, "");
            if (name.isEmpty()) {
                checks.fail("name", checks.message("catalog.check.someName"));
            }
            return name;
        }

        /** The description kept in the {@code description} column, chosen as the name is. */
        String description() {
            return Translations.pick(descriptions, Messages.RUSSIAN, "");
        }
    }

    private <T> T dao(org.jdbi.v3.core.extension.ExtensionCallback<T, CatalogDao, RuntimeException> work) {
        return jdbi.withExtension(CatalogDao.class, work);
    }

    /** Turns a unique-key clash into a field message instead of a server error. */
    private static <T> T unique(String field, CatalogChecks checks, java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
            if (e.getCause() instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                throw InvalidInputException.field(field, checks.message("catalog.check.taken"));
            }
            throw e;
        }
    }
}
