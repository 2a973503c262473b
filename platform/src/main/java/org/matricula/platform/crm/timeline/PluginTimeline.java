package org.matricula.platform.crm.timeline;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.matricula.api.timeline.PersonTimeline;
import org.matricula.api.timeline.TimelineEntry;

/**
 * One plugin's way onto persons' timelines: entries of the kinds it declares only, stored as
 * {@code <plugin id>:<code>}, made once per source ({@code plugin:<plugin id>:<source>}).
 */
public final class PluginTimeline implements PersonTimeline {

    private final String pluginId;
    private final Supplier<Set<String>> declaredCodes;
    private final Jdbi jdbi;
    private final Timeline timeline;
    private final Clock clock;

    /** @param declaredCodes the codes of the plugin's {@code TimelineKind} extensions, as the plugin declares them */
    public PluginTimeline(String pluginId, Supplier<Set<String>> declaredCodes, Jdbi jdbi, Clock clock) {
        this.pluginId = pluginId;
        this.declaredCodes = declaredCodes;
        this.jdbi = jdbi;
        this.timeline = new Timeline(jdbi);
        this.clock = clock;
    }

    @Override
    public Appended append(TimelineEntry entry) {
        if (entry == null || entry.kind() == null || !declaredCodes.get().contains(entry.kind())) {
            throw new IllegalArgumentException("not a timeline kind of plugin " + pluginId + ": "
                    + (entry == null ? null : entry.kind()));
        }
        String summary = entry.summary() == null ? "" : entry.summary().strip();
        if (summary.isEmpty() || summary.length() > 4000) {
            throw new IllegalArgumentException("a timeline entry's summary takes 1 to 4000 characters");
        }
        String source = entry.sourceRef() == null ? "" : entry.sourceRef().strip();
        if (source.isEmpty() || source.length() > 200) {
            throw new IllegalArgumentException("a timeline entry's source reference takes 1 to 200 characters");
        }
        boolean byEmail = entry.personEmail() != null && !entry.personEmail().isBlank();
        if (!byEmail && entry.personId() == null) {
            throw new IllegalArgumentException("a timeline entry needs the person's email or id");
        }
        return jdbi.inTransaction(handle -> {
            Optional<UUID> person = byEmail
                    ? handle.createQuery("""
                            SELECT person_id FROM person_contacts WHERE kind = 'EMAIL' AND value = lower(:email)""")
                            .bind("email", entry.personEmail().strip()).mapTo(UUID.class).findFirst()
                    : handle.createQuery("SELECT id FROM persons WHERE id = :id").bind("id", entry.personId())
                            .mapTo(UUID.class).findFirst();
            if (person.isEmpty()) {
                return Appended.NO_PERSON;
            }
            Map<String, Object> details = new LinkedHashMap<>(entry.details());
            boolean added = timeline.append(handle, Entry.ofCode(person.get(), pluginId + ":" + entry.kind(),
                    entry.at() == null ? clock.instant() : entry.at(), summary, details,
                    "plugin:" + pluginId + ":" + source));
            return added ? Appended.ADDED : Appended.ALREADY_THERE;
        });
    }
}
