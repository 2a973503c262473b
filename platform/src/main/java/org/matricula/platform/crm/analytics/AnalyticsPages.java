package org.matricula.platform.crm.analytics;

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
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.web.Flash;
import org.matricula.platform.web.FormValues;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.SignedIn;

/**
 * The analytics page of the administration, the lists of persons and payments behind its
 * figures (with CSV), and the marketing spend screen.
 */
@RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER})
@Path("/admin/analytics")
@Produces(MediaType.TEXT_HTML)
public final class AnalyticsPages {

    private final AnalyticsView view;
    private final Drill drill;
    private final MarketingSpend spend;

    public AnalyticsPages(AnalyticsView view, Drill drill, MarketingSpend spend) {
        this.view = view;
        this.drill = drill;
        this.spend = spend;
    }

    @GET
    public Response page(@Context UriInfo uri, @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        Map<String, String> query = single(uri.getQueryParameters());
        try {
            return Response.ok(view.page(query, SignedIn.user(request), locale)).build();
        } catch (InvalidInputException refused) {
            return Response.status(InvalidInputException.UNPROCESSABLE)
                    .entity(view.refusedPage(query, refused, SignedIn.user(request), locale))
                    .type(MediaType.TEXT_HTML_TYPE).build();
        }
    }

    @GET
    @Path("persons")
    public String persons(@Context UriInfo uri, @QueryParam("page") int page, @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        Map<String, String> query = single(uri.getQueryParameters());
        return view.persons(drill.persons(query, page, false, locale), query, SignedIn.user(request), locale);
    }

    @GET
    @Path("persons.csv")
    @Produces("text/csv")
    public Response personsCsv(@Context UriInfo uri, @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        return csv(view.personsCsv(drill.persons(single(uri.getQueryParameters()), 1, true, locale), locale),
                "persons.csv");
    }

    @GET
    @Path("payments")
    public String payments(@Context UriInfo uri, @QueryParam("page") int page,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        Map<String, String> query = single(uri.getQueryParameters());
        return view.payments(drill.payments(query, page, false, locale), query, SignedIn.user(request), locale);
    }

    @GET
    @Path("payments.csv")
    @Produces("text/csv")
    public Response paymentsCsv(@Context UriInfo uri, @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        return csv(view.paymentsCsv(drill.payments(single(uri.getQueryParameters()), 1, true, locale), locale),
                "payments.csv");
    }

    @GET
    @Path("spend")
    public String spendPage(@Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        return view.spend(Map.of(), Map.of(), SignedIn.user(request), locale);
    }

    @POST
    @Path("spend")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response setSpend(MultivaluedMap<String, String> posted, @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        Map<String, String> form = posted == null ? Map.of() : FormValues.of(posted);
        try {
            spend.set(new MarketingSpend.Input(form.get("channel"), form.get("campaign"), form.get("month"),
                    form.get("amount")), locale);
            Flash.put(request, "flash.analytics.spendSaved");
            return Response.seeOther(URI.create("/admin/analytics/spend")).build();
        } catch (InvalidInputException refused) {
            return Response.status(InvalidInputException.UNPROCESSABLE)
                    .entity(view.spend(FormValues.errorsByField(refused.errors()), form, SignedIn.user(request),
                            locale)).type(MediaType.TEXT_HTML_TYPE).build();
        }
    }

    @GET
    @Path("spend/{id: [0-9]+}/delete")
    public String confirmDelete(@PathParam("id") long id, @Context ContainerRequestContext request) {
        return view.confirmDelete(spend.find(id), SignedIn.user(request), Language.of(request));
    }

    @POST
    @Path("spend/{id: [0-9]+}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("id") long id, @Context ContainerRequestContext request) {
        spend.delete(id);
        Flash.put(request, "flash.analytics.spendDeleted");
        return Response.seeOther(URI.create("/admin/analytics/spend")).build();
    }

    private static Response csv(String body, String name) {
        return Response.ok(body.getBytes(StandardCharsets.UTF_8), "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
    }

    /** The first value of each query parameter. */
    static Map<String, String> single(MultivaluedMap<String, String> parameters) {
        Map<String, String> single = new HashMap<>();
        parameters.forEach((name, values) -> {
            if (!values.isEmpty()) {
                single.put(name, values.get(0));
            }
        });
        return single;
    }
}
