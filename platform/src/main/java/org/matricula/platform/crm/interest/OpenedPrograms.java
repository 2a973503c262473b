package org.matricula.platform.crm.interest;

import java.time.Duration;
import org.matricula.platform.db.RepeatedWork;

/**
 * Mails pre-applicants once their program opens, with no one pressing the button: as often as the
 * CRM's feed runs, every pre-applicant of a program open now (active, and offered by an active
 * project still taking applications) who was not mailed yet gets one mail through the outbox
 * ({@link PreApplications#mailEveryOpened}). A program activated, linked to an open project, or
 * whose project is opened again is thus noticed on the next tick, on whichever node runs it.
 */
public final class OpenedPrograms implements AutoCloseable {

    private static final int BATCH = 500;

    private final PreApplications preApplications;
    private final RepeatedWork repeated = new RepeatedWork("crm-opened-programs", OpenedPrograms.class,
            "Pre-applicants of opened programs could not be mailed");

    public OpenedPrograms(PreApplications preApplications) {
        this.preApplications = preApplications;
    }

    public void start(Duration tick) {
        repeated.start(tick, this::catchUp);
    }

    /** Mails every pre-applicant due now, batch after batch; answers how many were mailed. */
    public int catchUp() {
        int total = 0;
        int mailed;
        do {
            mailed = preApplications.mailEveryOpened(BATCH);
            total += mailed;
        } while (mailed == BATCH);
        return total;
    }

    @Override
    public void close() {
        repeated.close();
    }
}
