package org.matricula.distribution.badinput;

import jakarta.ws.rs.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.glassfish.jersey.model.Parameter;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;

/**
 * The routes outside {@code /api}, read from Jersey's resource model of the registered classes,
 * with the fields of each form posted to them kept by hand below (the model knows a form's
 * parameters only where a resource names them).
 */
final class HtmlRoutes {

    /** A form route: who posts it, what it would do, its fields and the value that keeps every probe invalid. */
    record Form(Endpoint.Auth auth, Endpoint.Effect effect, Endpoint.Body body, List<String> fields, String anchor) {
    }

    private static final String NOT_A_DATE = "openUntil=not-a-date";

    /** Every non-API POST route; {@link #formsMissingFromTheList} keeps this list complete. */
    static final Map<String, Form> FORMS = forms();

    private static Map<String, Form> forms() {
        Map<String, Form> forms = new LinkedHashMap<>();
        Endpoint.Auth admin = Endpoint.Auth.ADMIN;
        Endpoint.Auth applicant = Endpoint.Auth.APPLICANT;
        Endpoint.Auth anonymous = Endpoint.Auth.ANONYMOUS_FORM;
        // The single name and description of the first release's forms, and the inputs per language.
        List<String> project = List.of("slug", "name", "description", "names.ru", "names.en", "descriptions.ru",
                "descriptions.en", "familyId", "active", "digestRecipients", "openUntil");
        List<String> program = List.of("code", "name", "description", "names.ru", "names.en", "descriptions.ru",
                "descriptions.en", "active", "places", "waitlist");
        List<String> view = List.of("columns", "sort", "dir", "size", "q", "status");
        forms.put("/signup", write(anonymous, List.of("email", "password", "displayName"), null));
        forms.put("/login", write(anonymous, List.of("email", "password", "next"), null));
        forms.put("/logout", destructive(applicant, List.of()));
        forms.put("/logout-everywhere", destructive(applicant, List.of()));
        forms.put("/office/erase", destructive(applicant, List.of("password", "confirm")));
        forms.put("/password/forgot", new Form(anonymous, Endpoint.Effect.HARMLESS, Endpoint.Body.FORM,
                List.of("email"), null));
        forms.put("/password/reset", write(anonymous, List.of("token", "password"), null));
        // An invalid SNILS (wrong checksum) keeps the profile and the declaration from being saved.
        forms.put("/office/profile", write(applicant, List.of("lastName", "firstName", "phone", "snils", "birthDate"),
                "snils=123"));
        forms.put("/office/declarations/{id}/withdraw", destructive(applicant, List.of("comment")));
        // The offer and the enrolment code of a declaration (crm.deals): an id that names no declaration is refused.
        forms.put("/office/contract/{id}/accept", write(applicant, List.of("accept"), null));
        forms.put("/office/contract/{id}/code", write(applicant, List.of("code"), null));
        forms.put("/office/declarations/{id}/documents", upload(applicant));
        forms.put("/office/declarations/{id}/documents/{documentId}/delete", destructive(applicant, List.of()));
        // Like erasing, a password change first checks the current password.
        forms.put("/office/profile/password", destructive(applicant, List.of("currentPassword", "newPassword")));
        forms.put("/apply/{slug}", write(applicant, List.of("program", "category", "lastName", "firstName", "snils",
                "acceptOffer", "enrolmentCode"),
                "snils=112-233-445+96"));
        forms.put("/families/{id}/form", new Form(Endpoint.Auth.PUBLIC, Endpoint.Effect.HARMLESS, Endpoint.Body.FORM,
                List.of("lastName", "snils", "birthDate"), null));
        forms.put("/admin/projects", write(admin, project, NOT_A_DATE));
        forms.put("/admin/projects/{id}", write(admin, project, NOT_A_DATE));
        forms.put("/admin/projects/{id}/delete", destructive(admin, List.of()));
        forms.put("/admin/projects/{id}/programs", write(admin, List.of("programId"), null));
        forms.put("/admin/projects/{id}/programs/{programId}/delete", destructive(admin, List.of()));
        forms.put("/admin/programs", write(admin, program, "places=many"));
        forms.put("/admin/programs/{id}", write(admin, program, "places=many"));
        forms.put("/admin/programs/{id}/delete", destructive(admin, List.of()));
        // A curator that names no staff account is refused, so no probe changes the curator.
        forms.put("/admin/programs/{id}/curator", write(admin, List.of("curator"), "curator=nobody"));
        // A sort direction other than asc or desc is refused, so no probe saves a view (an out-of-range
        // page size is brought into range, no longer refused).
        forms.put("/admin/declarations/view", write(admin, view, "dir=sideways"));
        forms.put("/admin/{list}/view", write(admin, view, "dir=sideways"));
        // An action that is neither export nor status is refused, so no probe changes a status.
        forms.put("/admin/declarations/bulk", write(admin, List.of("action", "status", "comment", "id", "columns",
                "confirmed"), "action=none"));
        forms.put("/admin/{list}/bulk", write(admin, List.of("action", "id", "columns"), "action=none"));
        forms.put("/admin/users/{id}/role", write(admin, List.of("role", "projects", "organization"), "role=NOBODY"));
        forms.put("/admin/plugins", upload(admin));
        forms.put("/admin/plugins/{id}/enable", destructive(admin, List.of()));
        forms.put("/admin/plugins/{id}/disable", destructive(admin, List.of()));
        forms.put("/admin/plugins/{id}/reload", destructive(admin, List.of()));
        forms.put("/admin/plugins/{id}/remove", destructive(admin, List.of()));
        forms.put("/admin/declarations/{id}/status", write(admin, List.of("status", "comment", "confirmed"), null));
        forms.put("/admin/outbox/{id}/retry", destructive(admin, List.of()));
        forms.put("/admin/declarations/{id}/documents", upload(admin));
        forms.put("/admin/declarations/{id}/documents/{documentId}/delete", destructive(admin, List.of()));
        // The CRM: every form below is refused by its path (ids that name nothing) or by its anchor.
        forms.put("/admin/persons/view", write(admin, view, "dir=sideways"));
        forms.put("/admin/organizations/view", write(admin, view, "dir=sideways"));
        forms.put("/admin/persons/{id}/log", write(admin, List.of("kind", "text"), null));
        forms.put("/admin/persons/{id}/stage", write(admin, List.of("stage", "reason"), null));
        forms.put("/admin/persons/{id}/tasks", write(admin, List.of("title", "assignee", "due", "remind"), null));
        forms.put("/admin/persons/{id}/tasks/{task}/done", destructive(admin, List.of()));
        forms.put("/admin/tasks/{task}/done", destructive(admin, List.of()));
        forms.put("/admin/tasks/{task}/undo", destructive(admin, List.of()));
        forms.put("/admin/persons/{id}/edit", write(admin, List.of("lastName", "birthDate", "email", "phone"), null));
        forms.put("/admin/persons/merge", write(admin, List.of("drop"), "keep=not-a-person"));
        // A blank name is refused; the name itself is never a probed field, or a probe could name a source.
        forms.put("/admin/crm/lead-sources", write(admin, List.of(), "name="));
        forms.put("/admin/crm/lead-sources/{sourceId}/revoke", destructive(admin, List.of()));
        forms.put("/admin/crm/lead-sources/failed/{id}/retry", destructive(admin, List.of()));
        forms.put("/admin/crm/lead-sources/failed/{id}/discard", destructive(admin, List.of()));
        forms.put("/admin/organizations", write(admin, List.of("name", "email", "phone", "website"), "kind=GUILD"));
        forms.put("/admin/organizations/{orgId}/members", write(admin, List.of("email", "role"), null));
        // Coordinators: a blank email names no coordinator's account; taking away names no organization.
        forms.put("/admin/organizations/{orgId}/coordinators", write(admin, List.of(), "email="));
        forms.put("/admin/organizations/{orgId}/coordinators/{id}/remove", destructive(admin, List.of()));
        // Pre-applications and community activity: ids that name nothing, a blank program, a negative count.
        forms.put("/admin/pre-applications/{program}/mail", destructive(admin, List.of()));
        forms.put("/admin/persons/{id}/pre-applications", write(admin, List.of("startFrom", "note"), "program="));
        forms.put("/admin/persons/{id}/community", write(admin, List.of("kind"), "count=-1"));
        forms.put("/office/interest", write(applicant, List.of("startFrom"), "program="));
        // Lead forms for websites: a source that is no number names none; revoking names no form.
        forms.put("/admin/crm/lead-forms", write(admin, List.of("program", "language"), "source=none"));
        forms.put("/admin/crm/lead-forms/{id}/revoke", destructive(admin, List.of()));
        // Imports of persons: an upload; a mapping to no field is refused; starting or undoing names no import.
        forms.put("/admin/crm/imports", upload(admin));
        forms.put("/admin/crm/imports/{id}/check", write(admin, List.of("col0", "col1"), "col2=salary"));
        forms.put("/admin/crm/imports/{id}/start", destructive(admin, List.of()));
        forms.put("/admin/crm/imports/{id}/undo", destructive(admin, List.of()));
        // The learning record: a blank client name and a course that is no address are refused.
        forms.put("/admin/learning/clients", write(admin, List.of(), "name="));
        forms.put("/admin/learning/clients/{id}/revoke", destructive(admin, List.of()));
        forms.put("/admin/learning/records", write(admin, List.of("email", "activityName", "verb", "progress",
                "score", "minutes"), "activityId=not-an-address"));
        // Funnel stages, mastery scales, disciplines and qualification levels: a code that is no code, a scale
        // kind or a scale that is none keep every probe invalid; codes that name nothing answer 404.
        forms.put("/admin/crm/funnel-stages", write(admin, List.of("nameRu", "nameEn"), "code=Not A Code"));
        forms.put("/admin/crm/funnel-stages/{code}/rename", write(admin, List.of("nameRu", "nameEn"), null));
        forms.put("/admin/crm/funnel-stages/{code}/up", destructive(admin, List.of()));
        forms.put("/admin/crm/funnel-stages/{code}/down", destructive(admin, List.of()));
        forms.put("/admin/crm/funnel-stages/{code}/retire", destructive(admin, List.of()));
        forms.put("/admin/crm/funnel-stages/{code}/restore", destructive(admin, List.of()));
        forms.put("/admin/crm/funnel-stages/{code}/delete", destructive(admin, List.of()));
        forms.put("/admin/crm/mastery/scales", write(admin, List.of("code", "nameRu", "nameEn", "levels"), "kind=NONE"));
        forms.put("/admin/crm/mastery/scales/{code}/delete", destructive(admin, List.of()));
        forms.put("/admin/crm/mastery/disciplines", write(admin, List.of("id", "nameRu", "nameEn", "activities"),
                "scale=none"));
        forms.put("/admin/crm/mastery/qualifications", write(admin, List.of("nameRu", "nameEn"), "code=9"));
        forms.put("/admin/crm/mastery/qualifications/{code}/rename", write(admin, List.of("nameRu", "nameEn"), null));
        forms.put("/admin/crm/mastery/qualifications/{code}/retire", destructive(admin, List.of()));
        forms.put("/admin/crm/mastery/qualifications/{code}/restore", destructive(admin, List.of()));
        forms.put("/admin/persons/{id}/mastery", write(admin, List.of("discipline", "level", "assessedOn", "note"), null));
        forms.put("/admin/persons/{id}/qualification", write(admin, List.of("qualification"), null));
        // LMS accounts linked to persons: a home page that is no address is refused; unlinking names no account.
        forms.put("/admin/learning/accounts", write(admin, List.of("name", "person"), "homePage=not-an-address"));
        forms.put("/admin/learning/accounts/{id}/unlink", destructive(admin, List.of()));
        // What websites embed: a form id that names no form answers 404; a page view needs a visitor id.
        forms.put("/embed/forms/{id}", new Form(Endpoint.Auth.PUBLIC, Endpoint.Effect.WRITE, Endpoint.Body.FORM,
                List.of("lastName", "firstName", "email", "phone", "interest"), null));
        forms.put("/embed/visits", new Form(Endpoint.Auth.PUBLIC, Endpoint.Effect.WRITE, Endpoint.Body.JSON,
                List.of(), null));
        // Money: a price for no program and a promo code without a value are refused.
        forms.put("/admin/billing/prices", write(admin, List.of("startDate", "amount"), "programId=none"));
        forms.put("/admin/billing/discounts", write(admin, List.of("code", "kind", "validFrom", "validUntil",
                "maxUses", "discountProgramId"), "value=none"));
        forms.put("/admin/arrears/view", write(admin, view, "dir=sideways"));
        // Deals: a deal for no organization, a move or seats for a deal that names none, a program that is no number.
        forms.put("/admin/deals", write(admin, List.of("title", "seats", "pricePerSeat", "expectedClose", "probability",
                "programId", "managerId"), "organizationId=none"));
        forms.put("/admin/deals/{id}/move", write(admin, List.of("stage", "reason"), null));
        forms.put("/admin/deals/{id}/seats", write(admin, List.of("emails"), null));
        forms.put("/admin/deals/programs", write(admin, List.of("autoEnrol", "requiresOffer",
                "requiresFirstInstalment"), "autoProgramId=none"));
        forms.put("/admin/deals/templates", write(admin, List.of("language", "body", "action"), "kind=NONE"));
        forms.put("/admin/deals/list/view", write(admin, view, "dir=sideways"));
        // Paying online, cancelling and refunding name an invoice; a refund of no amount is refused.
        forms.put("/office/invoices/{id}/pay", write(applicant, List.of(), null));
        forms.put("/admin/billing/invoices/{id}/cancel", destructive(admin, List.of()));
        forms.put("/admin/billing/invoices/{id}/refunds", write(admin, List.of("amount", "paymentId", "key", "note",
                "confirmed"), "amount=none"));
        // Taking a payment's warning off names a payment of the invoice; no probe's does (404).
        forms.put("/admin/billing/invoices/{id}/online/{payment}/resolve", destructive(admin, List.of("seen")));
        // Analytics: marketing spend for a month that is none is refused; deleting names no spend.
        forms.put("/admin/analytics/spend", write(admin, List.of("channel", "campaign", "amount"), "month=never"));
        forms.put("/admin/analytics/spend/{id}/delete", destructive(admin, List.of()));
        // Segments: a blank name is refused; previews save nothing; ids that name nothing answer 404.
        forms.put("/admin/segments", write(admin, List.of("stage", "tags", "consent", "activeDays", "field", "op",
                "value"), "name="));
        forms.put("/admin/segments/preview", new Form(admin, Endpoint.Effect.HARMLESS, Endpoint.Body.FORM,
                List.of("name", "stage", "tags", "consent", "balanceBelow", "activeDays", "field", "op", "value"), null));
        forms.put("/admin/segments/{id}", write(admin, List.of("stage", "tags", "consent", "activeDays"), "name="));
        forms.put("/admin/segments/{id}/preview", new Form(admin, Endpoint.Effect.HARMLESS, Endpoint.Body.FORM,
                List.of("name", "tags", "progressMin"), null));
        forms.put("/admin/segments/{id}/freeze", destructive(admin, List.of("action")));
        forms.put("/admin/segments/{id}/delete", destructive(admin, List.of()));
        // Webhooks: a blank name is refused; rotating and replaying ids that name nothing answer 404.
        forms.put("/admin/webhooks", write(admin, List.of("url", "kinds", "active"), "name="));
        forms.put("/admin/webhooks/{id}", write(admin, List.of("url", "kinds", "active"), "name="));
        forms.put("/admin/webhooks/{id}/rotate", destructive(admin, List.of()));
        forms.put("/admin/webhooks/deliveries/{id}/replay", destructive(admin, List.of()));
        // Stuck-student rules: a rule without a program is refused; deleting names no rule.
        forms.put("/admin/stuck/rules", write(admin, List.of("kind", "days", "startsOn", "endsOn", "tolerance"),
                "program=none"));
        forms.put("/admin/stuck/rules/{id}/delete", destructive(admin, List.of()));
        // Mail campaigns: a campaign without a segment is refused; ids that name nothing answer 404.
        forms.put("/admin/campaigns", write(admin, List.of("name", "subjectRu", "bodyRu", "subjectEn", "bodyEn",
                "sendAt", "ratePerMinute"), "segment=none"));
        forms.put("/admin/campaigns/{id}", write(admin, List.of("name", "subjectRu", "bodyRu", "sendAt",
                "ratePerMinute"), "segment=none"));
        forms.put("/admin/campaigns/{id}/schedule", destructive(admin, List.of()));
        forms.put("/admin/campaigns/{id}/cancel", destructive(admin, List.of()));
        // Automation scenarios: a save without a trigger and steps is refused (the other buttons only show the
        // form again); starting names a person or a segment; ids that name nothing answer 404.
        List<String> scenario = List.of("name", "enabled", "triggerType", "triggerStatus", "triggerStage",
                "triggerSegment", "triggerEveryDays", "triggerAt", "conditionSegment", "stepCount", "step0.type",
                "step0.tag", "newStepType");
        forms.put("/admin/scenarios", write(admin, scenario, "op=save"));
        forms.put("/admin/scenarios/{id}", write(admin, scenario, "op=save"));
        forms.put("/admin/scenarios/import", upload(admin));
        forms.put("/admin/scenarios/{id}/start", write(admin, List.of("person", "segment"), null));
        forms.put("/admin/scenarios/{id}/enabled", destructive(admin, List.of("enabled")));
        forms.put("/admin/scenarios/runs/{run}/{action}", destructive(admin, List.of()));
        forms.put("/admin/scenarios/runs/{run}/cancel", destructive(admin, List.of()));
        // The unsubscribe link of campaign mails: no probe holds a token that names a recipient (404).
        forms.put("/u/{token}", new Form(Endpoint.Auth.PUBLIC, Endpoint.Effect.WRITE, Endpoint.Body.FORM,
                List.of("List-Unsubscribe"), null));
        // The marketing consent link of a lead: no probe holds a token that names a confirmation (404).
        forms.put("/consent/{token}", new Form(Endpoint.Auth.PUBLIC, Endpoint.Effect.WRITE, Endpoint.Body.FORM,
                List.of(), null));
        // xAPI statements: only an LMS client's Basic credentials are let in, and no probe has them.
        forms.put("/xapi/statements", new Form(Endpoint.Auth.PUBLIC, Endpoint.Effect.WRITE, Endpoint.Body.JSON,
                List.of(), null));
        // Plugins' own routes (POST, PUT, DELETE): no plugin of the campaign serves any, so each probe meets a 404.
        forms.put("/plugins/{id}/{path}", new Form(Endpoint.Auth.PUBLIC, Endpoint.Effect.HARMLESS, Endpoint.Body.FORM,
                List.of("note"), null));
        return forms;
    }

