package org.matricula.platform.privacy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.leads.LeadInbox;
import org.matricula.platform.crm.persons.Persons;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.web.Language;

/**
 * Erases an account on request, in one transaction. The row stays, so that declarations keep
 * counting in every statistic, but nothing in it identifies the person any more and it can never
 * be logged into again: the address becomes {@code erased-<uuid>@erased.invalid}, the password
 * hash one no password matches, and sessions and mailed tokens are gone.
 */
public final class Erasure {

    private static final String UNUSABLE_PASSWORD = "!erased";

    private final Jdbi jdbi;
    private final Clock clock;
    private final DeclarationScrub declarations = new DeclarationScrub();
    private final MailTraces mails = new MailTraces();
    private final PluginPersonalData plugins;
    private final Persons persons;
    private final Consumer<UUID> sessionsEnded;

    /** {@code sessionsEnded} is told of each erased account once its sessions are gone. */
    Erasure(Jdbi jdbi, Clock clock, PluginPersonalData plugins, Consumer<UUID> sessionsEnded) {
        this.jdbi = jdbi;
        this.sessionsEnded = sessionsEnded;
        this.persons = new Persons(jdbi);
        this.clock = clock;
        this.plugins = plugins;
    }

    /** The applicant erases their own account; answers how many declarations were anonymized. */
    public int eraseOwn(UUID accountId, Locale locale) {
        int anonymized = jdbi.inTransaction(handle -> {
            Target target = lock(handle, accountId);
            if (target.role().equals("ADMIN")) {
                throw adminRefused(locale);
            }
            return erase(handle, accountId, target.email());
        });
        sessionsEnded.accept(accountId);
        return anonymized;
    }

    /** Why a platform admin's account is not erased through the applicant's own route. */
    static Conflict adminRefused(Locale locale) {
        return new Conflict(Messages.text(locale, "privacy.adminCannotEraseOwn"));
    }

    /** A platform admin erases someone's account on their request; never the admin's own. */
    public int eraseByAdmin(UUID accountId, UUID adminId) {
        if (accountId.equals(adminId)) {
            throw Conflict.localized("refusal.erasure.self");
        }
        int anonymized = jdbi.inTransaction(handle -> erase(handle, accountId, lock(handle, accountId).email()));
        sessionsEnded.accept(accountId);
        return anonymized;
    }

    private record Target(String email, String role, boolean erased) {
    }

    /** Locks the account, so that two erasures of it (say applicant and admin at once) run one after the other. */
    private static Target lock(Handle handle, UUID accountId) {
        Target target = handle.createQuery(
                "SELECT email, role, erased_at IS NOT NULL AS erased FROM accounts WHERE id = :id FOR UPDATE")
                .bind("id", accountId)
                .map((rs, ctx) -> new Target(rs.getString("email"), rs.getString("role"), rs.getBoolean("erased")))
                .findOne().orElseThrow(() -> NotFoundException.localized("refusal.account.missing", accountId));
        if (target.erased()) {
            throw Conflict.localized("refusal.erasure.done", accountId);
        }
        return target;
    }

    private int erase(Handle handle, UUID accountId, String email) {
        // First, while the account is locked: a plugin that fails leaves the whole account as it was.
        plugins.erase(PluginPersonalData.subject(handle, accountId, email));
        Instant now = clock.instant();
        List<UUID> ids = handle.createQuery("SELECT id FROM declarations WHERE account_id = :id ORDER BY id FOR UPDATE")
                .bind("id", accountId).mapTo(UUID.class).list();
        DeclarationScrub.Traces traces = declarations.scrub(handle, ids, now);
        String replacement = "erased-" + UUID.randomUUID() + "@erased.invalid";
        Set<String> addresses = new LinkedHashSet<>(traces.emails());
        addresses.add(email.toLowerCase(Locale.ROOT));
        mails.forget(handle, addresses, replacement);
        List<String> blotted = new ArrayList<>(traces.names());
        blotted.addAll(addresses);
        mails.blot(handle, blotted);
        // The CRM's person of this account (contacts, consents, timeline, tasks...) goes with it, and
        // so do the leads of its addresses not yet written (or given up on).
        List<UUID> going = persons.ofErasure(handle, accountId, addresses);
        LeadInbox.forget(handle, going, addresses);
        persons.erase(handle, addresses, going);
        handle.createUpdate("""
                UPDATE accounts SET email = :replacement, password_hash = :unusable, display_name = '', profile = '{}',
                       organization = '', erased_at = :now
                WHERE id = :id""")
                .bind("replacement", replacement).bind("unusable", UNUSABLE_PASSWORD).bind("now", now)
                .bind("id", accountId).execute();
        for (String table : List.of("sessions", "account_tokens", "list_views")) {
            handle.createUpdate("DELETE FROM " + table + " WHERE account_id = :id").bind("id", accountId).execute();
        }
        // Failed log-ins are keyed by the address that was tried.
        handle.createUpdate("DELETE FROM login_failures WHERE subject = 'account:' || :email")
                .bind("email", email.strip().toLowerCase(Locale.ROOT)).execute();
        return ids.size();
    }
}
