package org.matricula.platform.crm.mastery;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Flash;
import org.matricula.platform.web.FormValues;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SignedIn;
import org.matricula.platform.web.Views;

/**
 * The settings of mastery and qualification: the scales with their levels, the disciplines with
 * their scale and the xAPI activities that assess them, and the list of qualification levels.
 */
@RolesAllowed(Roles.ADMIN)
@Path("/admin/crm/mastery")
@Produces(MediaType.TEXT_HTML)
public final class MasteryPages {

    private static final String CODE = "{code: [a-z][a-z0-9_-]{0,39}}";
    private static final URI BACK = URI.create("/admin/crm/mastery");

    private final Mastery mastery;
    private final Qualifications qualifications;
    private final Views views;

    public MasteryPages(Mastery mastery, Qualifications qualifications, Views views) {
        this.mastery = mastery;
        this.qualifications = qualifications;
        this.views = views;
    }

    @GET
    public String show(@QueryParam("scale") String scale, @QueryParam("discipline") Long discipline,
            @Context ContainerRequestContext request) {
        Map<String, String> values = new LinkedHashMap<>();
        if (scale != null && !scale.isBlank()) {
            Scale shown = mastery.scale(scale).orElseThrow(() -> NotFoundException.localized("refusal.scale.missing",
                    scale));
            values.put("scale.code", shown.code());
            values.put("scale.kind", shown.kind().name());
            values.put("scale.nameRu", shown.nameRu());
            values.put("scale.nameEn", shown.nameEn());
            values.put("scale.levels", shown.levels().stream().map(level -> level.code() + " | " + level.labelRu()
                    + " | " + level.labelEn() + " | " + level.minScore().toPlainString())
                    .collect(Collectors.joining("\n")));
        }
        if (discipline != null) {
            Mastery.Discipline shown = mastery.discipline(discipline);
            values.put("discipline.id", String.valueOf(shown.id()));
            values.put("discipline.nameRu", shown.nameRu());
            values.put("discipline.nameEn", shown.nameEn());
            values.put("discipline.scale", shown.scaleCode());
            values.put("discipline.activities", String.join("\n", shown.activities()));
        }
        return page(request, values, Map.of());
    }

    @POST
    @Path("scales")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveScale(@Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Map<String, String> form = FormValues.of(posted);
        return act(request, "scale", form, () -> mastery.saveScale(form.get("code"), form.get("kind"),
                form.get("nameRu"), form.get("nameEn"), form.get("levels"), Language.of(request)));
    }

    @GET
    @Path("scales/" + CODE + "/delete")
    public String confirmDeleteScale(@PathParam("code") String code, @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        Scale scale = mastery.scale(code).orElseThrow(() -> NotFoundException.localized("refusal.scale.missing", code));
        return views.render("crm/mastery-scale-delete", Page.of(Messages.text(locale, "mastery.scale.deleteTitle"),
                locale, SignedIn.user(request)).with("scale", Map.of("code", scale.code(), "name", scale.name(locale)))
                .scope());
    }

    @POST
    @Path("scales/" + CODE + "/delete")
    public Response deleteScale(@PathParam("code") String code, @Context ContainerRequestContext request) {
        mastery.deleteScale(code);
        Flash.put(request, "flash.deleted");
        return Response.seeOther(BACK).build();
    }

    @POST
    @Path("disciplines")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveDiscipline(@Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Map<String, String> form = FormValues.of(posted);
        Locale locale = Language.of(request);
        return act(request, "discipline", form, () -> {
            String id = form.getOrDefault("id", "").strip();
            if (!id.isEmpty() && !id.matches("[0-9]{1,18}")) {
                throw InvalidInputException.field("id", Messages.text(locale, "mastery.record.discipline"));
            }
            mastery.saveDiscipline(id.isEmpty() ? null : Long.valueOf(id), form.get("nameRu"), form.get("nameEn"),
                    form.get("scale"), form.get("activities"), locale);
        });
    }

    @POST
    @Path("qualifications")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response addQualification(@Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Map<String, String> form = FormValues.of(posted);
        return act(request, "qualification", form, () -> qualifications.add(form.get("code"), form.get("nameRu"),
                form.get("nameEn"), Language.of(request)));
    }

    @POST
    @Path("qualifications/" + CODE + "/rename")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response renameQualification(@PathParam("code") String code, @Context ContainerRequestContext request,
            MultivaluedMap<String, String> posted) {
        Map<String, String> form = FormValues.of(posted);
        if (qualifications.levels().stream().noneMatch(level -> level.code().equals(code))) {
            throw NotFoundException.localized("refusal.qualification.missing", code);
        }
        return act(request, "q-" + code, form, () -> qualifications.rename(code, form.get("nameRu"),
                form.get("nameEn"), Language.of(request)));
    }

