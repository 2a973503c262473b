package org.matricula.platform.crm;

import org.matricula.platform.web.Navigation;
import java.util.EnumSet;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.crm.interest.Community;
import org.matricula.platform.crm.interest.Interest;
import org.matricula.platform.crm.interest.InterestPages;
import org.matricula.platform.crm.interest.OpenedPrograms;
import org.matricula.platform.crm.interest.PreApplications;
import org.matricula.platform.notify.Outbox;
import org.matricula.platform.crm.admin.PersonAccess;
import org.matricula.platform.crm.admin.ScopedPages;
import org.matricula.platform.crm.organizations.Coordinators;
import org.matricula.platform.web.CurrentUser;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.glassfish.jersey.server.ResourceConfig;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.admin.Crm;
import org.matricula.platform.crm.admin.CrmApi;
import org.matricula.platform.crm.admin.CrmPages;
import org.matricula.platform.crm.admin.FailedLeadsPages;
import org.matricula.platform.crm.admin.OrganizationsList;
import org.matricula.platform.crm.admin.PersonsList;
import org.matricula.platform.crm.funnel.Funnel;
import org.matricula.platform.crm.funnel.FunnelStagesPages;
import org.matricula.platform.crm.funnel.StageSettings;
import org.matricula.platform.crm.mastery.Mastery;
import org.matricula.platform.crm.mastery.MasteryApi;
import org.matricula.platform.crm.mastery.MasteryCard;
import org.matricula.platform.crm.mastery.MasteryPages;
import org.matricula.platform.crm.mastery.Qualifications;
import org.matricula.platform.crm.imports.ImportsModule;
import org.matricula.platform.crm.leads.LeadApi;
import org.matricula.platform.crm.xapi.LearningRecord;
import org.matricula.platform.crm.xapi.LmsAccounts;
import org.matricula.platform.crm.xapi.LmsClients;
import org.matricula.platform.crm.xapi.Statements;
import org.matricula.platform.crm.leads.LeadInbox;
import org.matricula.platform.crm.leads.LeadIntake;
import org.matricula.platform.crm.leads.LeadKeyFilter;
import org.matricula.platform.crm.leads.LeadSources;
import org.matricula.platform.crm.leads.MarketingConfirmationPage;
import org.matricula.platform.crm.organizations.Organizations;
import org.matricula.platform.crm.persons.Duplicates;
import org.matricula.platform.crm.persons.PersonMerge;
import org.matricula.platform.crm.persons.Persons;
import org.matricula.platform.crm.stuck.StuckModule;
import org.matricula.platform.crm.sync.PlatformFeed;
import org.matricula.platform.crm.timeline.TaskReminders;
import org.matricula.platform.crm.timeline.Tasks;
import org.matricula.platform.crm.timeline.TimelineKinds;
import org.matricula.api.timeline.TimelineKind;
import org.matricula.platform.plugins.PluginService;
import org.slf4j.LoggerFactory;
import org.matricula.platform.crm.timeline.Timeline;
import org.matricula.platform.web.Views;

/**
 * Registers the education CRM: persons and organizations, the timeline, the funnel, lead intake
 * and their administration; and starts the feed that brings accounts, declarations and mails in.
 */
public final class CrmModule {

    private CrmModule() {
    }

