package org.matricula.platform.accounts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.matricula.platform.db.Notifications;

/**
 * The sessions this node read lately, with what they show of their accounts, so that a signed-in
 * user's request does not wait for the database to know who sent it. Kept only while every change
 * is announced to this node: triggers on {@code sessions} and {@code accounts} notify the
 * {@link #CHANNEL} of each ended or altered session and of each change to what a session shows
 * (address, name, role, verification), whoever makes it; this node's own changes are dropped at
 * once, before the request that made them answers. A session is read from the database again when
 * it is due to be extended (once a minute of use), so a kept one is never more than a minute old.
 */
public final class KeptSessions implements Notifications.Subscriber {

    public static final String CHANNEL = "sessions_changed";
    /** The payload of a change to every session (a truncate), and what too many changes at once amount to. */
    static final String EVERY_ACCOUNT = "*";
    /** More sessions than this and the kept ones are dropped and kept anew: a bound on memory, not an eviction policy. */
    static final int MOST = 50_000;
    /** More changes than this in one delivery and every session is dropped rather than each account's sought. */
    static final int MOST_ACCOUNTS_SOUGHT = 64;

    /** A session as read, with the times that decide whether it may still be used without the database. */
    record Kept(Sessions.LiveSession session, Instant createdAt, Instant lastSeenAt, Instant expiresAt) {

        /** Live, not at its absolute end, and not yet due to be extended (which the database does). */
        boolean usableAt(Instant now) {
            return now.isBefore(expiresAt) && createdAt.isAfter(now.minus(Sessions.ABSOLUTE_LIFETIME))
                    && lastSeenAt.isAfter(now.minus(Sessions.TOUCH_INTERVAL));
        }
    }

    private final ConcurrentHashMap<String, Kept> kept = new ConcurrentHashMap<>();
    /** Counts the changes heard, so that a session read across one is not kept. */
    private final AtomicLong changes = new AtomicLong();
    private volatile boolean listening;

    /** The session kept under the digest of its id, if it may be used as it is now. */
    Kept usable(String key, Instant now) {
        if (!listening) {
            return null;
        }
        Kept session = kept.get(key);
        return session != null && session.usableAt(now) ? session : null;
    }

    /** To be read before the database is: what {@link #keep} is given to tell whether a change came meanwhile. */
    long changesHeard() {
        return changes.get();
    }

    /**
     * Keeps a session read from the database, unless a change was heard since the read began: the
     * read may have seen the session before the change, and its notice has come and gone.
     */
    void keep(String key, Kept session, long changesBeforeRead) {
        if (!listening || changes.get() != changesBeforeRead) {
            return;
        }
        if (kept.size() >= MOST) {
            kept.clear();
        }
        kept.put(key, session);
        // A change heard between the check above and the put must not leave this read behind.
        if (changes.get() != changesBeforeRead) {
            kept.remove(key, session);
        }
    }

    /** Drops the session kept under the digest of its id (which the database no longer has). */
    void forgetSession(String key) {
        changes.incrementAndGet();
        kept.remove(key);
    }

    /** Drops every session kept of the account: ended, or showing what changed. */
    void forget(UUID accountId) {
        changes.incrementAndGet();
        kept.values().removeIf(session -> session.session().accountId().equals(accountId));
    }

    private void forgetAll() {
        changes.incrementAndGet();
        kept.clear();
    }

    @Override
    public void changed(List<String> payloads) {
        if (payloads.size() > MOST_ACCOUNTS_SOUGHT || payloads.contains(EVERY_ACCOUNT)) {
            forgetAll();
            return;
        }
        for (String payload : payloads) {
            try {
                forget(UUID.fromString(payload));
            } catch (IllegalArgumentException notAnAccount) {
                forgetAll();
                return;
            }
        }
    }

    @Override
    public void listening(boolean listening) {
        this.listening = false;
        forgetAll();
        this.listening = listening;
    }

    int size() {
        return kept.size();
    }
}