    private static Form write(Endpoint.Auth auth, List<String> fields, String anchor) {
        return new Form(auth, Endpoint.Effect.WRITE, Endpoint.Body.FORM, fields, anchor);
    }

    private static Form destructive(Endpoint.Auth auth, List<String> fields) {
        return new Form(auth, Endpoint.Effect.DESTRUCTIVE, Endpoint.Body.FORM, fields, null);
    }

    private static Form upload(Endpoint.Auth auth) {
        return new Form(auth, Endpoint.Effect.WRITE, Endpoint.Body.MULTIPART, List.of(), null);
    }

    private HtmlRoutes() {
    }

    /** A route of the resource model: method, path template and the names of its query parameters. */
    record Route(String method, String path, List<String> queryParams) {
    }

    /** Every route outside {@code /api} of the application's resource classes. */
    static List<Route> discover(ResourceConfig application) {
        Map<String, Route> routes = new TreeMap<>();
        List<Class<?>> classes = new ArrayList<>(application.getClasses());
        application.getInstances().forEach(instance -> classes.add(instance.getClass()));
        for (Class<?> type : classes) {
            if (type.isAnnotationPresent(Path.class)) {
                walk(Resource.from(type), "", routes);
            }
        }
        routes.values().removeIf(route -> route.path().startsWith("/api"));
        return List.copyOf(routes.values());
    }

