package org.matricula.platform.crm.admin;

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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.matricula.platform.crm.funnel.Funnel;
import org.matricula.platform.crm.interest.Interest;
import org.matricula.platform.crm.stuck.StuckStudents;
import org.matricula.platform.crm.leads.LeadSources;
import org.matricula.platform.crm.mastery.MasteryCard;
import org.matricula.platform.crm.persons.Person;
import org.matricula.platform.crm.persons.Persons;
import org.matricula.platform.crm.timeline.Entry;
import org.matricula.platform.crm.timeline.Kind;
import org.matricula.platform.crm.timeline.TimelineKinds;
import org.matricula.platform.crm.timeline.Timeline;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.lists.AdminList;
import org.matricula.platform.web.AdminAccess;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.FormValues;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SignedIn;
import org.matricula.platform.web.Views;

/**
 * The CRM pages of the administration: the persons list, the person card with its timeline and
 * forms, suspected duplicates and the merge screen, and the lead sources with their keys.
 */
@RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER})
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
public final class CrmPages {

    private static final String ID = "{id: [0-9a-fA-F-]{36}}";

    private final Crm crm;
    private final AdminList list;
    private final AdminList organizationsList;
    private final Views views;
    private final Clock clock;
    private final PersonAccess access;
    private final Interest interest;
    private final StuckStudents stuck;
    private final MasteryCard mastery;
    private final TimelineKinds known;

    public CrmPages(Crm crm, AdminList list, AdminList organizationsList, Views views, Clock clock,
            PersonAccess access, Interest interest, StuckStudents stuck, MasteryCard mastery, TimelineKinds known) {
        this.stuck = stuck;
        this.mastery = mastery;
        this.known = known;
        this.access = access;
        this.interest = interest;
        this.crm = crm;
        this.list = list;
        this.organizationsList = organizationsList;
        this.views = views;
        this.clock = clock;
    }