    public static void register(ResourceConfig app, Jdbi jdbi, Views views, Clock clock, PluginService plugins,
            LeadInbox leads) {
        TimelineKinds kinds = timelineKinds(plugins);
        views.navigation().add("persons", "admin.nav.persons", "/admin/persons", 42, EnumSet.of(CurrentUser.Role.ADMIN,
                        CurrentUser.Role.CRM_MANAGER, CurrentUser.Role.PROJECT_ADMIN))
                .add("coordinator", "admin.nav.coordinator", "/admin/coordinator", 41, EnumSet.of(CurrentUser.Role.COORDINATOR))
                .add("organizations", "admin.nav.organizations", "/admin/organizations", 43, Navigation.CRM)
                .add("duplicates", "admin.nav.duplicates", "/admin/persons/duplicates", 44, Navigation.CRM)
                .add("tasks", "admin.nav.tasks", "/admin/tasks", 15, Navigation.CRM)
                .add("lead-sources", "admin.nav.leadSources", "/admin/crm/lead-sources", 46, Navigation.CRM)
                .add("pre-applications", "admin.nav.preApplications", "/admin/pre-applications", 48,
                        EnumSet.of(CurrentUser.Role.ADMIN, CurrentUser.Role.CRM_MANAGER, CurrentUser.Role.PROJECT_ADMIN))
                .add("funnel-stages", "admin.nav.funnelStages", "/admin/crm/funnel-stages", 63, Navigation.ADMINS)
                .add("mastery", "admin.nav.mastery", "/admin/crm/mastery", 51, Navigation.ADMINS);
        MasteryCard mastery = new MasteryCard(new Mastery(jdbi), new Qualifications(jdbi));
        ImportsModule.register(app, jdbi, views);
        StuckModule.register(app, jdbi, views, clock);
        Crm crm = services(jdbi, clock);
        views.navigation().badge("tasks", user -> crm.tasks().openCount(user.id()));
        Interest interest = new Interest(new PreApplications(jdbi, new Outbox(jdbi, JsonMapper.create())),
                new Community(jdbi));
        LeadIntake intake = new LeadIntake(jdbi, leads, clock);
        app.register(new LeadKeyFilter(crm.leadSources()))
                .register(new LeadApi(intake))
                .register(new MarketingConfirmationPage(leads.confirmations(), views))
                .register(new CrmApi(crm, clock, new PersonAccess(jdbi), new Coordinators(jdbi), kinds))
                .register(new CrmPages(crm, PersonsList.adminList(jdbi, views, clock),
                        OrganizationsList.adminList(jdbi, views, clock), views, clock, new PersonAccess(jdbi), interest,
                        StuckModule.service(jdbi, clock), mastery, kinds))
                .register(new FailedLeadsPages(leads, views))
                .register(new FunnelStagesPages(new StageSettings(jdbi), views))
                .register(new MasteryPages(mastery.mastery(), mastery.qualifications(), views))
                .register(new MasteryApi(mastery.mastery(), mastery.qualifications(), clock))
                .register(new InterestPages(interest, views)).register(new org.matricula.platform.crm.interest.OfficeInterestPage(interest, views))
                .register(new org.matricula.platform.crm.admin.TaskPages(crm.tasks(), views))
                .register(new ScopedPages(crm, new Coordinators(jdbi), views));
    }

    /** Starts reading the platform's accounts, declarations and mails into the CRM (the first run backfills). */
    public static void start(Jdbi jdbi, Clock clock, Duration tick, Consumer<AutoCloseable> stopLater) {
        Crm crm = services(jdbi, clock);
        PlatformFeed feed = new PlatformFeed(jdbi, crm.persons(), crm.timeline(), crm.funnel());
        stopLater.accept(feed);
        feed.start(tick);
        ImportsModule.start(jdbi, tick, stopLater);
        StuckModule.start(jdbi, clock, stopLater);
        OpenedPrograms opened = new OpenedPrograms(new PreApplications(jdbi, new Outbox(jdbi, JsonMapper.create())));
        stopLater.accept(opened);
        opened.start(tick);
    }

    /**
     * The timeline's kinds: the platform's and those of the started plugins' {@code TimelineKind}
     * extensions (a code not of the documented form is left out, with a warning).
     */
    public static TimelineKinds timelineKinds(PluginService plugins) {
        return new TimelineKinds(() -> plugins.extensions(TimelineKind.class).stream().flatMap(kind -> {
            String code = kind.code() == null ? "" : kind.code();
            String plugin = plugins.pluginIdOf(kind).orElse("");
            if (!code.matches("[a-z][a-z0-9-]{0,39}") || plugin.isEmpty()) {
                LoggerFactory.getLogger(CrmModule.class).warn("Timeline kind '{}' of plugin {} left out: not a code",
                        code, plugin);
                return java.util.stream.Stream.empty();
            }
            return java.util.stream.Stream.of(new TimelineKinds.PluginKind(plugin + ":" + code,
                    locale -> kind.name().in(locale), kind.icon() == null ? "" : kind.icon()));
        }).toList());
    }

    /** Starts mailing task reminders through the outbox when their time comes (once, on one node). */
    public static void startReminders(Jdbi jdbi, Outbox outbox, String baseUrl, Duration tick,
            Consumer<AutoCloseable> stopLater) {
        TaskReminders reminders = new TaskReminders(jdbi, outbox, baseUrl);
        stopLater.accept(reminders);
        reminders.start(tick);
    }

    /** The CRM's services over a database, for the module and for tools such as the demo. */
    public static Crm services(Jdbi jdbi, Clock clock) {
        Timeline timeline = new Timeline(jdbi);
        Statements statements = new Statements(jdbi);
        return new Crm(new Persons(jdbi), timeline, new Tasks(jdbi, timeline, clock), new Funnel(jdbi, timeline, clock),
                new PersonMerge(jdbi, timeline, clock), new Duplicates(jdbi), new LeadSources(jdbi),
                new Organizations(jdbi), new LmsClients(jdbi), statements, new LearningRecord(jdbi, statements),
                new LmsAccounts(jdbi));
    }
}
