package org.matricula.platform.catalog;

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
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.web.AdminAccess;
import org.matricula.platform.web.Flash;
import org.matricula.platform.web.FormValues;
import org.matricula.platform.web.Language;

/**
 * What the admin's project and program pages share: list and create, edit, delete. Rejected
 * input comes back as the same page with messages beside the fields (422); every successful
 * write redirects (303), so reloading never posts twice. Public because Jersey finds inherited
 * resource methods only in public classes.
 *
 * @param <R> the catalog record, a project or a program
 * @param <F> its form's values
 */
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.TEXT_HTML)
public abstract class CatalogAdminPages<R, F> {

    /** How one kind of catalog record is shown, read from a posted form, found, saved and deleted. */
    record Kind<R, F>(String path, ListPage<F> listPage, EditPage<R, F> editPage, Supplier<F> emptyForm,
            Function<R, F> formOf, Function<MultivaluedMap<String, String>, F> posted, LongFunction<R> find,
            Save<F> save, LongConsumer delete) {
    }

    interface ListPage<F> {
        String render(CurrentUser admin, Locale locale, F form, Map<String, String> errors);
    }

    interface EditPage<R, F> {
        String render(CurrentUser admin, Locale locale, R record, F form, Map<String, String> errors);
    }

    /** Creates the record, or updates it when an id is given; returns its id. */
    interface Save<F> {
        long save(Long id, F form, Locale locale);
    }

    private final Kind<R, F> kind;

    CatalogAdminPages(Kind<R, F> kind) {
        this.kind = kind;
    }

    @GET
    public String list(@Context ContainerRequestContext request, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        return kind.listPage().render(AdminAccess.admin(request), Language.of(lang, headers), kind.emptyForm().get(),
                Map.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@Context ContainerRequestContext request, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, MultivaluedMap<String, String> posted) {
        CurrentUser admin = AdminAccess.writingAdmin(request, posted.getFirst(AdminAccess.CSRF_FIELD));
        F form = kind.posted().apply(posted);
        try {
            String created = kind.path() + "/" + kind.save().save(null, form, Language.of(lang, headers));
            Flash.put(request, "flash.created");
            return seeOther(created);
        } catch (InvalidInputException invalid) {
            return Response.status(422).entity(kind.listPage().render(admin, Language.of(lang, headers), form,
                    FormValues.errorsByField(invalid.errors()))).build();
        }
    }

    @GET
    @Path("{id}")
    public String edit(@Context ContainerRequestContext request, @PathParam("id") long id,
            @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        R record = kind.find().apply(id);
        return kind.editPage().render(AdminAccess.admin(request), Language.of(lang, headers), record,
                kind.formOf().apply(record), Map.of());
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@Context ContainerRequestContext request, @PathParam("id") long id,
            @QueryParam("lang") String lang, @Context HttpHeaders headers, MultivaluedMap<String, String> posted) {
        CurrentUser admin = AdminAccess.writingAdmin(request, posted.getFirst(AdminAccess.CSRF_FIELD));
        R record = kind.find().apply(id);
        F form = kind.posted().apply(posted);
        try {
            String saved = kind.path() + "/" + kind.save().save(id, form, Language.of(lang, headers));
            Flash.put(request, "flash.saved");
            return seeOther(saved);
        } catch (InvalidInputException invalid) {
            return Response.status(422).entity(kind.editPage().render(admin, Language.of(lang, headers), record, form,
                    FormValues.errorsByField(invalid.errors()))).build();
        }
    }

    @POST
    @Path("{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@Context ContainerRequestContext request, @PathParam("id") long id,
            MultivaluedMap<String, String> posted) {
        AdminAccess.writingAdmin(request, posted.getFirst(AdminAccess.CSRF_FIELD));
        kind.delete().accept(id);
        Flash.put(request, "flash.deleted");
        return seeOther(kind.path());
    }

    private static Response seeOther(String target) {
        return Response.seeOther(URI.create(target)).build();
    }
}
