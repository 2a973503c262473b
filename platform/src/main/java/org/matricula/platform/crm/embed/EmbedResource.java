package org.matricula.platform.crm.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.matricula.platform.crm.leads.Lead;
import org.matricula.platform.crm.leads.LeadIntake;
import org.matricula.platform.crm.leads.LeadSources;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.http.Frameable;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.Views;

/**
 * What institutes' websites embed: the lead form (a page other sites may frame, posted without a
 * session), its loader script that passes the page's UTM parameters, referrer and visitor id into
 * the frame, and the page-view beacon with the endpoint it reports to.
 */
@PermitAll
@Path("/embed")
public final class EmbedResource {

    static final List<String> UTM = List.of("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content");
    private static final ObjectMapper JSON = JsonMapper.create();
    private static final int MAX_URL = 2000;

    private final LeadForms forms;
    private final LeadSources sources;
    private final LeadIntake intake;
    private final Visits visits;
    private final EmbedLimits limits;
    private final Views views;
    private final Clock clock;

    EmbedResource(LeadForms forms, LeadSources sources, LeadIntake intake, Visits visits, EmbedLimits limits,
            Views views, Clock clock) {
        this.forms = forms;
        this.sources = sources;
        this.intake = intake;
        this.visits = visits;
        this.limits = limits;
        this.views = views;
        this.clock = clock;
    }

