package org.matricula.platform.catalog;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.Translations;

/**
 * Projects, programs and their links, with the checks an admin's input must pass. What every form
 * view and submission reads (a project by its path, the programs it offers) is kept in memory
 * while {@link CatalogChanges} hears of every change, and read from the database otherwise; the
 * admin's own reads always go to the database.
 */
public final class Catalog {

    private static final int NAME_LENGTH = 200;
    private static final int DESCRIPTION_LENGTH = 5000;

    private final Jdbi jdbi;
    private final Predicate<String> liveFamily;
    /** Counts the changes announced, so that a snapshot read across a change is not kept. */
    private long changes;
    private volatile boolean keptInMemory;
    private volatile CatalogSnapshot snapshot;
    private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Catalog(Jdbi jdbi, Predicate<String> liveFamily) {
        this.jdbi = jdbi;
        this.liveFamily = liveFamily;
    }

    /** Whether the catalog may be kept in memory: only while every change is announced to this node. */
    synchronized void keepInMemory(boolean keep) {
        keptInMemory = keep;
        changed();
    }

    /** Drops the catalog kept in memory; the next read takes it from the database. */
    synchronized void changed() {
        changes++;
        snapshot = null;
        listeners.forEach(Runnable::run);
    }

    /**
     * Calls {@code listener} whenever a change is announced to this node (and when listening stops
     * or resumes): for what other features keep in memory beside the catalog and announce on the
     * same channel. The listener must be quick; it runs under the catalog's lock.
     */
    public void whenChanged(Runnable listener) {
        listeners.add(listener);
    }

    /** Whether every change is announced to this node now, so that what is kept in memory may be trusted. */
    public boolean keptInMemory() {
        return keptInMemory;
    }