    private static void walk(Resource resource, String prefix, Map<String, Route> routes) {
        String path = join(prefix, resource.getPath());
        for (ResourceMethod method : resource.getResourceMethods()) {
            List<String> query = method.getInvocable().getParameters().stream()
                    .filter(parameter -> parameter.getSource() == Parameter.Source.QUERY)
                    .map(Parameter::getSourceName).toList();
            routes.put(method.getHttpMethod() + " " + path, new Route(method.getHttpMethod(), path, query));
        }
        for (Resource child : resource.getChildResources()) {
            walk(child, path, routes);
        }
    }

    private static String join(String prefix, String path) {
        String joined = withoutPatterns(prefix + "/" + (path == null ? "" : path)).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /** {@code {id: [0-9a-f-]{36}}} becomes {@code {id}}; a pattern may hold braces of its own. */
    private static String withoutPatterns(String path) {
        StringBuilder plain = new StringBuilder();
        int depth = 0;
        boolean inPattern = false;
        for (char c : path.toCharArray()) {
            if (c == '{' && depth++ == 0) {
                plain.append(c);
                inPattern = false;
            } else if (c == '}' && --depth == 0) {
                plain.append(c);
            } else if (depth == 1 && c == ':') {
                inPattern = true;
            } else if (depth == 0 || depth == 1 && !inPattern && !Character.isWhitespace(c)) {
                plain.append(c);
            }
        }
        return plain.toString();
    }

    /** Non-API POST routes of the application that {@link #FORMS} does not describe. */
    static List<String> formsMissingFromTheList(List<Route> routes) {
        TreeSet<String> missing = new TreeSet<>();
        routes.stream().filter(route -> !route.method().equals("GET")).map(Route::path)
                .filter(path -> !FORMS.containsKey(path)).forEach(missing::add);
        return List.copyOf(missing);
    }

    /** The campaign's endpoints for these routes. */
    static List<Endpoint> endpoints(List<Route> routes) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Route route : routes) {
            boolean api = route.path().startsWith("/health") || route.path().startsWith("/metrics")
                    || route.path().equals("/openapi.json");
            if (route.method().equals("GET")) {
                endpoints.add(new Endpoint("GET", route.path(), api, pageAuth(route.path()), Endpoint.Effect.READ,
                        route.queryParams(), Endpoint.Body.NONE, Map.of(), null, null));
            } else {
                Form form = FORMS.get(route.path());
                Map<String, String> fields = new LinkedHashMap<>();
                form.fields().forEach(field -> fields.put(field, "string"));
                endpoints.add(new Endpoint(route.method(), route.path(), false, form.auth(), form.effect(),
                        route.queryParams(), form.body(), fields, form.anchor(), null));
            }
        }
        return endpoints;
    }

    private static Endpoint.Auth pageAuth(String path) {
        if (path.equals("/admin") || path.startsWith("/admin/")) {
            return Endpoint.Auth.ADMIN;
        }
        return path.equals("/office") || path.startsWith("/office/") || path.startsWith("/apply/")
                ? Endpoint.Auth.APPLICANT
                : Endpoint.Auth.PUBLIC;
    }
}
