package org.matricula.platform.crm.admin;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.matricula.platform.crm.funnel.Funnel;
import org.matricula.platform.crm.organizations.Coordinators;
import org.matricula.platform.crm.leads.LeadSources;
import org.matricula.platform.crm.organizations.Organizations;
import org.matricula.platform.crm.persons.Contacts;
import org.matricula.platform.crm.persons.Duplicates;
import org.matricula.platform.crm.persons.Person;
import org.matricula.platform.crm.persons.PersonMerge;
import org.matricula.platform.crm.persons.Persons;
import org.matricula.platform.crm.timeline.TimelineKinds;
import org.matricula.platform.crm.timeline.Tasks;
import org.matricula.platform.crm.timeline.Timeline;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.SignedIn;

/** The CRM for API clients of the administration: persons, their timeline, tasks, funnel, merges, lead sources. */
@RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER})
@Path("/api/v1/crm")
@Produces(MediaType.APPLICATION_JSON)
public final class CrmApi {

    private final Crm crm;
    private final Clock clock;
    private final PersonAccess access;
    private final Coordinators coordinators;
    private final TimelineKinds known;

    public CrmApi(Crm crm, Clock clock, PersonAccess access, Coordinators coordinators, TimelineKinds known) {
        this.known = known;
        this.crm = crm;
        this.clock = clock;
        this.access = access;
        this.coordinators = coordinators;
    }