    @GET
    @Path("forms/{id}")
    @Produces(MediaType.TEXT_HTML)
    @Frameable
    public Response form(@PathParam("id") String id, @Context UriInfo uri, @Context HttpHeaders headers) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        Optional<LeadForms.LeadForm> form = live(id);
        Locale locale = locale(form, query.getFirst("lang"), headers);
        if (form.isEmpty()) {
            return gone(locale);
        }
        Map<String, String> context = new LinkedHashMap<>();
        for (String name : contextFields()) {
            String value = query.getFirst(name);
            if (value != null && value.length() <= MAX_URL) {
                context.put(name, value);
            }
        }
        return page(form.get(), locale, Map.of(), context, List.of(), 200);
    }

    @POST
    @Path("forms/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Frameable
    public Response post(@PathParam("id") String id, MultivaluedMap<String, String> body,
            @Context HttpHeaders headers, @Context HttpServletRequest servlet) {
        MultivaluedMap<String, String> posted = body == null ? new MultivaluedHashMap<>() : body;
        Optional<LeadForms.LeadForm> form = live(id);
        Locale locale = locale(form, posted.getFirst("lang"), headers);
        if (form.isEmpty()) {
            return gone(locale);
        }
        if (!text(posted, "website").isEmpty()) {
            // Only robots fill the field people never see: thank them and keep nothing.
            return thanks(locale);
        }
        if (!limits.leadAllowed(servlet.getRemoteAddr())) {
            return Response.status(429).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(views.render("crm/embed-message", Page.of(Messages.text(locale, "crm.embed.slowDown"),
                            locale, null).with("message", Messages.text(locale, "crm.embed.slowDownText")).scope()))
                    .build();
        }
        Map<String, String> typed = new HashMap<>();
        for (String name : List.of("lastName", "firstName", "email", "phone", "interest")) {
            typed.put(name, text(posted, name));
        }
        Map<String, String> context = new LinkedHashMap<>();
        contextFields().forEach(name -> {
            if (!text(posted, name).isEmpty()) {
                context.put(name, text(posted, name));
            }
        });
        Map<String, String> utm = new LinkedHashMap<>();
        UTM.forEach(name -> {
            if (context.containsKey(name)) {
                utm.put(name, context.get(name));
            }
        });
        LeadForms.LeadForm leadForm = form.get();
        Lead lead = new Lead(typed.get("lastName"), typed.get("firstName"), null, typed.get("email"),
                typed.get("phone"), leadForm.programCode(), typed.get("interest"),
                posted.containsKey("consentProcessing"), posted.containsKey("consentMarketing"), null, null, utm,
                context.getOrDefault("ref", ""));
        try {
            if (intake.take(sources.require(leadForm.sourceId()), lead, () -> locale, visitor(context.get("vid")).orElse(null))
                    .isEmpty()) {
                // the form's source was revoked since the form was read: the form is gone
                return gone(locale);
            }
        } catch (InvalidInputException invalid) {
            Map<String, Object> values = new HashMap<>(typed);
            values.put("consentMarketing", posted.containsKey("consentMarketing"));
            return page(leadForm, locale, values, context, invalid.errors(), 422);
        }
        return thanks(locale);
    }

    /** The loader a website includes where the form goes: it builds the frame with the page's context. */
    @GET
    @Path("forms/{id}.js")
    @Produces("text/javascript")
    public Response loader(@PathParam("id") String id, @Context UriInfo uri) {
        String script = asset("lead-form-loader.js").replace("__FORM_URL__",
                uri.getBaseUriBuilder().path("embed/forms/{id}").build(id).toString());
        return script(script);
    }

    @GET
    @Path("beacon.js")
    @Produces("text/javascript")
    public Response beacon() {
        return script(asset("beacon.js"));
    }

    @GET
    @Path("resize.js")
    @Produces("text/javascript")
    public Response resize() {
        return script(asset("resize.js"));
    }

    @GET
    @Path("embed.css")
    @Produces("text/css")
    public Response style() {
        return Response.ok(asset("embed.css"), "text/css; charset=utf-8").cacheControl(hour()).build();
    }

    /**
     * A page view the beacon reports. Sent with {@code navigator.sendBeacon}, so as text/plain (no
     * preflight across sites); the answer is never read.
     */
    @POST
    @Path("visits")
    @Consumes({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    @Produces(MediaType.APPLICATION_JSON)
    public Response visit(String body, @Context HttpHeaders headers, @Context HttpServletRequest servlet) {
        Locale locale = Language.of(null, headers);
        if (!limits.visitAllowed(servlet.getRemoteAddr())) {
            return Response.status(429).build();
        }
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        List<Problem.FieldProblem> problems = new ArrayList<>();
        if (json == null || !json.isObject()) {
            throw new InvalidInputException(Messages.text(locale, "crm.embed.visitBody"),
                    List.of(new Problem.FieldProblem("", Messages.text(locale, "crm.embed.visitBody"))));
        }
        Optional<UUID> visitor = visitor(json.path("visitor").asText(null));
        if (visitor.isEmpty()) {
            problems.add(new Problem.FieldProblem("visitor", Messages.text(locale, "crm.embed.visitor")));
        }
        String url = json.path("url").asText("");
        if (!web(url)) {
            problems.add(new Problem.FieldProblem("url", Messages.text(locale, "crm.embed.url")));
        }
        String referrer = json.path("referrer").asText("");
        if (!referrer.isEmpty() && !web(referrer)) {
            problems.add(new Problem.FieldProblem("referrer", Messages.text(locale, "crm.embed.url")));
        }
        Map<String, String> utm = new LinkedHashMap<>();
        json.path("utm").fields().forEachRemaining(field -> {
            if (!UTM.contains(field.getKey()) || !field.getValue().isTextual()
                    || field.getValue().asText().length() > 200) {
                problems.add(new Problem.FieldProblem("utm." + field.getKey(),
                        Messages.text(locale, "crm.lead.utmKey")));
            } else if (!field.getValue().asText().isBlank()) {
                utm.put(field.getKey(), field.getValue().asText().strip());
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.get(0).message(), problems);
        }
        visits.record(new Visits.Visit(visitor.get(), url, referrer, utm, clock.instant()));
        return Response.noContent().build();
    }

    private Optional<LeadForms.LeadForm> live(String id) {
        return visitor(id).flatMap(forms::live);
    }

    private Response page(LeadForms.LeadForm form, Locale locale, Map<String, ?> values, Map<String, String> context,
            List<Problem.FieldProblem> errors, int status) {
        Map<String, String> byField = new HashMap<>();
        errors.forEach(error -> byField.putIfAbsent(error.field(), error.message()));
        Page page = Page.of(Messages.text(locale, "crm.embed.title"), locale, null)
                .with("formId", form.publicId()).with("program", form.programName())
                .with("askInterest", form.programCode() == null)
                .with("values", values).with("errors", errors).with("hasErrors", !errors.isEmpty())
                .with("error", byField)
                .with("context", context.entrySet().stream()
                        .map(entry -> Map.of("name", entry.getKey(), "value", entry.getValue())).toList());
        return html(views.render("crm/embed-form", page.scope()), status);
    }

    private Response thanks(Locale locale) {
        return html(views.render("crm/embed-message", Page.of(Messages.text(locale, "crm.embed.thanks"), locale, null)
                .with("message", Messages.text(locale, "crm.embed.thanksText")).scope()), 200);
    }

    private Response gone(Locale locale) {
        return html(views.render("crm/embed-message", Page.of(Messages.text(locale, "crm.embed.gone"), locale, null)
                .with("message", Messages.text(locale, "crm.embed.goneText")).scope()), 404);
    }

    private static Response html(String page, int status) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page).build();
    }

    private static Locale locale(Optional<LeadForms.LeadForm> form, String lang, HttpHeaders headers) {
        return Messages.language(lang).orElseGet(() -> form.flatMap(f -> Messages.language(f.language()))
                .orElseGet(() -> Language.of(null, headers)));
    }

    private static List<String> contextFields() {
        List<String> fields = new ArrayList<>(UTM);
        fields.addAll(List.of("ref", "page", "vid", "lang"));
        return fields;
    }

    static Optional<UUID> visitor(String text) {
        try {
            return text == null || text.length() != 36 ? Optional.empty() : Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean web(String url) {
        if (url.isEmpty() || url.length() > MAX_URL) {
            return false;
        }
        try {
            String scheme = URI.create(url).getScheme();
            return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String text(MultivaluedMap<String, String> posted, String name) {
        String value = posted.getFirst(name);
        return value == null ? "" : value.strip();
    }

    private static Response script(String text) {
        return Response.ok(text, "text/javascript; charset=utf-8").cacheControl(hour()).build();
    }

    private static CacheControl hour() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(3600);
        return cache;
    }

    private static String asset(String name) {
        try (InputStream in = EmbedResource.class.getResourceAsStream("/web/embed/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
