package org.matricula.platform.db;

import java.sql.SQLException;

/**
 * Background work (the CRM's feed, the deals kept in step) that gives way to people's
 * transactions. Such work takes many rows in one transaction in its own order; a person's or an
 * admin's change may hold one of them and wait for another. Rather than let PostgreSQL's deadlock
 * check (after 1 s) abort one of the two, perhaps the person's, the background transaction waits
 * for a lock at most briefly, fails, and is tried again on its next run.
 */
public final class GivingWay {

    /**
     * A condition, always true, to put first in the background transaction's first query: the
     * rest of the transaction waits at most 100 ms for a lock.
     */
    public static final String WAIT_BRIEFLY = "set_config('lock_timeout', '100ms', true) IS NOT NULL";
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private GivingWay() {
    }

    /** Whether the failure is such a transaction giving way, to be run again later rather than reported. */
    public static boolean gaveWay(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
