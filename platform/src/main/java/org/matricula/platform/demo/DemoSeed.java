package org.matricula.platform.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.leads.LeadInbox;
import org.matricula.api.CourseFamily;
import org.matricula.platform.accounts.Accounts;
import org.matricula.platform.accounts.PasswordHasher;
import org.matricula.platform.web.SecretTokens;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.Program;
import org.matricula.platform.catalog.ProgramInput;
import org.matricula.platform.catalog.Project;
import org.matricula.platform.catalog.ProjectInput;
import org.matricula.platform.crm.CrmModule;
import org.matricula.platform.registration.Declarations;
import org.matricula.platform.families.Families;

/**
 * {@code --demo}: fills an empty installation with the bundled families' projects and programs,
 * an admin account and about 300 sample applicants with declarations over the last month, so
 * that every page has something to show. Does nothing once the catalog has any project.
 */
public final class DemoSeed {

    public static final String ADMIN_EMAIL = "admin@matricula.local";
    static final int APPLICANTS = 300;

    /** What was seeded; the admin password is shown once and kept nowhere else. */
    public record Summary(int projects, int programs, int declarations, int skipped, int movedOn,
            String adminPassword) {
    }

    private final Jdbi jdbi;
    private final Catalog catalog;
    private final Families families;
    private final Declarations declarations;
    private final Accounts accounts;
    private final LeadInbox inbox;
    private final Clock clock;
    private final PrintStream console;
    private Path home;

    /** @param inbox the inbox the sample leads go through, as a website's would */
    public DemoSeed(Jdbi jdbi, Catalog catalog, Families families, Declarations declarations, Accounts accounts,
            LeadInbox inbox, Clock clock, PrintStream console) {
        this.jdbi = jdbi;
        this.inbox = inbox;
        this.catalog = catalog;
        this.families = families;
        this.declarations = declarations;
        this.accounts = accounts;
        this.clock = clock;
        this.console = console;
    }

    /** The installation folder, where the sample bank statement is written for an admin to import. */
    public DemoSeed writingInto(Path folder) {
        this.home = folder;
        return this;
    }

    public Optional<Summary> seedIfEmpty() {
        if (!catalog.projects().isEmpty()) {
            console.println("Demo: the catalog already has projects, so no demo data was added.");
            return Optional.empty();
        }
        String password = SecretTokens.newToken().substring(0, 16);
        UUID admin = accounts.ensureAdmin(ADMIN_EMAIL, password).id();
        Random random = new Random();
        List<DemoSubmissions.Target> targets = createCatalog();
        // One hash of a secret nobody knows: the sample applicants exist, but nobody can log in as them.
        String unusableHash = new PasswordHasher().hash(SecretTokens.newToken());
        DemoSubmissions.Outcome outcome = new DemoSubmissions(jdbi, catalog, families, declarations,
                new DemoApplicants(random, LocalDate.now(clock)), random, unusableHash).submit(targets, APPLICANTS);
        int movedOn = new DemoDecisions(jdbi, declarations, random).decide(admin);
        jdbi.useTransaction(handle -> {
            DemoDao dao = handle.attach(DemoDao.class);
            dao.spreadSubmissions();
            dao.followWithHistory();
            dao.followWithLastChange();
            dao.followWithSignUps();
        });
        int leads = new DemoCrm(jdbi, CrmModule.services(jdbi, clock), inbox, clock, random).seed(admin);
        console.printf("Demo CRM: %d leads from several channels, organizations, LMS progress.%n", leads);
        console.printf("Demo deals: %d B2B deals in every stage.%n", new DemoDeals(jdbi, clock, random).seed(admin));
        DemoMoney.Outcome money = new DemoMoney(jdbi, clock, random).seed(home);
        console.printf("Demo money: prices, %d invoices, %d payments and refunds, arrears, marketing spend.%n",
                money.invoices(), money.payments());
        money.statement().ifPresent(file -> console.printf("Demo bank statement to import (1C client-bank format):"
                + " %s%n", file));
        Summary summary = new Summary(targets.size(), catalog.programs().size(), outcome.submitted(),
                outcome.skipped(), movedOn, password);
        console.printf("Demo data: %d projects, %d programs, %d declarations of sample applicants (%d skipped: "
                + "made-up values that failed the checks three times, or a program with no place left), %d accepted, "
                + "enrolled or rejected. Log in as %s with password %s (shown only now).%n", summary.projects(),
                summary.programs(), summary.declarations(), summary.skipped(), summary.movedOn(), ADMIN_EMAIL, password);
        return Optional.of(summary);
    }

    /** The projects of the families that are live; a family whose plugin is missing is left out. */
    private List<DemoSubmissions.Target> createCatalog() {
        List<DemoSubmissions.Target> targets = new ArrayList<>();
        for (DemoCatalog.DemoProject demo : DemoCatalog.PROJECTS) {
            Optional<CourseFamily> family = families.find(demo.slug());
            if (family.isEmpty()) {
                console.println("Demo: no live course family '" + demo.slug() + "', so its project is left out.");
                continue;
            }
            Project project = catalog.createProject(new ProjectInput(demo.slug(), demo.name(), demo.description(),
                    demo.slug(), true, "", ""));
            for (DemoCatalog.DemoProgram program : demo.programs()) {
                Program created = catalog.createProgram(new ProgramInput(program.code(), program.name(), "", true,
                        program.places(), program.waitlist()));
                catalog.link(project.id(), created.id());
            }
            targets.add(new DemoSubmissions.Target(project, family.get(), demo.share()));
        }
        return targets;
    }
}
