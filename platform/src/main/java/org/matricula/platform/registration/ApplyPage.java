package org.matricula.platform.registration;

import org.matricula.platform.errors.NotFoundException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Function;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matricula.api.CourseFamily;
import org.matricula.platform.families.Families;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.accounts.Accounts;
import org.matricula.platform.accounts.Profiles;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.Program;
import org.matricula.platform.catalog.Project;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.FormValues;
import org.matricula.platform.web.FormView;
import org.matricula.platform.web.HtmlPage;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SignedIn;
import org.matricula.platform.web.Slots;
import org.matricula.platform.web.Views;

/**
 * The declaration form of a project: the family's form prefilled from the profile; on errors
 * each message beside its field with everything typed kept; on success the confirmation.
 */
@RolesAllowed(Roles.SIGNED_IN)
@Path("/apply/{slug}")
@Produces(MediaType.TEXT_HTML)
public final class ApplyPage {

    private static final List<String> CONTROL_FIELDS = List.of("_csrf", "program", "saveToProfile",
            Declarations.ACCEPT_OFFER, Declarations.ENROLMENT_CODE);

    private final Catalog catalog;
    private final Families families;
    private final Declarations declarations;
    private final Profiles profiles;
    private final Views views;
    private final Accounts accounts;
    private final Clock clock;

    public ApplyPage(Catalog catalog, Families families, Declarations declarations, Profiles profiles, Views views,
            Accounts accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
        this.catalog = catalog;
        this.families = families;
        this.declarations = declarations;
        this.profiles = profiles;
        this.views = views;
    }

    /** Filled from its shape per family, program and language (see {@link Views#render(String, java.util.function.Function)}). */
    @GET
    public HtmlPage form(@PathParam("slug") String slug, @QueryParam("program") String program,
            @QueryParam("lang") String lang, @Context ContainerRequestContext request) {
        CurrentUser user = SignedIn.user(request);
        Project project = project(slug);
        CourseFamily family = family(project);
        Declarations.OnForm applicant = declarations.onForm(user.id(), project.id());
        Map<String, String> values = new LinkedHashMap<>(family.prefill(applicant.profile()));
        values.putIfAbsent("email", user.email());
        return views.render("apply", page(project, family, program, values, Map.of(), true,
                Declarations.Agreement.NONE, user, applicant.applied(), Language.of(lang, request)));
    }

    /** Whether the account may submit at all: an applicant confirms their address first. */
    private boolean verified(CurrentUser user) {
        return user.mayDeclare();
    }

