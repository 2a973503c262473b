package org.matricula.platform.crm.xapi;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.errors.Problem.FieldProblem;
import org.matricula.platform.i18n.Messages;

/**
 * The LMS's own user accounts mapped to persons. An LMS that does not share learners' addresses
 * sends its actors as {@code account} (its {@code homePage} and the user's {@code name}); an admin
 * links such an account to the person it is (on the learning-record page, or over JSON), and from
 * then on its statements count in that person's learning record, those sent before the link too.
 * The learning record is read by address, so a linked account's statements are stamped with the
 * person's address: at once for the stored ones, on arrival for new ones (see {@link Statements}).
 * Unlinking takes them out again. One person per account; a person may have several accounts.
 */
public final class LmsAccounts {

    private static final int MAX_HOME_PAGE = 500;
    private static final int MAX_NAME = 200;

    private final Jdbi jdbi;

    public LmsAccounts(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public record Account(long id, String homePage, String name, UUID personId, String person, String email,
            Instant createdAt) {
    }

    /** The actor key statements are stored under for an account (as {@link StatementReader} makes it). */
    static String actor(String homePage, String name) {
        return "account:" + homePage + "#" + name;
    }

    /**
     * Links an LMS account to a person, named by id or by one of their addresses; linking an account
     * again moves it to the person now named. Answers the link.
     */
    public Account link(String homePage, String name, String person, UUID actor, Locale locale) {
        List<FieldProblem> problems = new ArrayList<>();
        String home = homePage == null ? "" : homePage.strip();
        if (!absolute(home) || home.length() > MAX_HOME_PAGE) {
            problems.add(new FieldProblem("homePage", Messages.text(locale, "xapi.account.homePage")));
        }
        String account = name == null ? "" : name.strip();
        if (account.isEmpty() || account.length() > MAX_NAME) {
            problems.add(new FieldProblem("name", Messages.text(locale, "xapi.account.name")));
        }
        String who = person == null ? "" : person.strip();
        Optional<Found> found = who.isEmpty() ? Optional.empty() : find(who);
        if (found.isEmpty()) {
            problems.add(new FieldProblem("person", Messages.text(locale, "xapi.account.person")));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(Messages.text(locale, "xapi.account.problem"), problems);
        }
        String key = actor(home, account);
        long id = jdbi.inTransaction(handle -> {
            long linked = handle.createQuery("""
                    INSERT INTO lms_accounts (actor, home_page, name, person_id, email, created_by)
                    VALUES (:actor, :home, :name, :person, :email, :by)
                    ON CONFLICT (actor) DO UPDATE SET person_id = excluded.person_id, email = excluded.email,
                        created_by = excluded.created_by, created_at = now()
                    RETURNING id""").bind("actor", key).bind("home", home).bind("name", account)
                    .bind("person", found.get().id()).bind("email", found.get().email()).bind("by", actor)
                    .mapTo(Long.class).one();
            stamp(handle, key, found.get().email());
            return linked;
        });
        return find(id).orElseThrow();
    }

    /** Unlinks an account: its statements stay, counted for no one. */
    public void unlink(long id) {
        jdbi.useTransaction(handle -> {
            String key = handle.createQuery("DELETE FROM lms_accounts WHERE id = :id RETURNING actor").bind("id", id)
                    .mapTo(String.class).findOne()
                    .orElseThrow(() -> NotFoundException.localized("xapi.account.missing", id));
            stamp(handle, key, null);
        });
    }

    private static void stamp(Handle handle, String actor, String email) {
        handle.createUpdate("UPDATE xapi_statements SET actor_email = :email WHERE actor = :actor")
                .bind("email", email).bind("actor", actor).execute();
    }

    public List<Account> list() {
        return accounts("CAST(:value AS text) IS NULL", null);
    }

    public List<Account> ofPerson(UUID person) {
        return accounts("a.person_id = :value", person);
    }

    public Optional<Account> find(long id) {
        return accounts("a.id = :value", id).stream().findFirst();
    }

    private List<Account> accounts(String where, Object value) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT a.id, a.home_page, a.name, a.person_id, coalesce(nullif(p.full_name, ''), p.email) AS person,
                       a.email, a.created_at
                FROM lms_accounts a JOIN persons p ON p.id = a.person_id""" + " WHERE " + where
                + " ORDER BY a.home_page, a.name").bind("value", value)
                .map((rs, ctx) -> new Account(rs.getLong("id"), rs.getString("home_page"), rs.getString("name"),
                        rs.getObject("person_id", UUID.class), rs.getString("person"), rs.getString("email"),
                        rs.getTimestamp("created_at").toInstant())).list());
    }

    private record Found(UUID id, String email) {
    }

    /** A person by id, or by an address (their main one first, then their other contacts); one with an address only. */
    private Optional<Found> find(String who) {
        UUID id = null;
        try {
            id = UUID.fromString(who);
        } catch (IllegalArgumentException e) {
            // an address
        }
        UUID byId = id;
        String email = who.toLowerCase(Locale.ROOT);
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT p.id, coalesce(nullif(lower(p.email), ''), :email) AS email FROM persons p
                WHERE (p.id = CAST(:id AS uuid)
                       OR (CAST(:id AS uuid) IS NULL AND (lower(p.email) = :email OR p.id IN (
                           SELECT c.person_id FROM person_contacts c WHERE c.kind = 'EMAIL' AND lower(c.value) = :email))))
                  AND (p.email <> '' OR CAST(:id AS uuid) IS NULL)
                ORDER BY lower(p.email) = :email DESC LIMIT 1""").bind("id", byId).bind("email", email)
                .map((rs, ctx) -> new Found(rs.getObject("id", UUID.class), rs.getString("email"))).findOne());
    }

    private static boolean absolute(String iri) {
        try {
            return !iri.isEmpty() && new URI(iri).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