    /**
     * The person holding an email or phone ({@code persons}: their id, or none), among those the
     * caller may see; without either, a page of the persons the caller may see, with what the
     * caller's persons list shows.
     */
    @GET
    @Path("persons")
    @RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER, Roles.PROJECT_ADMIN, Roles.COORDINATOR})
    public Map<String, Object> find(@QueryParam("email") String email, @QueryParam("phone") String phone,
            @QueryParam("page") Integer page, @QueryParam("size") Integer size,
            @Context ContainerRequestContext request) {
        CurrentUser user = SignedIn.user(request);
        boolean byContact = (email != null && !email.isBlank()) || (phone != null && !phone.isBlank());
        if (!byContact) {
            return ScopedJson.list(access, coordinators, user, page, size, Language.of(request));
        }
        Optional<UUID> found = crm.persons().match(Contacts.email(email).stream().toList(),
                Contacts.phone(phone).stream().toList()).filter(id -> access.sees(user, id));
        return Map.of("persons", found.map(id -> List.of(id.toString())).orElse(List.of()));
    }

    /**
     * A person as JSON: everything for admins and CRM managers; for a project admin what their
     * read-only card shows, for a coordinator what their member page shows; 404 outside the scope.
     */
    @GET
    @Path("persons/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER, Roles.PROJECT_ADMIN, Roles.COORDINATOR})
    public Map<String, Object> person(@PathParam("id") UUID id, @Context ContainerRequestContext request) {
        CurrentUser user = SignedIn.user(request);
        return switch (user.role()) {
            case PROJECT_ADMIN -> {
                access.require(user, id);
                yield ScopedJson.forProjectAdmin(crm.persons().require(id), access.declarations(user, id));
            }
            case COORDINATOR -> {
                coordinators.requireMember(user.id(), id);
                yield ScopedJson.forCoordinator(crm.persons().require(id), crm.learning().ofPerson(id));
            }
            default -> person(id);
        };
    }

    private Map<String, Object> person(UUID id) {
        return PersonJson.of(crm.persons().require(id), crm.funnel().moves(id), crm.tasks().of(id),
                crm.organizations().ofPerson(id), crm.learning().ofPerson(id));
    }

    public record PersonChanges(String lastName, String firstName, String middleName, String birthDate, String tags,
            String manager, String email, String phone) {
    }

    @POST
    @Path("persons/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> change(@PathParam("id") UUID id, PersonChanges changes,
            @Context ContainerRequestContext request) {
        PersonChanges given = changes == null ? new PersonChanges(null, null, null, null, null, null, null, null) : changes;
        crm.persons().change(id, new Persons.Changes(given.lastName(), given.firstName(), given.middleName(),
                given.birthDate(), given.tags(), given.manager(), given.email(), given.phone()), Language.of(request));
        return person(id);
    }

    @POST
    @Path("persons/{id}/contacts/{contact}/delete")
    public Map<String, Object> removeContact(@PathParam("id") UUID id, @PathParam("contact") long contact) {
        crm.persons().removeContact(id, contact);
        return person(id);
    }

    public record ConsentInput(String purpose, Boolean granted, String source) {
    }

    @POST
    @Path("persons/{id}/consents")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> consent(@PathParam("id") UUID id, ConsentInput input,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        if (input == null || input.granted() == null) {
            throw InvalidInputException.field("granted", Messages.text(locale, "crm.person.consentGranted"));
        }
        CurrentUser admin = SignedIn.user(request);
        String source = input.source() == null || input.source().isBlank() ? "manager " + admin.email() : input.source();
        crm.persons().consent(id, input.purpose() == null ? "" : input.purpose().strip().toUpperCase(Locale.ROOT),
                input.granted(), source, clock.instant(), locale);
        return person(id);
    }

    /** A page of the person's timeline, newest first; {@code kind} may repeat. */
    @GET
    @Path("persons/{id}/timeline")
    public Map<String, Object> timeline(@PathParam("id") UUID id, @QueryParam("kind") List<String> kinds,
            @QueryParam("page") Integer page, @QueryParam("size") Integer size,
            @Context ContainerRequestContext request) {
        crm.persons().require(id);
        Locale locale = Language.of(request);
        Set<String> chosen = kinds(known, kinds, locale);
        int pageSize = size == null ? Timeline.PAGE_SIZE : size;
        if (pageSize < 1 || pageSize > 500) {
            throw InvalidInputException.field("size", Messages.text(locale, "crm.timeline.size"));
        }
        int number = page == null ? 0 : page;
        if (number < 0) {
            throw InvalidInputException.field("page", Messages.text(locale, "crm.timeline.page"));
        }
        Timeline.TimelinePage found = crm.timeline().pageOf(id, chosen, number, pageSize);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("page", found.page());
        body.put("size", found.size());
        body.put("more", found.more());
        body.put("entries", found.entries().stream().map(entry -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", entry.id());
            json.put("kind", entry.code());
            json.put("kindName", known.label(entry.code(), locale));
            json.put("at", entry.at().toString());
            json.put("summary", entry.summary());
            json.put("details", entry.details());
            json.put("actor", entry.actorId() == null ? null : entry.actorId().toString());
            return json;
        }).toList());
        return body;
    }

    static Set<String> kinds(TimelineKinds known, List<String> kinds, Locale locale) {
        if (kinds == null) {
            return Set.of();
        }
        List<String> given = kinds.stream().flatMap(value -> List.of(value.split(",")).stream())
                .map(String::strip).filter(value -> !value.isEmpty()).toList();
        List<String> unknown = given.stream().filter(value -> known.parse(value).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw InvalidInputException.field("kind", Messages.text(locale, "crm.timeline.unknownKind",
                    String.join(", ", unknown)));
        }
        return given.stream().map(value -> known.parse(value).orElseThrow()).collect(Collectors.toSet());
    }

    public record LogInput(String kind, String text) {
    }

    /** A manager logs a note, call or meeting. */
    @POST
    @Path("persons/{id}/timeline")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response log(@PathParam("id") UUID id, LogInput input, @Context ContainerRequestContext request) {
        crm.persons().require(id);
        LogInput given = input == null ? new LogInput(null, null) : input;
        crm.timeline().log(id, given.kind(), given.text(), clock.instant(), SignedIn.user(request).id(),
                Language.of(request));
        return Response.created(URI.create("/api/v1/crm/persons/" + id + "/timeline")).build();
    }

    /**
     * @param remind when to mail the assignee ({@code 2026-12-31T14:30} in the platform's zone, or with
     *     an offset); absent for the morning of the due date, {@code none} for no reminder
     */
    public record TaskInput(String title, String assignee, String due, String remind) {
    }

    /** My open tasks, overdue first (each with {@code overdue}, its person and the reminder's time). */
    @GET
    @Path("tasks")
    public Map<String, Object> myTasks(@Context ContainerRequestContext request) {
        return Map.of("tasks", crm.tasks().openOf(SignedIn.user(request).id()));
    }

    /** Opens again a task of mine that was done. */
    @POST
    @Path("tasks/{task}/undo")
    public Map<String, Object> undoTask(@PathParam("task") long task, @Context ContainerRequestContext request) {
        crm.tasks().reopenMine(SignedIn.user(request).id(), task);
        return myTasks(request);
    }

    @POST
    @Path("persons/{id}/tasks")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response task(@PathParam("id") UUID id, TaskInput input, @Context ContainerRequestContext request) {
        crm.persons().require(id);
        TaskInput given = input == null ? new TaskInput(null, null, null, null) : input;
        long task = crm.tasks().create(id, given.title(), given.assignee(), given.due(), given.remind(),
                SignedIn.user(request).id(), Language.of(request));
        return Response.created(URI.create("/api/v1/crm/persons/" + id)).entity(Map.of("id", task)).build();
    }

    @POST
    @Path("persons/{id}/tasks/{task}/done")
    public Map<String, Object> taskDone(@PathParam("id") UUID id, @PathParam("task") long task,
            @Context ContainerRequestContext request) {
        crm.tasks().complete(id, task, SignedIn.user(request).id());
        return person(id);
    }

    public record StageInput(String stage, String reason) {
    }

    /** A manager moves the person to a stage, saying why. */
    @POST
    @Path("persons/{id}/stage")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> stage(@PathParam("id") UUID id, StageInput input,
            @Context ContainerRequestContext request) {
        crm.persons().require(id);
        StageInput given = input == null ? new StageInput(null, null) : input;
        crm.funnel().moveByHand(id, given.stage() == null ? "" : given.stage().strip(), given.reason(),
                SignedIn.user(request).id(), Language.of(request));
        return person(id);
    }

    public record MergeInput(UUID drop) {
    }

    /** Merges another person into this one. */
    @POST
    @Path("persons/{id}/merge")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> merge(@PathParam("id") UUID id, MergeInput input,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        if (input == null || input.drop() == null) {
            throw InvalidInputException.field("drop", Messages.text(locale, "crm.merge.choose"));
        }
        crm.merge().merge(id, input.drop(), SignedIn.user(request).id(), locale);
        return person(id);
    }

    @GET
    @Path("duplicates")
    public Map<String, Object> duplicates() {
        return Map.of("pairs", crm.duplicates().suspected());
    }

    @GET
    @Path("stages")
    public Map<String, Object> stages() {
        return Map.of("stages", crm.funnel().stages(), "figures", crm.funnel().figures());
    }

    public record StagesInput(List<Funnel.Stage> stages) {
    }

    @PUT
    @Path("stages")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> saveStages(StagesInput input, @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        if (input == null || input.stages() == null || input.stages().isEmpty()) {
            throw InvalidInputException.field("stages", Messages.text(locale, "crm.funnel.stagesNeeded"));
        }
        crm.funnel().saveStages(input.stages(), locale);
        return stages();
    }

    @GET
    @Path("lead-sources")
    public Map<String, Object> leadSources() {
        return Map.of("sources", crm.leadSources().all());
    }

    public record SourceInput(String name) {
    }

    /** A new lead source; its key is in this answer only. */
    @POST
    @Path("lead-sources")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createSource(SourceInput input, @Context ContainerRequestContext request) {
        LeadSources.Created created = crm.leadSources().create(input == null ? null : input.name(),
                SignedIn.user(request).id(), Language.of(request));
        return Response.created(URI.create("/api/v1/crm/lead-sources/" + created.source().id()))
                .entity(Map.of("source", created.source(), "key", created.key())).build();
    }

    @POST
    @Path("lead-sources/{sourceId}/revoke")
    public Map<String, Object> revoke(@PathParam("sourceId") long sourceId) {
        crm.leadSources().revoke(sourceId);
        return Map.of("source", crm.leadSources().require(sourceId));
    }

    @POST
    @Path("organizations")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createOrganization(Organizations.Input input, @Context ContainerRequestContext request) {
        Organizations.Organization created = crm.organizations().create(input == null
                ? new Organizations.Input(null, null, null, null, null) : input, Language.of(request));
        return Response.created(URI.create("/api/v1/crm/organizations/" + created.id())).entity(created).build();
    }

    @GET
    @Path("organizations/{orgId}")
    public Map<String, Object> organization(@PathParam("orgId") long id) {
        return Map.of("organization", crm.organizations().require(id), "members", crm.organizations().members(id));
    }

    public record MemberInput(UUID person, String role) {
    }

    @POST
    @Path("organizations/{orgId}/members")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> link(@PathParam("orgId") long id, MemberInput input,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        if (input == null || input.person() == null) {
            throw InvalidInputException.field("person", Messages.text(locale, "crm.organization.person"));
        }
        crm.organizations().link(id, input.person(), input.role(), locale);
        return organization(id);
    }
}
