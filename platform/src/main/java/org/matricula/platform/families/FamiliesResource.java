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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.matricula.api.CourseFamily;
import org.matricula.api.MatriculaApi;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.web.FormJson;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;

/**
 * The course families the running plugins provide, with their forms, and a check of a filled
 * form against a family's rules (nothing is stored).
 */
@PermitAll
@Path("/api/v1/families")
@Produces(MediaType.APPLICATION_JSON)
public final class FamiliesResource {

    private final Families families;

    public FamiliesResource(Families families) {
        this.families = families;
    }

    @GET
    public List<Map<String, Object>> list() {
        return families.all().stream().map(FamiliesResource::describe).toList();
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> one(@PathParam("id") String id) {
        return describe(find(id));
    }

    /** Validates values as a submission would be, answering 422 with a message per field. */
    @POST
    @Path("/{id}/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> validate(@PathParam("id") String id, @QueryParam("program") String program,
            @QueryParam("lang") String lang, @Context HttpHeaders headers, Map<String, String> values) {
        CourseFamily family = find(id);
        Locale locale = familyLanguage(family, lang).orElseGet(() -> Language.of(lang, headers));
        if (values == null) {
            throw InvalidInputException.field("body", Messages.text(locale, "registration.sendFormValues"));
        }
        families.check(family, program == null ? "" : program, values, locale);
        return Map.of("valid", true);
    }

    /**
     * A language asked for by name that the family speaks though the platform's bundles do not (a
     * plugin's third language): its own messages are then told in it.
     */
    private static Optional<Locale> familyLanguage(CourseFamily family, String lang) {
        if (lang == null || lang.isBlank() || Messages.language(lang).isPresent()) {
            return Optional.empty();
        }
        String tag = Locale.forLanguageTag(lang.strip()).getLanguage();
        return tag.isEmpty() || !family.title().texts().containsKey(tag) ? Optional.empty()
                : Optional.of(Locale.forLanguageTag(tag));
    }

    private CourseFamily find(String id) {
        return families.find(id).orElseThrow(() -> NotFoundException.localized("refusal.family.missing", id));
    }

    private static Map<String, Object> describe(CourseFamily family) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", family.id());
        json.put("title", FormJson.text(family.title()));
        json.put("apiVersion", MatriculaApi.VERSION);
        json.put("form", FormJson.sections(family.form()));
        return json;
    }
}