    /** What keeps the form from being sent, told before it is filled: a notice, and where to go instead. */
    private Map<String, Object> blocked(String textKey, Locale locale, String href, String labelKey, Object... args) {
        Map<String, Object> blocked = new LinkedHashMap<>();
        blocked.put("text", Messages.text(locale, textKey, args));
        if (href != null) {
            blocked.put("link", Map.of("href", href, "label", Messages.text(locale, labelKey)));
        }
        return blocked;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response submit(@PathParam("slug") String slug, @QueryParam("lang") String lang,
            @Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        CurrentUser user = SignedIn.user(request);
        Locale locale = Language.of(lang, request);
        Project project = project(slug);
        CourseFamily family = family(project);
        Map<String, String> values = FormValues.of(posted);
        String program = values.getOrDefault("program", "");
        boolean saveToProfile = values.containsKey("saveToProfile");
        Declarations.Agreement agreement = new Declarations.Agreement(
                "true".equals(values.get(Declarations.ACCEPT_OFFER)), values.get(Declarations.ENROLMENT_CODE));
        CONTROL_FIELDS.forEach(values::remove);
        try {
            Declaration declaration = declarations.submit(new Declarations.Applicant(user.id(), user.email(),
                    verified(user), user.isStaff()),
                    project, program, values, locale, agreement);
            if (saveToProfile) {
                profiles.save(user.id(), declaration.values(), family.form().profileFields());
            }
            return Response.seeOther(URI.create("/office/declarations/" + declaration.id() + "?submitted=1"))
                    .build();
        } catch (InvalidInputException invalid) {
            return Response.status(422).entity(views.render("apply", page(project, family, program, values,
                    FormValues.errorsByField(invalid.errors()), saveToProfile, agreement, user,
                    declarations.appliedIn(user.id(), project.id()), locale).apply(Slots.asIs()))).build();
        }
    }

    private Project project(String slug) {
        return catalog.projectBySlug(slug).filter(Project::active)
                .orElseThrow(() -> NotFoundException.localized("refusal.project.notOpen", slug));
    }

    private CourseFamily family(Project project) {
        return families.find(project.familyId())
                .orElseThrow(() -> NotFoundException.localized("refusal.family.notLive"));
    }

    /** The page's scope, for the values passed through the slots given; everything it needs is read first. */
    private Function<Slots, Map<String, Object>> page(Project project, CourseFamily family, String program,
            Map<String, String> values,
            Map<String, String> errors, boolean saveToProfile, Declarations.Agreement agreement, CurrentUser user,
            Map<Long, Declarations.Applied> applied, Locale locale) {
        List<Program> offered = catalog.withCurrentPlaces(catalog.offeredPrograms(project.id()));
        List<Map<String, Object>> programs = offered.stream()
                .filter(Program::isOpen)
                .filter(candidate -> !applied.containsKey(candidate.id()))
                .map(candidate -> Map.<String, Object>of("code", candidate.code(), "name", candidate.in(locale).name(),
                        "selected", candidate.code().equals(program),
                        "waitlist", candidate.isFull()))
                .toList();
        Map<String, Object> blocked = null;
        String notice = null;
        Optional<Program> chosen = program == null || program.isEmpty() ? Optional.empty()
                : offered.stream().filter(candidate -> candidate.code().equals(program)).findFirst();
        if (!verified(user)) {
            blocked = blocked("registration.verifyFirst", locale, "/office", "apply.toOffice");
        } else if (!project.acceptsOn(LocalDate.now(clock))) {
            blocked = blocked("registration.projectClosed", locale, "/catalog", "apply.toCatalog");
        } else if (chosen.isPresent() && applied.containsKey(chosen.get().id())) {
            Declarations.Applied existing = applied.get(chosen.get().id());
            notice = Messages.text(locale, "apply.alreadyAppliedTo", chosen.get().in(locale).name(), existing.number());
            if (programs.isEmpty()) {
                blocked = blocked("apply.alreadyAppliedTo", locale, "/office/declarations/" + existing.id(),
                        "apply.toDeclaration", chosen.get().in(locale).name(), existing.number());
            }
        } else if (program != null && !program.isEmpty() && (chosen.isEmpty() || !chosen.get().isOpen())) {
            notice = Messages.text(locale, "apply.programNotOpen");
        } else if (programs.isEmpty()) {
            blocked = blocked("apply.nothingToChoose", locale, "/catalog", "apply.toCatalog");
        }
        SubmissionTerms terms = declarations.terms();
        // the chosen program's terms only (the catalog links to the form with it); all the form offers when none
        List<Program> open = offered.stream().filter(Program::isOpen)
                .filter(candidate -> !applied.containsKey(candidate.id()))
                .filter(candidate -> chosen.isEmpty() || !chosen.get().isOpen() || candidate.id() == chosen.get().id())
                .toList();
        List<Map<String, Object>> offers = open.stream().filter(candidate -> terms.requiresOffer(candidate.id()))
                .map(candidate -> Map.<String, Object>of("name", candidate.in(locale).name(),
                        "href", terms.offerLink(candidate.id(), locale)))
                .toList();
        boolean codes = blocked == null && !terms.takingCodes(open.stream().map(Program::id).toList()).isEmpty();
        Map<String, Object> agreementView = null;
        if (!offers.isEmpty() || codes) {
            agreementView = new LinkedHashMap<>();
            agreementView.put("hasOffers", !offers.isEmpty());
            agreementView.put("offers", offers);
            agreementView.put("offerAccepted", agreement.offerAccepted());
            agreementView.put("offerError", errors.get(Declarations.ACCEPT_OFFER));
            agreementView.put("codes", codes);
            agreementView.put("code", agreement.enrolmentCode());
            agreementView.put("codeError", errors.get(Declarations.ENROLMENT_CODE));
        }
        Map<String, Object> agreementShown = agreementView;
        Map<String, Object> blockedShown = blocked;
        String noticeShown = notice;
        return slots -> Page.of(project.in(locale).name(), locale, user, slots)
                .with("agreement", agreementShown)
                .with("blocked", blockedShown)
                .with("notice", noticeShown)
                .with("project", project.in(locale))
                .with("familyTitle", family.title().in(locale))
                .with("programs", programs)
                .with("programError", errors.get("program"))
                .with("sections", FormView.of(family.form(), values, errors, locale, slots))
                .with("saveToProfile", saveToProfile)
                .with("summary", errors.isEmpty() ? null
                        : Messages.text(locale, "form.checkMarkedFields"))
                .scope();
    }
}
