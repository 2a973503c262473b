package org.matricula.platform.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.api.CourseFamily;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.Program;
import org.matricula.platform.catalog.Project;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.registration.Declarations;
import org.matricula.platform.families.Families;
import org.matricula.platform.web.Language;

/**
 * Signs up sample applicants and submits their declarations through {@link Declarations}, so
 * each passes the family's real checks and takes a place (or joins the waitlist) as any other.
 */
final class DemoSubmissions {

    // Made-up data fails a family's cross-field rules now and then; a fresh applicant is tried instead.
    private static final int ATTEMPTS = 3;

    /** A demo project with its family and the part of the applicants it gets. */
    record Target(Project project, CourseFamily family, double share) {
    }

    record Outcome(int submitted, int skipped) {
    }

    private final Jdbi jdbi;
    private final Catalog catalog;
    private final Families families;
    private final Declarations declarations;
    private final DemoApplicants applicants;
    private final Random random;
    private final String passwordHash;
    private final ObjectMapper json = new ObjectMapper();

    DemoSubmissions(Jdbi jdbi, Catalog catalog, Families families, Declarations declarations,
            DemoApplicants applicants, Random random, String passwordHash) {
        this.jdbi = jdbi;
        this.catalog = catalog;
        this.families = families;
        this.declarations = declarations;
        this.applicants = applicants;
        this.random = random;
        this.passwordHash = passwordHash;
    }

    Outcome submit(List<Target> targets, int count) {
        int submitted = 0;
        for (int number = 1; number <= count; number++) {
            Target target = pick(targets);
            List<Program> open = catalog.programsOf(target.project().id()).stream().filter(Program::isOpen).toList();
            if (!open.isEmpty() && submitOne(target, DemoPerson.pick(random, open), number)) {
                submitted++;
            }
        }
        return new Outcome(submitted, count - submitted);
    }

    private boolean submitOne(Target target, Program program, int number) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Map<String, String> values = applicants.fill(target.family().form(), number);
            try {
                families.check(target.family(), program.code(), values, Language.RUSSIAN);
            } catch (InvalidInputException invalid) {
                continue;
            }
            Optional<UUID> account = jdbi.withExtension(DemoDao.class, dao -> dao.insertApplicant(values.get("email"),
                    passwordHash, values.get("lastName") + " " + values.get("firstName"),
                    profile(target.family().form().prefill(values))));
            if (account.isEmpty()) {
                return false;
            }
            try {
                declarations.submit(new Declarations.Applicant(account.get(), values.get("email")), target.project(),
                        program.code(), values, Language.RUSSIAN);
                return true;
            } catch (InvalidInputException refused) {
                return false; // e.g. the last place went a moment ago
            }
        }
        return false;
    }

    private Target pick(List<Target> targets) {
        double total = targets.stream().mapToDouble(Target::share).sum();
        double roll = random.nextDouble() * total;
        for (Target target : targets) {
            roll -= target.share();
            if (roll < 0) {
                return target;
            }
        }
        return targets.get(targets.size() - 1);
    }

    private String profile(Map<String, String> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Form values are strings and always serialise", e);
        }
    }
}
