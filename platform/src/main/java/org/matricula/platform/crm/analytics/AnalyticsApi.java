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
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matricula.platform.http.Roles;
import org.matricula.platform.web.Language;

/**
 * The analytics figures for API clients: each figure of the page, and the persons or payments
 * behind it, with the page's parameters ({@code from}, {@code to} as YYYY-MM; {@code program}).
 * Amounts are numbers with two decimals; shares (conversion, CRR, retention) are fractions.
 */
@RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER, Roles.AUTOMATION})
@Path("/api/v1/analytics")
@Produces(MediaType.APPLICATION_JSON)
public final class AnalyticsApi {

    private final Analytics analytics;
    private final Drill drill;
    private final MarketingSpend spend;
    private final Clock clock;

    public AnalyticsApi(Analytics analytics, Drill drill, MarketingSpend spend, Clock clock) {
        this.analytics = analytics;
        this.drill = drill;
        this.spend = spend;
        this.clock = clock;
    }

    /** Every figure of the page at once. */
    @GET
    public Map<String, Object> all(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("program") String program, @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        Period period = period(from, to, locale);
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("from", period.from().toString());
        all.put("to", period.to().toString());
        Analytics.Figures figures = analytics.figures(period, Drill.program(program, locale));
        all.put("revenue", figures.revenue());
        all.put("customers", figures.customers());
        all.put("touches", figures.touches());
        all.put("funnel", figures.funnel());
        all.put("cohorts", figures.cohorts());
        return all;
    }

    @GET
    @Path("revenue")
    public Analytics.Revenue revenue(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("program") String program, @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        return analytics.revenue(period(from, to, locale), Drill.program(program, locale));
    }

    /** Payers, new payers, ARPU and CRR per month. */
    @GET
    @Path("customers")
    public Map<String, Object> customers(@QueryParam("from") String from, @QueryParam("to") String to,
            @Context ContainerRequestContext request) {
        return Map.of("months", analytics.customers(period(from, to, Language.of(request))));
    }

    /** LTV and CAC per first-touch channel and campaign. */
    @GET
    @Path("touches")
    public Map<String, Object> touches(@QueryParam("from") String from, @QueryParam("to") String to,
            @Context ContainerRequestContext request) {
        return Map.of("touches", analytics.touches(period(from, to, Language.of(request))));
    }

    @GET
    @Path("funnel")
    public Map<String, Object> funnel(@QueryParam("from") String from, @QueryParam("to") String to,
            @Context ContainerRequestContext request) {
        return Map.of("stages", analytics.funnel(period(from, to, Language.of(request))));
    }

    @GET
    @Path("cohorts")
    public Map<String, Object> cohorts(@QueryParam("from") String from, @QueryParam("to") String to,
            @Context ContainerRequestContext request) {
        return Map.of("cohorts", analytics.cohorts(period(from, to, Language.of(request))));
    }

    /** The persons behind a figure (see {@link Drill#persons}), 50 a page. */
    @GET
    @Path("persons")
    public Drill.Rows<Drill.PersonRow> persons(@Context UriInfo uri, @QueryParam("page") int page,
            @Context ContainerRequestContext request) {
        return drill.persons(AnalyticsPages.single(uri.getQueryParameters()), page, false, Language.of(request));
    }

    /** The payments and refunds behind a revenue figure, 50 a page. */
    @GET
    @Path("payments")
    public Drill.Rows<Drill.PaymentRow> payments(@Context UriInfo uri, @QueryParam("page") int page,
            @Context ContainerRequestContext request) {
        return drill.payments(AnalyticsPages.single(uri.getQueryParameters()), page, false, Language.of(request));
    }

    @GET
    @Path("spend")
    public Map<String, List<MarketingSpend.Spend>> spend(@QueryParam("from") String from, @QueryParam("to") String to,
            @Context ContainerRequestContext request) {
        Period period = period(from, to, Language.of(request));
        return Map.of("spend", spend.between(period.from(), period.to()));
    }

    /** Sets a channel's (and campaign's) spend of a month: {@code {channel, campaign?, month: YYYY-MM, amount}}. */
    @POST
    @Path("spend")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER, Roles.AUTOMATION})
    public MarketingSpend.Spend setSpend(MarketingSpend.Input input, @Context ContainerRequestContext request) {
        return spend.set(input == null ? new MarketingSpend.Input(null, null, null, null) : input,
                Language.of(request));
    }

    @POST
    @Path("spend/{id: [0-9]+}/delete")
    @RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER, Roles.AUTOMATION})
    public Map<String, Object> deleteSpend(@PathParam("id") long id) {
        return Map.of("deleted", spend.delete(id));
    }

    private Period period(String from, String to, Locale locale) {
        return Period.of(from, to, clock, analytics.zone(), locale);
    }
}
