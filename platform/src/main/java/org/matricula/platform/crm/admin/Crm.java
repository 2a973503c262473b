package org.matricula.platform.crm.admin;

import org.matricula.platform.crm.funnel.Funnel;
import org.matricula.platform.crm.leads.LeadSources;
import org.matricula.platform.crm.xapi.LearningRecord;
import org.matricula.platform.crm.xapi.LmsAccounts;
import org.matricula.platform.crm.xapi.LmsClients;
import org.matricula.platform.crm.xapi.Statements;
import org.matricula.platform.crm.organizations.Organizations;
import org.matricula.platform.crm.persons.Duplicates;
import org.matricula.platform.crm.persons.PersonMerge;
import org.matricula.platform.crm.persons.Persons;
import org.matricula.platform.crm.timeline.Tasks;
import org.matricula.platform.crm.timeline.Timeline;

/** The CRM's services, as the administration's pages and API use them. */
public record Crm(Persons persons, Timeline timeline, Tasks tasks, Funnel funnel, PersonMerge merge,
        Duplicates duplicates, LeadSources leadSources, Organizations organizations, LmsClients lmsClients,
        Statements statements, LearningRecord learning, LmsAccounts lmsAccounts) {
}
