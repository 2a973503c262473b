package org.matricula.platform.catalog;

import java.util.Map;

/** A program as the admin API shows it: the stored fields plus what is left of its places. */
public record ProgramJson(long id, String code, String name, String description, boolean active, Integer places,
        boolean waitlist, int taken, boolean limited, Integer placesLeft, boolean full, Map<String, String> names,
        Map<String, String> descriptions) {

    public static ProgramJson of(Program program) {
        return new ProgramJson(program.id(), program.code(), program.name(), program.description(), program.active(),
                program.places(), program.waitlist(), program.taken(), program.places() != null, program.placesLeft(),
                program.isFull(), program.names(), program.descriptions());
    }
}
