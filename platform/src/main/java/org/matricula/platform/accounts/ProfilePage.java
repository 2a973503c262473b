package org.matricula.platform.accounts;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.matricula.api.blocks.Blocks;
import org.matricula.api.form.FieldError;
import org.matricula.api.form.FormModel;
import org.matricula.platform.web.FormValues;
import org.matricula.platform.web.FormView;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SignedIn;
import org.matricula.platform.web.Views;

/**
 * The profile: the shared blocks typed once. Every field is optional here; what is filled must
 * be valid, so that it prefills declarations with values they accept.
 */
@Path("/office/profile")
@Produces(MediaType.TEXT_HTML)
public final class ProfilePage {

    static final FormModel PROFILE = FormModel.of(Blocks.personalData(), Blocks.contacts(),
            Blocks.identityDocument(), Blocks.snils(), Blocks.inn(), Blocks.education(), Blocks.employment(),
            Blocks.studentOfUniversity());

    private final Profiles profiles;
    private final Views views;

    public ProfilePage(Profiles profiles, Views views) {
        this.profiles = profiles;
        this.views = views;
    }

    @GET
    public String show(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        CurrentUser user = SignedIn.user(request);
        return page(profiles.of(user.id()), Map.of(), false, user, Language.of(lang, headers));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        CurrentUser user = SignedIn.user(request);
        Locale locale = Language.of(lang, headers);
        Map<String, String> values = FormValues.of(posted);
        values.remove("_csrf");
        Map<String, String> errors = new LinkedHashMap<>();
        for (FieldError error : PROFILE.validate(values).errors()) {
            if (!values.getOrDefault(error.field(), "").isBlank()) {
                errors.putIfAbsent(error.field(), error.message().in(locale));
            }
        }
        if (!errors.isEmpty()) {
            return Response.status(422).entity(page(values, errors, false, user, locale)).build();
        }
        profiles.save(user.id(), values, PROFILE.profileFields());
        return Response.ok(page(profiles.of(user.id()), Map.of(), true, user, locale)).build();
    }

    private String page(Map<String, String> values, Map<String, String> errors, boolean saved, CurrentUser user,
            Locale locale) {
        return views.render("profile", Page.of(Language.pick(locale, "Профиль", "Profile"), locale, user)
                .with("sections", FormView.of(PROFILE, values, errors, locale))
                .with("saved", saved)
                .scope());
    }
}
