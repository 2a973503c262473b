package org.matricula.platform.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.matricula.platform.web.CurrentUser;

/** What a node may answer from the sessions it keeps, and what it must read again. */
class KeptSessionsTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    private final KeptSessions kept = new KeptSessions();

    @Test
    void nothingIsKeptUntilEveryChangeIsHeardNorAfterListeningStops() {
        UUID account = UUID.randomUUID();
        kept.keep("a", session(account, NOW), kept.changesHeard());
        assertNull(kept.usable("a", NOW), "not listening yet");

        kept.listening(true);
        kept.keep("a", session(account, NOW), kept.changesHeard());
        assertNotNull(kept.usable("a", NOW));

        kept.listening(false);
        assertNull(kept.usable("a", NOW), "the connection is down: changes may be missed");
        kept.listening(true);
        assertNull(kept.usable("a", NOW), "what was kept before may have changed unheard meanwhile");
    }

    @Test
    void aSessionReadAcrossAChangeIsNotKept() {
        kept.listening(true);
        UUID account = UUID.randomUUID();
        long before = kept.changesHeard();
        // The read saw the session; its log-out committed and was heard before the read was kept.
        kept.changed(List.of(account.toString()));
        kept.keep("a", session(account, NOW), before);
        assertNull(kept.usable("a", NOW));

        kept.keep("a", session(account, NOW), kept.changesHeard());
        assertNotNull(kept.usable("a", NOW), "a read begun after the change is kept");
    }

    @Test
    void aChangeDropsTheAccountsSessionsOnlyAndEveryOneWhenTooManyOrAllChange() {
        kept.listening(true);
        UUID changed = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        kept.keep("phone", session(changed, NOW), kept.changesHeard());
        kept.keep("laptop", session(changed, NOW), kept.changesHeard());
        kept.keep("other", session(other, NOW), kept.changesHeard());

        kept.changed(List.of(changed.toString()));
        assertNull(kept.usable("phone", NOW));
        assertNull(kept.usable("laptop", NOW));
        assertNotNull(kept.usable("other", NOW));

        kept.changed(List.of(KeptSessions.EVERY_ACCOUNT));
        assertEquals(0, kept.size(), "a truncate drops every session");

        kept.keep("other", session(other, NOW), kept.changesHeard());
        kept.changed(IntStream.range(0, KeptSessions.MOST_ACCOUNTS_SOUGHT + 1)
                .mapToObj(i -> UUID.randomUUID().toString()).toList());
        assertEquals(0, kept.size(), "too many accounts at once: every session goes rather than each sought");

        kept.keep("other", session(other, NOW), kept.changesHeard());
        kept.changed(List.of("not an account"));
        assertEquals(0, kept.size(), "a payload not understood drops every session");
    }

    @Test
    void aKeptSessionIsReadAgainWhenDueForExtensionExpiredOrAWeekOld() {
        kept.listening(true);
        UUID account = UUID.randomUUID();
        kept.keep("a", session(account, NOW), kept.changesHeard());
        assertNotNull(kept.usable("a", NOW.plusSeconds(59)));
        assertNull(kept.usable("a", NOW.plusSeconds(61)), "due for extension, which the database does");

        kept.keep("b", new KeptSessions.Kept(live(account), NOW.minus(Duration.ofHours(1)), NOW, NOW.plusSeconds(30)),
                kept.changesHeard());
        assertNotNull(kept.usable("b", NOW.plusSeconds(29)));
        assertNull(kept.usable("b", NOW.plusSeconds(31)), "past its end");

        Instant created = NOW.minus(Sessions.ABSOLUTE_LIFETIME).plusSeconds(10);
        kept.keep("c", new KeptSessions.Kept(live(account), created, NOW, NOW.plus(Duration.ofHours(12))),
                kept.changesHeard());
        assertNotNull(kept.usable("c", NOW.plusSeconds(9)));
        assertNull(kept.usable("c", NOW.plusSeconds(11)), "a week after log-in, however busy");
    }

    @Test
    void pastTheBoundTheKeptSessionsAreDroppedAndKeptAnew() {
        kept.listening(true);
        UUID account = UUID.randomUUID();
        for (int i = 0; i < KeptSessions.MOST; i++) {
            kept.keep("s" + i, session(account, NOW), kept.changesHeard());
        }
        assertEquals(KeptSessions.MOST, kept.size());
        kept.keep("one more", session(account, NOW), kept.changesHeard());
        assertEquals(1, kept.size());
        assertNotNull(kept.usable("one more", NOW));
    }

    private static KeptSessions.Kept session(UUID account, Instant lastSeen) {
        return new KeptSessions.Kept(live(account), lastSeen.minus(Duration.ofHours(1)), lastSeen,
                lastSeen.plus(Sessions.IDLE_TIMEOUT));
    }

    private static Sessions.LiveSession live(UUID account) {
        return new Sessions.LiveSession(account, "someone@example.org", "Someone", CurrentUser.Role.APPLICANT, "csrf",
                true);
    }
}
