package org.matricula.platform.catalog;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/** What the public catalog shows: the projects open today, each with its active programs and their state. */
public final class Offer {

    /** An open project and the programs offered in it. */
    public record OfferedProject(String slug, String name, String description, String familyId,
            LocalDate openUntil, List<OfferedProgram> programs) {
    }

    /**
     * A program as applicants see it. Exactly one of {@code open}, {@code waitlist} and
     * {@code closed} holds: places free (or no limit), full but taking a waitlist, full.
     */
    public record OfferedProgram(String code, String name, String description, boolean limited, Integer places,
            Integer placesLeft, boolean open, boolean waitlist, boolean closed, String applyUrl) {

        static OfferedProgram of(String projectSlug, Program program) {
            boolean full = program.isFull();
            boolean waitlist = full && program.waitlist();
            return new OfferedProgram(program.code(), program.name(), program.description(), program.places() != null,
                    program.places(), program.placesLeft(), !full, waitlist, full && !waitlist,
                    full && !waitlist ? null : "/apply/" + projectSlug + "?program=" + program.code());
        }
    }

    private final Catalog catalog;
    private final Clock clock;

    public Offer(Catalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    public List<OfferedProject> today() {
        return catalog.open(LocalDate.now(clock)).stream().map(entry -> new OfferedProject(entry.project().slug(),
                entry.project().name(), entry.project().description(), entry.project().familyId(),
                entry.project().openUntil(),
                entry.programs().stream().map(program -> OfferedProgram.of(entry.project().slug(), program)).toList()))
                .toList();
    }
}
