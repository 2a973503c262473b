package org.matricula.platform.families;

import org.matricula.platform.errors.NotFoundException;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Map;
import org.matricula.api.CourseFamily;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.families.Families;
import org.matricula.platform.web.FormValues;
import org.matricula.platform.web.FormView;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.Views;

/**
 * A live family's declaration form as an HTML page, checked on the server without storing
 * anything: what an institute looks at while writing its plugin, and the same rendering the
 * declaration pages use.
 */
@PermitAll
@Path("/families/{id}/form")
@Produces(MediaType.TEXT_HTML)
public final class FamilyFormPage {

    private final Families families;
    private final Views views;

    public FamilyFormPage(Families families, Views views) {
        this.families = families;
        this.views = views;
    }

    @GET
    public String show(@PathParam("id") String id, @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        return page(family(id), Map.of(), Map.of(), false, Language.of(lang, headers));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response check(@PathParam("id") String id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            MultivaluedMap<String, String> posted) {
        CourseFamily family = family(id);
        Locale locale = Language.of(lang, headers);
        Map<String, String> values = FormValues.of(posted);
        try {
            families.check(family, values.getOrDefault("program", ""), values, locale);
            return Response.ok(page(family, values, Map.of(), true, locale)).build();
        } catch (InvalidInputException invalid) {
            return Response.status(422)
                    .entity(page(family, values, FormValues.errorsByField(invalid.errors()), false, locale)).build();
        }
    }

    private CourseFamily family(String id) {
        return families.find(id).orElseThrow(() -> NotFoundException.localized("refusal.family.missing", id));
    }

    private String page(CourseFamily family, Map<String, String> values, Map<String, String> errors, boolean checked,
            Locale locale) {
        Map<String, Object> scope = Page.of(family.title().in(locale), locale, null).scope();
        scope.put("familyId", family.id());
        scope.put("familyTitle", family.title().in(locale));
        scope.put("sections", FormView.of(family.form(), values, errors, locale));
        scope.put("checked", checked);
        scope.put("okText", Messages.text(locale, "form.filledInCorrectly"));
        scope.put("checkText", Messages.text(locale, "form.check"));
        if (!errors.isEmpty()) {
            scope.put("summary", Messages.text(locale, "form.checkMarkedFields"));
        }
        return views.render("family-form", scope);
    }
}
