package org.matricula.platform.dashboard;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.AdminAccess;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.Views;

/** The administration's start page: declaration counts as tables and a chart of the last 30 days. */
@RolesAllowed(Roles.STAFF)
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
public final class DashboardPage {

    private final Dashboard dashboard;
    private final Views views;

    public DashboardPage(Dashboard dashboard, Views views) {
        this.dashboard = dashboard;
        this.views = views;
    }

    @GET
    public String show(@Context ContainerRequestContext request, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        CurrentUser admin = AdminAccess.staff(request);
        Locale locale = Language.of(lang, headers);
        Dashboard.Snapshot snapshot = dashboard.snapshot(admin, locale);
        String chartLabel = Messages.text(locale, "admin.dashboard.chartLabel");
        Page page = Page.of(Messages.text(locale, "admin.dashboard.title"), locale, admin)
                .with("snapshot", snapshot)
                .with("chartLabel", chartLabel)
                .with("chart", BarChart.svg(snapshot.days(), chartLabel));
        return views.render("dashboard", page.scope());
    }
}
