package org.matricula.platform.notify;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SignedIn;
import org.matricula.platform.web.Views;

/**
 * Every mail the platform sent or, with no SMTP server configured, kept: newest first, with the
 * outbox items still waiting or given up on, and the dead-letter list of every kind with a
 * "Retry" button each.
 */
@RolesAllowed(Roles.ADMIN)
@Path("/admin/mail")
@Produces(MediaType.TEXT_HTML)
public final class MailLogPage {

    private static final int PAGE_SIZE = 50;

    private final Jdbi jdbi;
    private final Views views;
    private final DeadLetters deadLetters;

    public MailLogPage(Jdbi jdbi, DeadLetters deadLetters, Views views) {
        this.jdbi = jdbi;
        this.deadLetters = deadLetters;
        this.views = views;
    }

    public record Mail(String at, String recipient, String subject, String body, String delivery) {
    }

    @GET
    public String show(@QueryParam("page") Integer page, @QueryParam("to") String to, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        int current = page == null || page < 1 ? 1 : page;
        String recipient = to == null ? "" : to.strip();
        // Any part of the address, case-insensitively; LIKE's wildcards typed in the box match themselves.
        String pattern = "%" + recipient.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        List<Mail> mails = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT created_at, recipient, subject, body, delivery
                FROM mail_log WHERE (:all OR recipient ILIKE :pattern ESCAPE '!')
                ORDER BY id DESC LIMIT :limit OFFSET :offset""")
                .bind("all", recipient.isEmpty()).bind("pattern", pattern)
                .bind("limit", PAGE_SIZE + 1).bind("offset", (current - 1) * PAGE_SIZE)
                .map((rs, ctx) -> new Mail(shown(rs, locale), rs.getString("recipient"), rs.getString("subject"),
                        rs.getString("body"), rs.getString("delivery")))
                .list());
        List<Mail> waiting = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT created_at, payload->>'to' AS recipient,
                       payload->>'subject' AS subject, coalesce(last_error, '') AS body, status AS delivery
                FROM outbox WHERE kind = 'mail' AND status <> 'DONE' ORDER BY id DESC LIMIT 100""")
                .map((rs, ctx) -> new Mail(shown(rs, locale), rs.getString("recipient"), rs.getString("subject"),
                        rs.getString("body"), rs.getString("delivery")))
                .list());
        // The API keeps a dead entry's ISO time; the page shows it as every other time.
        List<DeadLetters.DeadLetter> dead = deadLetters.list().stream().map(letter -> new DeadLetters.DeadLetter(
                letter.id(), letter.kind(), letter.target(), letter.recipient(), letter.subject(), letter.attempts(),
                letter.lastError(), TimeDisplay.dateTime(locale, Instant.parse(letter.created())))).toList();
        return views.render("admin/mail", Page.of(Messages.text(locale, "admin.mail.title"), locale,
                        SignedIn.user(request))
                .with("mails", mails.subList(0, Math.min(PAGE_SIZE, mails.size())))
                .with("waiting", waiting)
                .with("anyWaiting", !waiting.isEmpty())
                .with("dead", dead)
                .with("anyDead", !dead.isEmpty())
                .with("to", recipient)
                .with("toQuery", recipient.isEmpty() ? "" : "&to=" + URLEncoder.encode(recipient, StandardCharsets.UTF_8))
                .with("anyMails", !mails.isEmpty())
                .with("previous", current > 1 ? current - 1 : null)
                .with("next", mails.size() > PAGE_SIZE ? current + 1 : null)
                .scope());
    }

    private static String shown(ResultSet rs, Locale locale) throws SQLException {
        return TimeDisplay.dateTime(locale, rs.getTimestamp("created_at").toInstant());
    }
}
