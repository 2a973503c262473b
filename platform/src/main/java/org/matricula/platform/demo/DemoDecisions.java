package org.matricula.platform.demo;

import java.util.Random;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.registration.Declarations;
import org.matricula.platform.registration.Status;

/**
 * The admissions office at work on the sample declarations: some accepted, some of those
 * enrolled, some rejected, each through the real status workflow (a rejection frees a place for
 * the waitlist).
 */
final class DemoDecisions {

    private final Jdbi jdbi;
    private final Declarations declarations;
    private final Random random;

    DemoDecisions(Jdbi jdbi, Declarations declarations, Random random) {
        this.jdbi = jdbi;
        this.declarations = declarations;
        this.random = random;
    }

    /** How many declarations moved on from SUBMITTED. */
    int decide(UUID admin) {
        int moved = 0;
        for (UUID id : jdbi.withExtension(DemoDao.class, DemoDao::submitted)) {
            int roll = random.nextInt(100);
            if (roll < 10) {
                declarations.changeStatus(id, Status.REJECTED, "Не прошёл конкурсный отбор", admin);
            } else if (roll < 40) {
                declarations.changeStatus(id, Status.ACCEPTED, "Документы проверены", admin);
                if (roll < 25) {
                    declarations.changeStatus(id, Status.ENROLLED, "Зачислен приказом о зачислении", admin);
                }
            } else {
                continue;
            }
            moved++;
        }
        return moved;
    }
}
