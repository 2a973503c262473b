package org.matricula.platform.notify;

import org.matricula.platform.errors.NotFoundException;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.web.AdminAccess;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.Views;

/** The outbox screen of the administration, and the "Retry" button of its and the mail log's dead letters. */
@RolesAllowed(Roles.ADMIN)
@Path("/admin/outbox")
public final class DeadLetterPages {

    private static final int LIMIT = 200;

    private final DeadLetters deadLetters;
    private final Jdbi jdbi;
    private final Views views;

    public DeadLetterPages(DeadLetters deadLetters, Jdbi jdbi, Views views) {
        this.deadLetters = deadLetters;
        this.jdbi = jdbi;
        this.views = views;
    }

    @POST
    @Path("{id}/retry")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response retry(@PathParam("id") long id, @Context ContainerRequestContext request,
            MultivaluedMap<String, String> posted) {
        AdminAccess.writingAdmin(request, posted.getFirst(AdminAccess.CSRF_FIELD));
        if (!deadLetters.retry(id)) {
            throw NotFoundException.localized("refusal.deadLetter.missing", id);
        }
        return Response.seeOther(URI.create("outbox".equals(posted.getFirst("back")) ? "/admin/outbox" : "/admin/mail"))
                .build();
    }

    /** The outbox as an admin reviews it: what still waits or was given up on, of every kind, each dead one with "Retry". */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public String show(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        CurrentUser admin = AdminAccess.admin(request);
        Locale locale = Language.of(lang, headers);
        List<Map<String, Object>> entries = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT id, kind, coalesce(target, '') AS target, coalesce(payload->>'to', '') AS recipient,
                       coalesce(payload->>'subject', payload->>'type', '') AS subject, status, attempts,
                       coalesce(last_error, '') AS last_error, created_at, next_attempt_at
                FROM outbox WHERE status <> 'DONE' ORDER BY id DESC LIMIT :limit""")
                .bind("limit", LIMIT)
                .map((rs, ctx) -> {
                    Map<String, Object> entry = new HashMap<>();
                    entry.put("id", rs.getLong("id"));
                    entry.put("kind", rs.getString("kind"));
                    entry.put("what", (rs.getString("target") + " " + rs.getString("recipient")).strip());
                    entry.put("subject", rs.getString("subject"));
                    entry.put("status", Messages.text(locale, "admin.outbox.status." + rs.getString("status")));
                    entry.put("statusCode", rs.getString("status").toLowerCase(Locale.ROOT));
                    entry.put("dead", "DEAD".equals(rs.getString("status")));
                    entry.put("attempts", rs.getInt("attempts"));
                    entry.put("lastError", rs.getString("last_error"));
                    entry.put("created", TimeDisplay.dateTime(locale, rs.getTimestamp("created_at").toInstant()));
                    entry.put("nextAttempt", TimeDisplay.dateTime(locale, rs.getTimestamp("next_attempt_at").toInstant()));
                    return entry;
                }).list());
        long done = jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM outbox WHERE status = 'DONE'")
                .mapTo(Long.class).one());
        return views.render("admin/outbox", Page.of(Messages.text(locale, "admin.outbox.title"), locale, admin)
                .with("entries", entries).with("anyEntries", !entries.isEmpty()).with("done", done).scope());
    }
}