    private CatalogSnapshot snapshotOrRead() {
        CatalogSnapshot kept = snapshot();
        return kept != null ? kept : jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, CatalogSnapshot::read);
    }

    /** The catalog kept in memory, read now if it was dropped; null while it is not kept. */
    private CatalogSnapshot snapshot() {
        CatalogSnapshot current = snapshot;
        if (current != null || !keptInMemory) {
            return current;
        }
        long seen;
        synchronized (this) {
            seen = changes;
        }
        CatalogSnapshot read = jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, CatalogSnapshot::read);
        synchronized (this) {
            if (seen == changes && keptInMemory) {
                snapshot = read;
            }
        }
        return read;
    }

    public List<Project> projects() {
        return dao(dao -> dao.projects());
    }

    public Project project(long id) {
        return dao(dao -> dao.project(id)).orElseThrow(() -> NotFoundException.localized("refusal.project.missing", id));
    }

    /** Read on every form view and submission: from memory when kept there, else one plain query. */
    public Optional<Project> projectBySlug(String slug) {
        CatalogSnapshot kept = snapshot();
        Optional<Project> found = kept == null ? Optional.empty() : kept.project(slug);
        // A project created a moment ago on another node may not be announced yet: look before saying no.
        return found.isPresent() ? found : jdbi.withHandle(handle -> handle.createQuery(
                "SELECT * FROM projects WHERE slug = :slug").bind("slug", slug).map(new ProjectRowMapper()).findOne());
    }

    /**
     * The programs a project offers, in order, as kept in memory: their place counts may be
     * behind (they move with every submission and are not announced). Enough to choose a program
     * by, since a submission takes its place in the database; {@link #withCurrentPlaces} for showing them.
     */
    public List<Program> offeredPrograms(long projectId) {
        CatalogSnapshot kept = snapshot();
        return kept == null ? programsOf(projectId) : kept.programsOf(projectId);
    }

    /** The same programs with the places taken as they are now; one query, and only when any is limited. */
    public List<Program> withCurrentPlaces(List<Program> programs) {
        Object[] limited = programs.stream().filter(program -> program.places() != null).map(Program::id).toArray();
        if (limited.length == 0) {
            return programs;
        }
        Map<Long, Integer> taken = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT id, taken FROM programs WHERE id = ANY(:ids)")
                .bindArray("ids", Long.class, limited)
                .map((rs, ctx) -> taken.put(rs.getLong("id"), rs.getInt("taken"))).list());
        return programs.stream().map(program -> program.places() == null ? program
                : new Program(program.id(), program.code(), program.name(), program.description(), program.active(),
                        program.places(), program.waitlist(), taken.getOrDefault(program.id(), program.taken()),
                        program.names(), program.descriptions()))
                .toList();
    }

    /**
     * The same programs with what an admin reads as "taken": a limited program's counter, and for
     * an unlimited one, which keeps no counter, the declarations that hold a place in it, counted.
     */
    public List<Program> withDeclarationCounts(List<Program> programs) {
        Object[] unlimited = programs.stream().filter(program -> program.places() == null).map(Program::id).toArray();
        if (unlimited.length == 0) {
            return programs;
        }
        Map<Long, Integer> counted = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("""
                SELECT program_id, count(*) AS holding FROM declarations
                WHERE program_id = ANY(:ids) AND holds_place GROUP BY program_id""")
                .bindArray("ids", Long.class, unlimited)
                .map((rs, ctx) -> counted.put(rs.getLong("program_id"), rs.getInt("holding"))).list());
        return programs.stream().map(program -> program.places() != null ? program
                : new Program(program.id(), program.code(), program.name(), program.description(), program.active(),
                        program.places(), program.waitlist(), counted.getOrDefault(program.id(), 0),
                        program.names(), program.descriptions()))
                .toList();
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
        return changing(() -> unique("slug", checks, () -> dao(dao -> dao.insertProject(checked.slug(), checked.name(),
                checked.description(), checked.familyId(), checked.active(), checked.digestRecipients(),
                checked.openUntil(), PerLanguage.json(checked.names()), PerLanguage.json(checked.descriptions())))));
    }

    public Project updateProject(long id, ProjectInput input, Locale locale) {
        CatalogChecks checks = new CatalogChecks(locale);
        Project checked = checked(id, input, checks, dao(dao -> dao.project(id)).orElse(null));
        checks.throwIfAny();
        return changing(() -> unique("slug", checks, () -> dao(dao -> dao.updateProject(id, checked.slug(), checked.name(),
                checked.description(), checked.familyId(), checked.active(), checked.digestRecipients(),
                checked.openUntil(), PerLanguage.json(checked.names()), PerLanguage.json(checked.descriptions())))))
                .orElseThrow(() -> NotFoundException.localized("refusal.project.missing", id));
    }

    public void deleteProject(long id) {
        changing(() -> jdbi.inTransaction(handle -> {
            CatalogDao dao = handle.attach(CatalogDao.class);
            int declarations = dao.declarationsOfProject(id);
            if (declarations > 0) {
                throw Conflict.localized("refusal.project.hasDeclarations", declarations);
            }
            if (dao.deleteProject(id) == 0) {
                throw NotFoundException.localized("refusal.project.missing", id);
            }
            return null;
        }));
    }

    /** The programs' curators (kept in the database only: a curator is not part of the catalog kept in memory). */
    public ProgramCurators curators() {
        return new ProgramCurators(jdbi);
    }

    public List<Program> programs() {
        return dao(dao -> dao.programs());
    }

    public Program program(long id) {
        return dao(dao -> dao.program(id)).orElseThrow(() -> NotFoundException.localized("refusal.program.missing", id));
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
        return changing(() -> unique("code", checks, () -> dao(dao -> dao.insertProgram(checked.code(), checked.name(),
                checked.description(), checked.active(), checked.places(), checked.waitlist(),
                PerLanguage.json(checked.names()), PerLanguage.json(checked.descriptions())))));
    }

    /** Updates a program, with any messages about the input in Russian. */
    public Program updateProgram(long id, ProgramInput input) {
        return updateProgram(id, input, Messages.RUSSIAN);
    }

    public Program updateProgram(long id, ProgramInput input, Locale locale) {
        CatalogChecks checks = new CatalogChecks(locale);
        Program checked = checked(id, input, checks, dao(dao -> dao.program(id)).orElse(null));
        checks.throwIfAny();
        return changing(() -> unique("code", checks, () -> dao(dao -> dao.updateProgram(id, checked.code(), checked.name(),
                checked.description(), checked.active(), checked.places(), checked.waitlist(),
                PerLanguage.json(checked.names()), PerLanguage.json(checked.descriptions())))))
                .orElseThrow(() -> NotFoundException.localized("refusal.program.missing", id));
    }

    public void deleteProgram(long id) {
        changing(() -> jdbi.inTransaction(handle -> {
            CatalogDao dao = handle.attach(CatalogDao.class);
            int declarations = dao.declarationsOfProgram(id);
            if (declarations > 0) {
                throw Conflict.localized("refusal.program.hasDeclarations", declarations);
            }
            if (dao.deleteProgram(id) == 0) {
                throw NotFoundException.localized("refusal.program.missing", id);
            }
            return null;
        }));
    }

    public void link(long projectId, long programId) {
        project(projectId);
        program(programId);
        changing(() -> dao(dao -> {
            dao.link(projectId, programId);
            return null;
        }));
    }

    public void unlink(long projectId, long programId) {
        if (changing(() -> dao(dao -> dao.unlink(projectId, programId))) == 0) {
            throw NotFoundException.localized("refusal.program.notInProject", programId, projectId);
        }
    }

    /** The active projects with their active programs and places left now: what applicants may choose from today. */
    public List<CatalogEntry> open(LocalDate today) {
        CatalogSnapshot kept = snapshotOrRead();
        List<Project> open = kept.projectsBySlug().values().stream()
                .filter(project -> project.acceptsOn(today) && liveFamily.test(project.familyId()))
                .sorted(Comparator.comparing(Project::name).thenComparing(Project::id)).toList();
        Map<Long, Program> current = new HashMap<>();
        withCurrentPlaces(open.stream().flatMap(project -> kept.programsOf(project.id()).stream()).distinct().toList())
                .forEach(program -> current.put(program.id(), program));
        return open.stream().map(project -> new CatalogEntry(project, kept.programsOf(project.id()).stream()
                .filter(Program::active).map(program -> current.get(program.id())).toList())).toList();
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

    /** Runs a change and drops the catalog kept in memory, so this node shows the change at once. */
    private <T> T changing(java.util.function.Supplier<T> change) {
        try {
            return change.get();
        } finally {
            changed();
        }
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
