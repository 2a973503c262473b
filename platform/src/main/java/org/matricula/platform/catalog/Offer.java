package org.matricula.platform.catalog;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the public catalog shows: the projects open today, each with its active programs and their state. */
public final class Offer {

    /**
     * An open project and the programs offered in it; {@code name} and {@code description} in the
     * reader's language (or the nearest given), {@code names} and {@code descriptions} per language.
     */
    public record OfferedProject(String slug, String name, String description, String familyId,
            LocalDate openUntil, List<OfferedProgram> programs, Map<String, String> names,
            Map<String, String> descriptions) {
    }

    /**
     * A program as applicants see it. Exactly one of {@code open}, {@code waitlist} and
     * {@code closed} holds: places free (or no limit), full but taking a waitlist, full.
     */
    public record OfferedProgram(String code, String name, String description, boolean limited, Integer places,
            Integer placesLeft, boolean open, boolean waitlist, boolean closed, String applyUrl,
            Map<String, String> names, Map<String, String> descriptions) {

        static OfferedProgram of(String projectSlug, Program stored, Locale locale) {
            Program program = stored.in(locale);
            boolean full = program.isFull();
            boolean waitlist = full && program.waitlist();
            return new OfferedProgram(program.code(), program.name(), program.description(), program.places() != null,
                    program.places(), program.placesLeft(), !full, waitlist, full && !waitlist,
                    full && !waitlist ? null : "/apply/" + projectSlug + "?program=" + program.code(),
                    program.names(), program.descriptions());
        }
    }

    private final Catalog catalog;
    private final Clock clock;

    public Offer(Catalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    /** The projects open today, named in the language of {@code locale} or the nearest one given. */
    public List<OfferedProject> today(Locale locale) {
        return catalog.open(LocalDate.now(clock)).stream().map(entry -> {
            Project project = entry.project().in(locale);
            return new OfferedProject(project.slug(), project.name(), project.description(), project.familyId(),
                    project.openUntil(), entry.programs().stream()
                            .map(program -> OfferedProgram.of(project.slug(), program, locale)).toList(),
                    project.names(), project.descriptions());
        }).toList();
    }
}
