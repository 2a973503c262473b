package org.matricula.platform.crm.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.crm.admin.Crm;
import org.matricula.platform.db.GivingWay;
import org.matricula.platform.crm.CrmModule;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * The feed share-locks the rows it copies into the CRM. A person's or an admin's transaction that
 * holds one of them must never be the one PostgreSQL aborts: the feed gives way at once and reads
 * the row again on its next run.
 */
class PlatformFeedLocksIT {

    /** The platform's own feed runs once at the start, and then not during the test. */
    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of("crm.feed-interval", "1h"));

    @Test
    void theFeedGivesWayToAChangeHoldingARowItReadsAndTakesTheRowInOnItsNextRun() {
        Jdbi jdbi = server.platform().database().jdbi();
        Crm crm = CrmModule.services(jdbi, Clock.systemUTC());
        PlatformFeed feed = new PlatformFeed(jdbi, crm.persons(), crm.timeline(), crm.funnel());
        Session applicant = TestSessions.applicant(server);
        try (Handle change = jdbi.open()) {
            change.begin();
            change.createUpdate("UPDATE accounts SET display_name = 'Changing' WHERE id = :id")
                    .bind("id", applicant.accountId()).execute();
            // without giving way the feed would wait for this transaction, and this one for the feed
            RuntimeException gaveWay = assertThrows(RuntimeException.class,
                    () -> assertTimeoutPreemptively(Duration.ofSeconds(20), feed::catchUp));
            assertTrue(GivingWay.gaveWay(gaveWay), "the feed stopped waiting: " + gaveWay);
            change.commit();
        }
        assertEquals("Changing", jdbi.withHandle(handle -> handle.createQuery(
                "SELECT display_name FROM accounts WHERE id = :id").bind("id", applicant.accountId())
                .mapTo(String.class).one()), "the change was kept");
        assertTrue(feed.catchUp() > 0, "the next run takes the account in");
        assertEquals(1, (int) jdbi.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM person_accounts WHERE account_id = :id").bind("id", applicant.accountId())
                .mapTo(Integer.class).one()), "the account has its person");
    }
}
