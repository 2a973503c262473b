package org.matricula.platform.crm.funnel;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.FormValues;
import org.matricula.platform.web.Flash;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SignedIn;
import org.matricula.platform.web.Views;

/**
 * The funnel's stages screen: the list in order with how many persons stand in each; add, rename
 * (RU/EN), move up and down, retire and bring back, and delete a stage nobody ever stood in
 * (after a confirmation). The stages events move persons to are marked and cannot be retired.
 */
@RolesAllowed(Roles.ADMIN)
@Path("/admin/crm/funnel-stages")
@Produces(MediaType.TEXT_HTML)
public final class FunnelStagesPages {

    private static final String CODE = "{code: [a-z][a-z0-9_-]{0,39}}";
    private static final URI BACK = URI.create("/admin/crm/funnel-stages");

    private final StageSettings settings;
    private final Views views;

    public FunnelStagesPages(StageSettings settings, Views views) {
        this.settings = settings;
        this.views = views;
    }

    @GET
    public String list(@Context ContainerRequestContext request) {
        return page(request, Map.of(), Map.of(), null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response add(@Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Map<String, String> form = FormValues.of(posted);
        Locale locale = Language.of(request);
        try {
            settings.add(form.get("code"), form.get("nameRu"), form.get("nameEn"), locale);
        } catch (InvalidInputException refused) {
            return invalid(page(request, form, FormValues.errorsByField(refused.errors()), null));
        }
        return back(request, "flash.stages.added");
    }

    @POST
    @Path(CODE + "/rename")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response rename(@PathParam("code") String code, @Context ContainerRequestContext request,
            MultivaluedMap<String, String> posted) {
        Map<String, String> form = FormValues.of(posted);
        settings.require(code);
        try {
            settings.rename(code, form.get("nameRu"), form.get("nameEn"), Language.of(request));
        } catch (InvalidInputException refused) {
            return invalid(page(request, form, FormValues.errorsByField(refused.errors()), code));
        }
        return back(request, "flash.saved");
    }

    @POST
    @Path(CODE + "/up")
    public Response up(@PathParam("code") String code, @Context ContainerRequestContext request) {
        settings.move(code, true);
        return back(request, "flash.saved");
    }

    @POST
    @Path(CODE + "/down")
    public Response down(@PathParam("code") String code, @Context ContainerRequestContext request) {
        settings.move(code, false);
        return back(request, "flash.saved");
    }

    @POST
    @Path(CODE + "/retire")
    public Response retire(@PathParam("code") String code, @Context ContainerRequestContext request) {
        settings.retire(code);
        return back(request, "flash.stages.retired");
    }

    @POST
    @Path(CODE + "/restore")
    public Response restore(@PathParam("code") String code, @Context ContainerRequestContext request) {
        settings.restore(code);
        return back(request, "flash.saved");
    }

    @GET
    @Path(CODE + "/delete")
    public String confirmDelete(@PathParam("code") String code, @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        Funnel.Stage stage = settings.require(code);
        return views.render("crm/funnel-stage-delete", Page.of(Messages.text(locale, "crm.stages.deleteTitle"), locale,
                SignedIn.user(request)).with("stage", Map.of("code", stage.code(), "name", stage.name(locale)))
                .scope());
    }

    @POST
    @Path(CODE + "/delete")
    public Response delete(@PathParam("code") String code, @Context ContainerRequestContext request) {
        settings.delete(code);
        return back(request, "flash.deleted");
    }

    private String page(ContainerRequestContext request, Map<String, String> values, Map<String, String> errors,
            String failed) {
        Locale locale = Language.of(request);
        List<StageSettings.Row> rows = settings.rows();
        List<Map<String, Object>> shown = rows.stream().map(row -> {
            Map<String, Object> view = new LinkedHashMap<>();
            boolean thisFailed = row.stage().code().equals(failed);
            view.put("code", row.stage().code());
            view.put("name", row.stage().name(locale));
            view.put("nameRu", thisFailed ? values.getOrDefault("nameRu", "") : row.stage().nameRu());
            view.put("nameEn", thisFailed ? values.getOrDefault("nameEn", "") : row.stage().nameEn());
            view.put("errorRu", thisFailed ? errors.get("nameRu") : null);
            view.put("errorEn", thisFailed ? errors.get("nameEn") : null);
            view.put("active", row.stage().active());
            view.put("fixed", row.fixed());
            view.put("persons", row.persons());
            view.put("deletable", !row.fixed() && !row.used());
            view.put("first", rows.get(0) == row);
            view.put("last", rows.get(rows.size() - 1) == row);
            return view;
        }).toList();
        Map<String, String> addErrors = failed == null ? errors : Map.of();
        List<Map<String, String>> summary = errors.entrySet().stream().map(error -> Map.of("anchor",
                failed == null ? "new-" + error.getKey() : "stage-" + failed + "-" + error.getKey(),
                "message", error.getValue())).toList();
        return views.render("crm/funnel-stages", Page.of(Messages.text(locale, "crm.stages.title"), locale,
                SignedIn.user(request))
                .with("stages", shown)
                .with("values", failed == null ? values : Map.of())
                .with("errors", addErrors)
                .with("summary", summary)
                .with("invalid", !errors.isEmpty())
                .scope());
    }

    private static Response invalid(String html) {
        return Response.status(InvalidInputException.UNPROCESSABLE).entity(html).type(MediaType.TEXT_HTML_TYPE).build();
    }

    /** Back to the stages list with a flash message. */
    private static Response back(ContainerRequestContext request, String flash) {
        Flash.put(request, flash);
        return Response.seeOther(BACK).build();
    }
}