    @POST
    @Path("qualifications/" + CODE + "/retire")
    public Response retireQualification(@PathParam("code") String code, @Context ContainerRequestContext request) {
        qualifications.setActive(code, false);
        Flash.put(request, "flash.saved");
        return Response.seeOther(BACK).build();
    }

    @POST
    @Path("qualifications/" + CODE + "/restore")
    public Response restoreQualification(@PathParam("code") String code, @Context ContainerRequestContext request) {
        qualifications.setActive(code, true);
        Flash.put(request, "flash.saved");
        return Response.seeOther(BACK).build();
    }

    private Response act(ContainerRequestContext request, String formName, Map<String, String> form, Runnable action) {
        try {
            action.run();
        } catch (InvalidInputException refused) {
            Map<String, String> values = new LinkedHashMap<>();
            form.forEach((field, value) -> values.put(formName + "." + field, value));
            Map<String, String> errors = new LinkedHashMap<>();
            FormValues.errorsByField(refused.errors()).forEach((field, message) -> errors.put(formName + "." + field,
                    message));
            return Response.status(InvalidInputException.UNPROCESSABLE).entity(page(request, values, errors))
                    .type(MediaType.TEXT_HTML_TYPE).build();
        }
        Flash.put(request, "flash.saved");
        return Response.seeOther(BACK).build();
    }

    private String page(ContainerRequestContext request, Map<String, String> values, Map<String, String> errors) {
        Locale locale = Language.of(request);
        List<Scale> scales = mastery.scales();
        Map<String, String> scaleNames = scales.stream().collect(Collectors.toMap(Scale::code,
                scale -> scale.name(locale)));
        String chosenKind = values.getOrDefault("scale.kind", "LEVELS");
        String chosenScale = values.getOrDefault("discipline.scale", "");
        return views.render("crm/mastery", Page.of(Messages.text(locale, "mastery.title"), locale,
                SignedIn.user(request))
                .with("scales", scales.stream().map(scale -> Map.of("code", scale.code(), "name", scale.name(locale),
                        "kind", Messages.text(locale, "mastery.kind." + scale.kind().name()),
                        "levels", scale.kind() == Scale.Kind.PERCENT ? "0–100 %" : scale.levels().stream()
                                .map(level -> level.label(locale) + " (≥ " + level.minScore().toPlainString() + ")")
                                .collect(Collectors.joining(" · ")))).toList())
                .with("kinds", List.of(Scale.Kind.values()).stream().map(kind -> Map.of("code", kind.name(),
                        "label", Messages.text(locale, "mastery.kind." + kind.name()),
                        "selected", kind.name().equals(chosenKind))).toList())
                .with("scaleChoices", scales.stream().map(scale -> Map.of("code", scale.code(), "name",
                        scale.name(locale), "selected", scale.code().equals(chosenScale))).toList())
                .with("disciplines", mastery.disciplines().stream().map(discipline -> Map.of("id", discipline.id(),
                        "name", discipline.name(locale), "scale", scaleNames.getOrDefault(discipline.scaleCode(),
                                discipline.scaleCode()), "activities", discipline.activities())).toList())
                .with("qualifications", qualifications.levels().stream().map(level -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    String prefix = "q-" + level.code() + ".";
                    row.put("code", level.code());
                    row.put("name", level.name(locale));
                    row.put("nameRu", values.getOrDefault(prefix + "nameRu", level.nameRu()));
                    row.put("nameEn", values.getOrDefault(prefix + "nameEn", level.nameEn()));
                    row.put("errorRu", errors.get(prefix + "nameRu"));
                    row.put("errorEn", errors.get(prefix + "nameEn"));
                    row.put("active", level.active());
                    row.put("persons", level.persons());
                    return row;
                }).toList())
                .with("values", nest(values))
                .with("errors", nest(errors))
                .with("summary", errors.entrySet().stream().map(error -> Map.of("anchor",
                        error.getKey().replace('.', '-'), "message", error.getValue())).toList())
                .with("invalid", !errors.isEmpty())
                .scope());
    }

    /** {@code form.field} keys as one map per form, as the template reads them ({@code values.scale.code}). */
    private static Map<String, Map<String, String>> nest(Map<String, String> flat) {
        Map<String, Map<String, String>> nested = new LinkedHashMap<>();
        flat.forEach((key, value) -> {
            int dot = key.indexOf('.');
            nested.computeIfAbsent(key.substring(0, dot), form -> new LinkedHashMap<>()).put(key.substring(dot + 1),
                    value);
        });
        return nested;
    }
}
