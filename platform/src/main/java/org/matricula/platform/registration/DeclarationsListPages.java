package org.matricula.platform.registration;

import jakarta.annotation.security.RolesAllowed;
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
import jakarta.ws.rs.core.UriInfo;
import org.matricula.platform.http.Roles;
import org.matricula.platform.lists.AdminList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.AdminAccess;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.Views;
import org.matricula.platform.web.Language;

/** The registrations list pages of the administration: the list, its CSV export and saving the view. */
@RolesAllowed(Roles.STAFF)
@Path("/admin")
public final class DeclarationsListPages {

    private final AdminList list;
    private final BulkStatusChange bulk;
    private final Views views;

    /** The pages without the bulk status change (only the ticked rows' export), as a test stack serves them. */
    public DeclarationsListPages(AdminList list, Views views) {
        this(list, null, views);
    }

    DeclarationsListPages(AdminList list, BulkStatusChange bulk, Views views) {
        this.list = list;
        this.bulk = bulk;
        this.views = views;
    }

    @GET
    @Path("declarations")
    @Produces(MediaType.TEXT_HTML)
    public String page(@Context ContainerRequestContext request, @Context UriInfo uri, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        return list.html(AdminAccess.staff(request), uri, Language.of(lang, headers));
    }

    @GET
    @Path("declarations.csv")
    public Response csv(@Context ContainerRequestContext request, @Context UriInfo uri, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        return list.csv(AdminAccess.staff(request), uri, Language.of(lang, headers));
    }

    @POST
    @Path("declarations/view")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveView(@Context ContainerRequestContext request, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, MultivaluedMap<String, String> form) {
        return list.saveView(AdminAccess.staff(request), form, Language.of(lang, headers));
    }

    /**
     * The bulk actions on the ticked rows: {@code action=export} downloads them as CSV;
     * {@code action=status} moves them to {@code status} with one {@code comment} and shows what
     * was changed and what was left; a final status is confirmed first.
     */
    @POST
    @Path("declarations/bulk")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response bulk(@Context ContainerRequestContext request, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, MultivaluedMap<String, String> form) {
        CurrentUser staff = AdminAccess.staff(request);
        Locale locale = Language.of(lang, headers);
        String action = form.getFirst("action") == null ? "export" : form.getFirst("action").strip();
        if (action.equals("export")) {
            return list.exportSelected(staff, form, locale);
        }
        if (!action.equals("status") || bulk == null) {
            throw InvalidInputException.field("action", Messages.text(locale, "lists.bulk.action"));
        }
        AdminAccess.checkCsrf(staff, form.getFirst(AdminAccess.CSRF_FIELD));
        List<String> ids = AdminList.selectedIds(form, locale);
        Status to = bulk.target(staff, form.getFirst("status"), form.getFirst("comment"), locale);
        if (to.isFinal() && !"yes".equals(form.getFirst("confirmed"))) {
            return confirmation(staff, form, bulk.preview(staff, ids, to, locale), locale);
        }
        BulkStatusChange.Outcome outcome = bulk.apply(staff, ids, to, form.getFirst("comment"), locale);
        Page page = Page.of(Messages.text(locale, "lists.bulk.doneTitle"), locale, staff)
                .with("status", outcome.to().label().in(locale))
                .with("changed", outcome.changed()).with("changedCount", outcome.changed().size())
                .with("skipped", outcome.skipped()).with("anySkipped", !outcome.skipped().isEmpty());
        return Response.ok(views.render("admin/bulk-done", page.scope()), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .build();
    }

    /**
     * A move to a final status cannot be undone and mails every applicant, so it is first shown:
     * how many and which declarations would change, and which would be left. Confirming posts
     * the same form again with {@code confirmed=yes}.
     */
    private Response confirmation(CurrentUser staff, MultivaluedMap<String, String> form,
            BulkStatusChange.Preview preview, Locale locale) {
        String status = preview.to().label().in(locale);
        Page page = Page.of(Messages.text(locale, "lists.bulk.confirmTitle", status), locale, staff)
                .with("status", status).with("statusCode", preview.to().name())
                .with("comment", form.getFirst("comment") == null ? "" : form.getFirst("comment").strip())
                .with("moving", preview.moving().stream().map(declaration -> Map.of("id", declaration.id(),
                        "number", declaration.number(), "fullName", declaration.fullName())).toList())
                .with("movingCount", preview.moving().size()).with("anyMoving", !preview.moving().isEmpty())
                .with("skipped", preview.skipped()).with("anySkipped", !preview.skipped().isEmpty());
        return Response.ok(views.render("admin/bulk-confirm", page.scope()),
                MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }
}