    @GET
    @Path("persons")
    @RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER, Roles.PROJECT_ADMIN})
    public String persons(@Context ContainerRequestContext request, @Context UriInfo uri,
            @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        return list.html(AdminAccess.staff(request), uri, Language.of(lang, headers));
    }

    @GET
    @Path("persons.csv")
    @RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER, Roles.PROJECT_ADMIN})
    public Response csv(@Context ContainerRequestContext request, @Context UriInfo uri, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        return list.csv(AdminAccess.staff(request), uri, Language.of(lang, headers));
    }

    @POST
    @Path("persons/view")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER, Roles.PROJECT_ADMIN})
    public Response saveView(@Context ContainerRequestContext request, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, MultivaluedMap<String, String> form) {
        return list.saveView(AdminAccess.staff(request), form, Language.of(lang, headers));
    }

    @GET
    @Path("persons/" + ID)
    @RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER, Roles.PROJECT_ADMIN})
    public String card(@PathParam("id") UUID id, @QueryParam("kind") List<String> kinds,
            @QueryParam("page") Integer page, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        if (SignedIn.user(request).role() == CurrentUser.Role.PROJECT_ADMIN) {
            return projectAdminCard(id, SignedIn.user(request), locale);
        }
        return card(id, kinds, page == null ? 0 : Math.max(0, page), Map.of(), FormValues.Failed.NONE,
                SignedIn.user(request), locale);
    }

    /** A manager logs a note, call or meeting. */
    @POST
    @Path("persons/" + ID + "/log")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response log(@PathParam("id") UUID id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Map<String, String> form = FormValues.of(posted);
        return act(id, FormValues.Failed.of("log", posted), lang, headers, request, () -> {
            crm.persons().require(id);
            crm.timeline().log(id, form.get("kind"), form.get("text"), clock.instant(), SignedIn.user(request).id(),
                    Language.of(lang, headers));
        });
    }

    @POST
    @Path("persons/" + ID + "/stage")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response stage(@PathParam("id") UUID id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Map<String, String> form = FormValues.of(posted);
        return act(id, FormValues.Failed.of("stage", posted), lang, headers, request, () -> crm.funnel().moveByHand(id, form.getOrDefault("stage", ""),
                form.get("reason"), SignedIn.user(request).id(), Language.of(lang, headers)));
    }

    /** A manager records the person's level in a discipline. */
    @POST
    @Path("persons/" + ID + "/mastery")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response mastery(@PathParam("id") UUID id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Map<String, String> form = FormValues.of(posted);
        return act(id, FormValues.Failed.of("mastery", posted), lang, headers, request, () -> mastery.mastery().record(crm.persons().require(id).id(),
                form.get("discipline"), form.get("level"), form.get("assessedOn"), form.get("note"),
                SignedIn.user(request).id(), TimeDisplay.day(clock.instant()), Language.of(lang, headers)));
    }

    /** A manager sets (or clears) the person's qualification level. */
    @POST
    @Path("persons/" + ID + "/qualification")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response qualification(@PathParam("id") UUID id, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request,
            MultivaluedMap<String, String> posted) {
        Map<String, String> form = FormValues.of(posted);
        return act(id, FormValues.Failed.of("qualification", posted), lang, headers, request,
                () -> mastery.qualifications().set(crm.persons().require(id).id(),
                form.get("qualification"), Language.of(lang, headers)));
    }

    @POST
    @Path("persons/" + ID + "/tasks")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response task(@PathParam("id") UUID id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Map<String, String> form = FormValues.of(posted);
        return act(id, FormValues.Failed.of("task", posted), lang, headers, request, () -> {
            crm.persons().require(id);
            crm.tasks().create(id, form.get("title"), form.get("assignee"), form.get("due"), form.get("remind"),
                    SignedIn.user(request).id(), Language.of(lang, headers));
        });
    }

    @POST
    @Path("persons/" + ID + "/tasks/{task: [0-9]+}/done")
    public Response taskDone(@PathParam("id") UUID id, @PathParam("task") long task,
            @Context ContainerRequestContext request) {
        crm.tasks().complete(id, task, SignedIn.user(request).id());
        return Response.seeOther(URI.create("/admin/persons/" + id)).build();
    }

    @POST
    @Path("persons/" + ID + "/edit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response edit(@PathParam("id") UUID id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Map<String, String> form = FormValues.of(posted);
        return act(id, FormValues.Failed.of("edit", posted), lang, headers, request, () -> crm.persons().change(id, new Persons.Changes(form.get("lastName"),
                form.get("firstName"), form.get("middleName"), form.get("birthDate"), form.get("tags"),
                form.get("manager"), form.get("email"), form.get("phone")), Language.of(lang, headers)));
    }

    /** Runs a form's action; a refused one shows the card again with that form as it was posted. */
    private Response act(UUID id, FormValues.Failed failed, String lang, HttpHeaders headers,
            ContainerRequestContext request, Runnable action) {
        try {
            action.run();
            return Response.seeOther(URI.create("/admin/persons/" + id)).build();
        } catch (InvalidInputException refused) {
            return Response.status(InvalidInputException.UNPROCESSABLE).entity(card(id, List.of(), 0,
                    FormValues.errorsByField(refused.errors()), failed, SignedIn.user(request),
                    Language.of(lang, headers))).type(MediaType.TEXT_HTML_TYPE).build();
        }
    }

    private String card(UUID id, List<String> kinds, int page, Map<String, String> errors, FormValues.Failed failed,
            CurrentUser admin, Locale locale) {
        Person person = crm.persons().require(id);
        Set<String> chosen = CrmApi.kinds(known, kinds, locale);
        Timeline.TimelinePage entries = crm.timeline().pageOf(id, chosen, page, Timeline.PAGE_SIZE);
        List<Funnel.Stage> stages = crm.funnel().stages();
        List<Map<String, Object>> kindChoices = new ArrayList<>();
        for (TimelineKinds.Choice kind : known.all(locale)) {
            kindChoices.add(Map.of("code", kind.code(), "label", kind.label(), "checked", chosen.contains(kind.code()),
                    "byHand", kind.byHand(), "icon", kind.icon()));
        }
        String kindQuery = chosen.stream().map(kind -> "&kind=" + java.net.URLEncoder.encode(kind,
                java.nio.charset.StandardCharsets.UTF_8)).sorted().reduce("", String::concat);
        Map<String, String> edit = failed.shown("edit", stored(person));
        Map<String, String> logged = failed.shown("log", blank("kind", "text"));
        Map<String, String> newTask = failed.shown("task", blank("title", "assignee", "due", "remind"));
        Map<String, String> move = failed.shown("stage", blank("stage", "reason"));
        List<Map<String, Object>> lmsAccounts = crm.lmsAccounts().ofPerson(id).stream()
                .map(account -> Map.<String, Object>of("homePage", account.homePage(), "name", account.name())).toList();
        return views.render("crm/person", Page.of(person.fullName().isBlank() ? person.email() : person.fullName(),
                locale, admin)
                .with("p", person)
                .with("stuckFlags", stuck.ofPerson(id).stream().map(flag -> Map.of("program", flag.programName(),
                        "reason", StuckStudents.reason(flag, locale), "since", TimeDisplay.dateTime(locale,
                                flag.since()))).toList())
                .with("birthDateText", person.birthDate() == null ? "" : TimeDisplay.date(locale, person.birthDate()))
                .with("tagsText", String.join(", ", person.tags()))
                .with("stageName", stages.stream().filter(stage -> stage.code().equals(person.stage())).findFirst()
                        .map(stage -> stage.name(locale)).orElse("—"))
                .with("stageSinceText", TimeDisplay.dateTime(locale, person.stageSince()))
                .with("stages", stages.stream().filter(Funnel.Stage::active)
                        .map(stage -> Map.of("code", stage.code(), "name", stage.name(locale), "selected",
                                stage.code().equals(move.get("stage")))).toList())
                .with("consents", List.of(Persons.PROCESSING, Persons.MARKETING, Persons.TRACKING).stream().map(purpose -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("purpose", Messages.text(locale, "crm.consent." + purpose));
                    person.consent(purpose).ifPresentOrElse(consent -> {
                        row.put("state", Messages.text(locale, consent.granted() ? "crm.consent.granted"
                                : "crm.consent.withdrawn"));
                        row.put("source", consent.source());
                        row.put("at", TimeDisplay.dateTime(locale, consent.at()));
                    }, () -> row.put("state", Messages.text(locale, "crm.consent.none")));
                    return row;
                }).toList())
                .with("declarations", person.declarations().stream().map(link -> Map.of("id", link.id(), "number",
                        link.number(), "program", link.program(), "status", Messages.text(locale, "status." + link.status()),
                        "at", TimeDisplay.dateTime(locale, link.submittedAt()))).toList())
                .with("organizations", crm.organizations().ofPerson(id))
                .with("courses", crm.learning().ofPerson(id).stream().map(course -> Map.of("name",
                        course.name().isEmpty() ? course.activityId() : course.name(), "progress",
                        course.progress() == null ? "" : course.progress() + " %", "score",
                        course.bestScore() == null ? "" : course.bestScore().toPlainString(), "completed",
                        course.completed(), "hours", java.math.BigDecimal.valueOf(course.investedMs())
                                .divide(java.math.BigDecimal.valueOf(3_600_000), 1, java.math.RoundingMode.HALF_UP)
                                .toPlainString(), "last", TimeDisplay.dateTime(locale, course.lastAt())))
                        .toList())
                .with("lmsAccounts", lmsAccounts)
                .with("hasLmsAccounts", !lmsAccounts.isEmpty())
                .with("tasks", crm.tasks().of(id).stream().map(task -> TaskPages.view(task, locale)).toList())
                .with("community", interest.community().counts(id))
                .with("preApplications", interest.preApplications().ofPerson(id).stream().map(pre -> Map.of("program",
                        pre.program(), "startFrom", pre.startFrom() == null ? "" : TimeDisplay.date(locale,
                                pre.startFrom()))).toList())
                .with("mastery", mastery.view(id, locale))
                .with("firstTouchText", person.firstTouch())
                .with("lastTouchText", person.lastTouch())
                .with("kinds", kindChoices)
                .with("entries", entries.entries().stream().map(entry -> entryView(entry, stages, locale)).toList())
                .with("previous", page > 0 ? "/admin/persons/" + id + "?page=" + (page - 1) + kindQuery : null)
                .with("next", entries.more() ? "/admin/persons/" + id + "?page=" + (page + 1) + kindQuery : null)
                .with("editForm", edit).with("logForm", logged).with("taskForm", newTask).with("stageForm", move)
                .with("logKinds", known.all(locale).stream().filter(TimelineKinds.Choice::byHand)
                        .map(kind -> Map.of("code", kind.code(), "label", kind.label(), "selected",
                                kind.code().equals(logged.get("kind")))).toList())
                .with("errors", errors)
                .with("errorList", errors.entrySet().stream().map(error -> Map.of("anchor",
                        anchor(failed.form(), error.getKey()), "message", error.getValue())).toList())
                .with("invalid", !errors.isEmpty())
                .scope());
    }

    /** Where the card's error summary leads for a field of the form that failed: its input, else its message. */
    private static String anchor(String form, String field) {
        return switch (form + "." + field) {
            case "edit.lastName", "edit.firstName", "edit.middleName", "edit.birthDate" -> field;
            case "edit.tags", "edit.manager", "edit.email", "edit.phone" -> field + "-input";
            case "task.title", "task.assignee", "task.due", "task.remind", "log.kind", "log.text" ->
                    form + "-" + field;
            case "stage.stage" -> "stage-choice";
            case "stage.reason" -> "stage-reason";
            case "qualification.qualification" -> "qualification-choice";
            default -> "error-" + field;
        };
    }

    /** The card's own fields as the change form shows them before anything is posted. */
    private static Map<String, String> stored(Person person) {
        Map<String, String> stored = new LinkedHashMap<>();
        stored.put("lastName", person.lastName());
        stored.put("firstName", person.firstName());
        stored.put("middleName", person.middleName());
        stored.put("birthDate", person.birthDate() == null ? "" : person.birthDate().toString());
        stored.put("tags", String.join(", ", person.tags()));
        stored.put("manager", person.manager() == null ? "" : person.manager());
        stored.put("email", "");
        stored.put("phone", "");
        return stored;
    }

    private static Map<String, String> blank(String... fields) {
        Map<String, String> blank = new LinkedHashMap<>();
        for (String field : fields) {
            blank.put(field, "");
        }
        return blank;
    }

    /**
     * The card a project admin reads: the person (if one of their projects' applicants, else not
     * found), contacts, stage and the declarations to their projects; nothing else, and no forms.
     */
    private String projectAdminCard(UUID id, CurrentUser user, Locale locale) {
        access.require(user, id);
        Person person = crm.persons().require(id);
        return views.render("crm/person-scoped", Page.of(person.fullName().isBlank() ? person.email()
                : person.fullName(), locale, user)
                .with("p", person)
                .with("stageName", crm.funnel().stages().stream().filter(stage -> stage.code().equals(person.stage()))
                        .findFirst().map(stage -> stage.name(locale)).orElse("—"))
                .with("declarations", access.declarations(user, id).stream().map(link -> Map.of("id", link.id(),
                        "number", link.number(), "program", link.program(), "status",
                        Messages.text(locale, "status." + link.status()),
                        "at", TimeDisplay.dateTime(locale, link.submittedAt()))).toList())
                .scope());
    }

    private Map<String, Object> entryView(Entry entry, List<Funnel.Stage> stages, Locale locale) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("kind", entry.code().replace(':', '-'));
        view.put("kindLabel", known.label(entry.code(), locale));
        view.put("icon", known.icon(entry.code()));
        view.put("at", TimeDisplay.dateTime(locale, entry.at()));
        Object declaration = entry.details().get("declaration");
        view.put("declaration", declaration);
        Object number = entry.details().get("number");
        view.put("number", number);
        // a declaration's entry says its number already, linked
        view.put("summary", number != null && number.toString().equals(entry.summary()) ? "" : entry.summary());
        Object to = entry.details().get("to");
        view.put("to", to == null ? null : shownTo(entry.code(), to.toString(), stages, locale));
        return view;
    }

    /** Where an entry moved to, as a person reads it: a declaration's status or a funnel stage by its name. */
    private static String shownTo(String kind, String to, List<Funnel.Stage> stages, Locale locale) {
        if (Kind.STATUS.name().equals(kind)) {
            return Messages.text(locale, "status." + to);
        }
        if (Kind.STAGE.name().equals(kind)) {
            return stages.stream().filter(stage -> stage.code().equals(to)).findFirst()
                    .map(stage -> stage.name(locale)).orElse(to);
        }
        return to;
    }

    @GET
    @Path("persons/duplicates")
    public String duplicates(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        return views.render("crm/duplicates", Page.of(Messages.text(locale, "crm.duplicates.title"), locale,
                SignedIn.user(request)).with("pairs", crm.duplicates().suspected().stream().map(pair -> Map.of(
                        "first", pair.first(), "firstName", pair.firstName(), "firstEmail", pair.firstEmail(),
                        "second", pair.second(), "secondName", pair.secondName(), "secondEmail", pair.secondEmail(),
                        "reason", Messages.text(locale, "crm.duplicates." + pair.reason()))).toList()).scope());
    }

    @GET
    @Path("persons/merge")
    public Response mergeScreen(@QueryParam("keep") UUID keep, @QueryParam("drop") UUID drop,
            @QueryParam("lang") String lang, @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        if (keep == null || drop == null) {
            throw InvalidInputException.field("keep", Messages.text(locale, "crm.merge.choose"));
        }
        if (keep.equals(drop)) {
            return refusedMerge(keep, drop, Messages.text(locale, "crm.merge.samePerson"), request, locale);
        }
        return Response.ok(mergePage(keep, drop, null, request, locale), MediaType.TEXT_HTML_TYPE).build();
    }

    /** The merge screen; with a {@code problem} it says why the pair cannot be merged and offers no merge button. */
    private String mergePage(UUID keep, UUID drop, String problem, ContainerRequestContext request, Locale locale) {
        return views.render("crm/merge", Page.of(Messages.text(locale, "crm.merge.title"), locale,
                SignedIn.user(request)).with("keep", side(crm.persons().require(keep), locale))
                .with("drop", side(crm.persons().require(drop), locale))
                .with("problem", problem).with("mergeable", problem == null).scope());
    }

    private Response refusedMerge(UUID keep, UUID drop, String problem, ContainerRequestContext request,
            Locale locale) {
        return Response.status(InvalidInputException.UNPROCESSABLE).type(MediaType.TEXT_HTML_TYPE)
                .entity(mergePage(keep, drop, problem, request, locale)).build();
    }

    private Map<String, Object> side(Person person, Locale locale) {
        return Map.of("id", person.id(), "fullName", person.fullName(), "birthDate",
                person.birthDate() == null ? "" : TimeDisplay.date(locale, person.birthDate()),
                "contacts", person.contacts(), "declarations", person.declarations().size(),
                "entries", crm.timeline().count(person.id()), "consents", person.consents().size());
    }

    @POST
    @Path("persons/merge")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response merge(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Map<String, String> form = FormValues.of(posted);
        Locale locale = Language.of(lang, headers);
        UUID keep = uuid(form.get("keep"), "keep", locale);
        UUID drop = uuid(form.get("drop"), "drop", locale);
        try {
            crm.merge().merge(keep, drop, SignedIn.user(request).id(), locale);
        } catch (InvalidInputException refused) {
            return refusedMerge(keep, drop, refused.errors().get(0).message(), request, locale);
        }
        return Response.seeOther(URI.create("/admin/persons/" + keep)).build();
    }

    private static UUID uuid(String value, String field, Locale locale) {
        try {
            return UUID.fromString(value == null ? "" : value.strip());
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.field(field, Messages.text(locale, "crm.merge.choose"));
        }
    }

    @GET
    @Path("crm/lead-sources")
    public String leadSources(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        return sourcesPage(null, Map.of(), FormValues.Failed.NONE, SignedIn.user(request), locale);
    }

    @POST
    @Path("crm/lead-sources")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response createSource(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Locale locale = Language.of(lang, headers);
        CurrentUser admin = SignedIn.user(request);
        try {
            LeadSources.Created created = crm.leadSources().create(FormValues.of(posted).get("name"), admin.id(), locale);
            return Response.status(Response.Status.CREATED).entity(sourcesPage(created, Map.of(),
                    FormValues.Failed.NONE, admin, locale))
                    .type(MediaType.TEXT_HTML_TYPE).build();
        } catch (InvalidInputException refused) {
            return Response.status(InvalidInputException.UNPROCESSABLE)
                    .entity(sourcesPage(null, FormValues.errorsByField(refused.errors()),
                            FormValues.Failed.of("source", posted), admin, locale))
                    .type(MediaType.TEXT_HTML_TYPE).build();
        }
    }

    /** Revoking cannot be undone and stops every website form that sends this key, so it is asked first. */
    @GET
    @Path("crm/lead-sources/{sourceId: [0-9]+}/revoke")
    public String confirmRevoke(@PathParam("sourceId") long id, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        return views.render("crm/lead-source-revoke", Page.of(Messages.text(locale, "crm.leadSources.revokeTitle"),
                locale, SignedIn.user(request)).with("source", crm.leadSources().require(id)).scope());
    }

    @POST
    @Path("crm/lead-sources/{sourceId: [0-9]+}/revoke")
    public Response revoke(@PathParam("sourceId") long id) {
        crm.leadSources().revoke(id);
        return Response.seeOther(URI.create("/admin/crm/lead-sources")).build();
    }

    private String sourcesPage(LeadSources.Created created, Map<String, String> errors, FormValues.Failed failed,
            CurrentUser admin, Locale locale) {
        return views.render("crm/lead-sources", Page.of(Messages.text(locale, "crm.leadSources.title"), locale, admin)
                .with("created", created)
                .with("sources", crm.leadSources().all().stream().map(source -> Map.of("id", source.id(), "name",
                        source.name(), "prefix", source.keyPrefix(), "created", TimeDisplay.dateTime(locale,
                                source.createdAt()), "used", TimeDisplay.dateTime(locale, source.lastUsedAt()),
                        "revoked", TimeDisplay.dateTime(locale, source.revokedAt()), "active", source.active())).toList())
                .with("sourceForm", failed.shown("source", Map.of("name", "")))
                .with("errors", errors).with("invalid", !errors.isEmpty()).scope());
    }

    @GET
    @Path("organizations")
    public String organizations(@Context ContainerRequestContext request, @Context UriInfo uri,
            @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        return organizationsList.html(AdminAccess.staff(request), uri, Language.of(lang, headers));
    }

    @GET
    @Path("organizations.csv")
    public Response organizationsCsv(@Context ContainerRequestContext request, @Context UriInfo uri,
            @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        return organizationsList.csv(AdminAccess.staff(request), uri, Language.of(lang, headers));
    }

    @POST
    @Path("organizations/view")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveOrganizationsView(@Context ContainerRequestContext request, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, MultivaluedMap<String, String> form) {
        return organizationsList.saveView(AdminAccess.staff(request), form, Language.of(lang, headers));
    }

    @GET
    @Path("organizations/new")
    public String newOrganization(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        return newOrganizationPage(Map.of(), Map.of(), SignedIn.user(request), locale);
    }

    @POST
    @Path("organizations")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response createOrganization(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Locale locale = Language.of(lang, headers);
        Map<String, String> form = FormValues.of(posted);
        try {
            long id = crm.organizations().create(new org.matricula.platform.crm.organizations.Organizations.Input(
                    form.get("name"), form.get("kind"), form.get("email"), form.get("phone"), form.get("website")),
                    locale).id();
            return Response.seeOther(URI.create("/admin/organizations/" + id)).build();
        } catch (InvalidInputException refused) {
            return Response.status(InvalidInputException.UNPROCESSABLE).entity(newOrganizationPage(form,
                    FormValues.errorsByField(refused.errors()), SignedIn.user(request), locale))
                    .type(MediaType.TEXT_HTML_TYPE).build();
        }
    }

    private String newOrganizationPage(Map<String, String> values, Map<String, String> errors, CurrentUser admin,
            Locale locale) {
        return views.render("crm/organization-new", Page.of(Messages.text(locale, "crm.organizations.new"), locale,
                admin).with("values", values).with("errors", errors).with("invalid", !errors.isEmpty())
                .with("kinds", org.matricula.platform.crm.organizations.Organizations.KINDS.stream().sorted()
                        .map(kind -> Map.of("code", kind, "label", Messages.text(locale, "crm.organization.kind." + kind),
                                "selected", kind.equals(values.get("kind")))).toList()).scope());
    }

    @GET
    @Path("organizations/{orgId: [0-9]+}")
    public String organization(@PathParam("orgId") long id, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        return organizationPage(id, Map.of(), FormValues.Failed.NONE, SignedIn.user(request), locale);
    }

    @POST
    @Path("organizations/{orgId: [0-9]+}/members")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response link(@PathParam("orgId") long id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Locale locale = Language.of(lang, headers);
        Map<String, String> form = FormValues.of(posted);
        try {
            UUID person = crm.persons().match(org.matricula.platform.crm.persons.Contacts.email(form.get("email"))
                    .stream().toList(), List.of()).orElseThrow(() -> InvalidInputException.field("email",
                            Messages.text(locale, "crm.organization.person")));
            crm.organizations().link(id, person, form.get("role"), locale);
            return Response.seeOther(URI.create("/admin/organizations/" + id)).build();
        } catch (InvalidInputException refused) {
            return Response.status(InvalidInputException.UNPROCESSABLE).entity(organizationPage(id,
                    FormValues.errorsByField(refused.errors()), FormValues.Failed.of("member", posted),
                    SignedIn.user(request), locale))
                    .type(MediaType.TEXT_HTML_TYPE).build();
        }
    }

    private String organizationPage(long id, Map<String, String> errors, FormValues.Failed failed, CurrentUser admin,
            Locale locale) {
        var organization = crm.organizations().require(id);
        Map<String, String> linking = failed.shown("member", blank("email", "role"));
        var members = crm.organizations().members(id);
        return views.render("crm/organization", Page.of(organization.name(), locale, admin)
                .with("o", organization)
                .with("kind", Messages.text(locale, "crm.organization.kind." + organization.kind()))
                .with("members", members.stream().map(member -> Map.of("person", member.personId(), "name",
                        member.person(), "role", Messages.text(locale, "crm.organization.role." + member.role())))
                        .toList())
                .with("figures", crm.organizations().figures(id))
                .with("roles", org.matricula.platform.crm.organizations.Organizations.ROLES.stream().sorted()
                        .map(role -> Map.of("code", role, "label", Messages.text(locale, "crm.organization.role." + role),
                                "selected", role.equals(linking.get("role"))))
                        .toList())
                .with("memberForm", linking)
                .with("errors", errors).with("invalid", !errors.isEmpty()).scope());
    }
}
