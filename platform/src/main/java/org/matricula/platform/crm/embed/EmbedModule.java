package org.matricula.platform.crm.embed;

import org.matricula.platform.web.Navigation;
import java.time.Clock;
import org.glassfish.jersey.server.ResourceConfig;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.leads.LeadInbox;
import org.matricula.platform.crm.leads.LeadIntake;
import org.matricula.platform.crm.leads.LeadSources;
import org.matricula.platform.crm.persons.Persons;
import org.matricula.platform.crm.timeline.Timeline;
import org.matricula.platform.web.Views;

/**
 * Registers what websites embed (the lead form, its loader, the visit beacon), the admin page that
 * makes lead forms, and the filter that links a signed-in browser's visits to its person. Owns
 * {@code lead_forms}, {@code lead_form_posts} and {@code site_visits}.
 */
public final class EmbedModule {

    private EmbedModule() {
    }

    public static void register(ResourceConfig app, Jdbi jdbi, Views views, Clock clock, LeadInbox leads) {
        Timeline timeline = new Timeline(jdbi);
        Persons persons = new Persons(jdbi);
        LeadSources sources = new LeadSources(jdbi);
        LeadForms forms = new LeadForms(jdbi);
        Visits visits = new Visits(jdbi, timeline);
        LeadIntake intake = new LeadIntake(jdbi, leads, clock);
        leads.onVisitor(visits::link);
        views.navigation().add("lead-forms", "admin.nav.leadForms", "/admin/crm/lead-forms", 47, Navigation.ADMINS);
        app.register(new EmbedResource(forms, sources, intake, visits, new EmbedLimits(jdbi), views, clock))
                .register(new LeadFormPages(forms, sources, jdbi, views))
                .register(new VisitorCookie(visits, persons));
    }
}
