package org.matricula.platform.crm.xapi;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.SignedIn;

/**
 * The learning record for platform admins over JSON, beside the rest of the CRM's API: the LMS
 * clients (create, list, revoke) and a learner's activities, plus learning entered by hand.
 */
@RolesAllowed(Roles.ADMIN)
@Path("/api/v1/crm")
@Produces(MediaType.APPLICATION_JSON)
public final class LearningApi {

    private final LmsClients clients;
    private final LearningRecord record;
    private final Clock clock;
    private final LmsAccounts accounts;

    LearningApi(LmsClients clients, LearningRecord record, LmsAccounts accounts, Clock clock) {
        this.accounts = accounts;
        this.clients = clients;
        this.record = record;
        this.clock = clock;
    }

    @GET
    @Path("lms-clients")
    public List<LmsClients.Client> clients() {
        return clients.list();
    }

    /** A new LMS client; the answer holds its secret, which is never shown again. */
    public record NewClient(String name) {
    }

    @POST
    @Path("lms-clients")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NewClient client, @Context ContainerRequestContext request) {
        LmsClients.Created created = clients.create(client == null ? null : client.name(),
                Messages.text(Language.of(request), "xapi.client.name"));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @DELETE
    @Path("lms-clients/{id}")
    public Response revoke(@PathParam("id") long id) {
        clients.revoke(id);
        return Response.noContent().build();
    }

    @GET
    @Path("lms-accounts")
    public List<LmsAccounts.Account> accounts(@QueryParam("person") UUID person) {
        return person == null ? accounts.list() : accounts.ofPerson(person);
    }

    /** An LMS account to link: the LMS's homePage, the user's name there, and the person (an address or id). */
    public record NewAccount(String homePage, String name, String person) {
    }

    @POST
    @Path("lms-accounts")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response link(NewAccount account, @Context ContainerRequestContext request) {
        NewAccount given = account == null ? new NewAccount(null, null, null) : account;
        LmsAccounts.Account linked = accounts.link(given.homePage(), given.name(), given.person(),
                SignedIn.apiUser(request).id(), Language.of(request));
        return Response.status(Response.Status.CREATED).entity(linked).build();
    }

    @DELETE
    @Path("lms-accounts/{id}")
    public Response unlink(@PathParam("id") long id) {
        accounts.unlink(id);
        return Response.noContent().build();
    }

    @GET
    @Path("learning")
    public List<LearningRecord.Activity> learning(@QueryParam("email") List<String> emails) {
        return record.ofEmails(emails);
    }

    @POST
    @Path("learning")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response enter(LearningRecord.Entry entry, @Context ContainerRequestContext request) {
        CurrentUser admin = SignedIn.user(request);
        UUID id = record.record(entry == null ? new LearningRecord.Entry(null, null, null, null, null, null, null)
                : entry, admin.email(), clock.instant(), Language.of(request));
        return Response.status(Response.Status.CREATED).entity(Map.of("id", id)).build();
    }
}
