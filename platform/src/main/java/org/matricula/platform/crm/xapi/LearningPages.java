package org.matricula.platform.crm.xapi;

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
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Flash;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SignedIn;
import org.matricula.platform.web.Views;

/**
 * The learning-record admin page: the LMS clients (create, with the secret shown once; revoke
 * after a confirmation), a learner's activities by email, and learning entered by hand.
 */
@RolesAllowed(Roles.ADMIN)
@Path("/admin/learning")
@Produces(MediaType.TEXT_HTML)
public final class LearningPages {

    private final LmsClients clients;
    private final LearningRecord record;
    private final Views views;
    private final Clock clock;
    private final String baseUrl;
    private final LmsAccounts accounts;

    LearningPages(LmsClients clients, LearningRecord record, LmsAccounts accounts, Views views, Clock clock,
            String baseUrl) {
        this.accounts = accounts;
        this.clients = clients;
        this.record = record;
        this.views = views;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    @GET
    public String show(@QueryParam("email") String email, @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        return page(locale, SignedIn.user(request), email, null, Map.of(), List.of(), 200, AccountForm.EMPTY).getEntity().toString();
    }

    @POST
    @Path("clients")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(MultivaluedMap<String, String> posted, @Context ContainerRequestContext request) {
        MultivaluedMap<String, String> form = posted == null ? new jakarta.ws.rs.core.MultivaluedHashMap<>() : posted;
        Locale locale = Language.of(request);
        try {
            LmsClients.Created created = clients.create(form.getFirst("name"),
                    Messages.text(locale, "xapi.client.name"));
            return page(locale, SignedIn.user(request), null, created, Map.of(), List.of(), 201, AccountForm.EMPTY);
        } catch (InvalidInputException invalid) {
            return page(locale, SignedIn.user(request), null, null, Map.of(), invalid.errors(), 422, AccountForm.EMPTY);
        }
    }

    @GET
    @Path("clients/{id}/revoke")
    public String confirmRevoke(@PathParam("id") long id, @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        LmsClients.Client client = clients.find(id)
                .orElseThrow(() -> NotFoundException.localized("xapi.client.missing", id));
        return views.render("crm/revoke-client", Page.of(Messages.text(locale, "xapi.page.revokeTitle"), locale,
                SignedIn.user(request)).with("client", client).scope());
    }

    @POST
    @Path("clients/{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(@PathParam("id") long id) {
        clients.revoke(id);
        return Response.seeOther(URI.create("/admin/learning")).build();
    }

    @POST
    @Path("records")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response enter(MultivaluedMap<String, String> posted, @Context ContainerRequestContext request) {
        MultivaluedMap<String, String> form = posted == null ? new jakarta.ws.rs.core.MultivaluedHashMap<>() : posted;
        Locale locale = Language.of(request);
        CurrentUser admin = SignedIn.user(request);
        Map<String, String> typed = new HashMap<>();
        for (String field : List.of("email", "activityId", "activityName", "verb", "progress", "score", "minutes")) {
            typed.put(field, form.getFirst(field) == null ? "" : form.getFirst(field).strip());
        }
        List<Problem.FieldProblem> problems = new ArrayList<>();
        Integer progress = number(typed, "progress", problems, locale);
        Integer minutes = number(typed, "minutes", problems, locale);
        BigDecimal score = decimal(typed, "score", problems, locale);
        LearningRecord.Entry entry = new LearningRecord.Entry(typed.get("email"), typed.get("activityId"),
                typed.get("activityName"), typed.get("verb"), progress, score, minutes);
        record.check(entry, locale).stream()
                .filter(problem -> problems.stream().noneMatch(known -> known.field().equals(problem.field())))
                .forEach(problems::add);
        if (!problems.isEmpty()) {
            return page(locale, admin, null, null, typed, problems, 422, AccountForm.EMPTY);
        }
        record.record(entry, admin.email(), clock.instant(), locale);
        return Response.seeOther(URI.create("/admin/learning?email="
                + URLEncoder.encode(typed.get("email"), StandardCharsets.UTF_8))).build();
    }

    /** The LMS-account form as typed, with its problems. */
    private record AccountForm(Map<String, String> typed, List<Problem.FieldProblem> errors) {
        static final AccountForm EMPTY = new AccountForm(Map.of(), List.of());
    }

    /** Links an LMS account (homePage and name) to a person, named by an address or id. */
    @POST
    @Path("accounts")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response link(MultivaluedMap<String, String> posted, @Context ContainerRequestContext request) {
        MultivaluedMap<String, String> form = posted == null ? new jakarta.ws.rs.core.MultivaluedHashMap<>() : posted;
        Locale locale = Language.of(request);
        Map<String, String> typed = new HashMap<>();
        for (String field : List.of("homePage", "name", "person")) {
            typed.put(field, form.getFirst(field) == null ? "" : form.getFirst(field).strip());
        }
        try {
            accounts.link(typed.get("homePage"), typed.get("name"), typed.get("person"), SignedIn.user(request).id(),
                    locale);
            Flash.put(request, "flash.xapi.accountLinked");
            return Response.seeOther(URI.create("/admin/learning#lms-accounts")).build();
        } catch (InvalidInputException invalid) {
            return page(locale, SignedIn.user(request), null, null, Map.of(), List.of(), 422,
                    new AccountForm(typed, invalid.errors()));
        }
    }

    @GET
    @Path("accounts/{id}/unlink")
    public String confirmUnlink(@PathParam("id") long id, @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        LmsAccounts.Account account = accounts.find(id)
                .orElseThrow(() -> NotFoundException.localized("xapi.account.missing", id));
        return views.render("crm/unlink-account", Page.of(Messages.text(locale, "xapi.account.unlinkTitle"), locale,
                SignedIn.user(request)).with("account", account).scope());
    }

    @POST
    @Path("accounts/{id}/unlink")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response unlink(@PathParam("id") long id, @Context ContainerRequestContext request) {
        accounts.unlink(id);
        Flash.put(request, "flash.xapi.accountUnlinked");
        return Response.seeOther(URI.create("/admin/learning#lms-accounts")).build();
    }

    private Response page(Locale locale, CurrentUser user, String email, LmsClients.Created created,
            Map<String, String> manual, List<Problem.FieldProblem> errors, int status, AccountForm accountForm) {
        String lookup = email == null ? "" : email.strip();
        List<Map<String, Object>> activities = lookup.isEmpty() ? List.of()
                : record.ofEmails(List.of(lookup)).stream().map(activity -> activity(activity, locale)).toList();
        List<Map<String, Object>> shownClients = clients.list().stream().map(client -> Map.<String, Object>of(
                "id", client.id(), "name", client.name(), "key", client.key(),
                "created", TimeDisplay.dateTime(locale, client.createdAt()),
                "revoked", client.revokedAt() == null ? false : TimeDisplay.dateTime(locale, client.revokedAt())))
                .toList();
        List<Map<String, Object>> verbs = LearningRecord.VERBS.stream().map(verb -> Map.<String, Object>of("code", verb,
                "label", Messages.text(locale, "xapi.verb." + verb), "selected", verb.equals(manual.get("verb"))))
                .toList();
        Page page = Page.of(Messages.text(locale, "xapi.page.title"), locale, user)
                .with("clients", shownClients).with("email", lookup.isEmpty() ? null : lookup)
                .with("activities", activities).with("manual", manual).with("verbs", verbs).with("errors", errors)
                .with("hasErrors", !errors.isEmpty())
                .with("lmsAccounts", accounts.list().stream().map(account -> Map.<String, Object>of("id", account.id(),
                        "homePage", account.homePage(), "name", account.name(), "personId", account.personId(),
                        "person", account.person(), "created", TimeDisplay.dateTime(locale, account.createdAt())))
                        .toList())
                .with("account", accountForm.typed()).with("accountErrors", accountForm.errors())
                .with("hasAccountErrors", !accountForm.errors().isEmpty());
        if (created != null) {
            page.with("created", Map.of("key", created.key(), "secret", created.secret(),
                    "endpoint", baseUrl + "/xapi/"));
        }
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(views.render("crm/learning", page.scope())).build();
    }

    private static Map<String, Object> activity(LearningRecord.Activity activity, Locale locale) {
        Duration invested = Duration.ofMillis(activity.investedMs());
        return Map.of("activityId", activity.activityId(),
                "name", activity.name().isEmpty() ? activity.activityId() : activity.name(),
                "progress", activity.progress() == null ? "—" : activity.progress() + "%",
                "completed", Messages.text(locale, activity.completed() ? "xapi.page.yes" : "xapi.page.no"),
                "score", activity.bestScore() == null ? "—" : activity.bestScore().movePointRight(2).stripTrailingZeros()
                        .toPlainString() + "%",
                "invested", Messages.text(locale, "xapi.page.hoursMinutes", invested.toHours(),
                        invested.toMinutesPart()),
                "last", TimeDisplay.dateTime(locale, activity.lastAt()));
    }

    private static Integer number(Map<String, String> typed, String field, List<Problem.FieldProblem> problems,
            Locale locale) {
        String text = typed.get(field);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            problems.add(new Problem.FieldProblem(field, Messages.text(locale, "xapi.manual.number")));
            return null;
        }
    }

    private static BigDecimal decimal(Map<String, String> typed, String field, List<Problem.FieldProblem> problems,
            Locale locale) {
        String text = typed.get(field).replace(',', '.');
        if (text.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            problems.add(new Problem.FieldProblem(field, Messages.text(locale, "xapi.manual.number")));
            return null;
        }
    }
}
