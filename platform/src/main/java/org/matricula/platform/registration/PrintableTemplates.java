package org.matricula.platform.registration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.matricula.api.CourseFamily;

/**
 * The printable copies of every family version that went live, in {@code declaration_templates}:
 * saved when the version starts (a JAR of the same version dropped in again replaces its copy),
 * read when a declaration submitted under that version is printed.
 */
public final class PrintableTemplates {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;
    private final Map<String, PrintableFamily> read = new ConcurrentHashMap<>();

    public PrintableTemplates(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Keeps the printable copy of a family version that just went live. */
    public void save(CourseFamily family, String version) {
        PrintableFamily printable = PrintableFamily.of(family, version);
        String stored = write(printable);
        jdbi.useHandle(handle -> handle.createUpdate("""
                INSERT INTO declaration_templates (family_id, family_version, template, printable)
                VALUES (:family, :version, :template, CAST(:printable AS jsonb))
                ON CONFLICT (family_id, family_version) DO UPDATE
                    SET template = EXCLUDED.template, printable = EXCLUDED.printable, saved_at = now()""")
                .bind("family", family.id()).bind("version", version).bind("template", printable.template())
                .bind("printable", stored).execute());
        read.put(key(family.id(), version), printable);
    }

    /** The copy kept for this version of the family. */
    public Optional<PrintableFamily> find(String familyId, String version) {
        if (version == null) {
            return Optional.empty();
        }
        PrintableFamily known = read.get(key(familyId, version));
        if (known != null) {
            return Optional.of(known);
        }
        Optional<PrintableFamily> stored = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT printable::text FROM declaration_templates WHERE family_id = :family AND family_version = :version""")
                .bind("family", familyId).bind("version", version).mapTo(String.class).findOne())
                .map(PrintableTemplates::parse);
        stored.ifPresent(printable -> read.put(key(familyId, version), printable));
        return stored;
    }

    /** The copy of the family's version that went live last, for declarations stored before versions were. */
    public Optional<PrintableFamily> latest(String familyId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT printable::text FROM declaration_templates WHERE family_id = :family
                ORDER BY saved_at DESC LIMIT 1""").bind("family", familyId).mapTo(String.class).findOne())
                .map(PrintableTemplates::parse);
    }

    /** The family version a declaration was submitted under; empty for one stored before versions were kept. */
    Optional<String> versionOf(java.util.UUID declarationId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT family_version FROM declarations WHERE id = :id").bind("id", declarationId)
                .mapTo(String.class).findOne());
    }

    static String write(PrintableFamily printable) {
        try {
            return JSON.writeValueAsString(printable);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot store the printable copy of " + printable.familyId(), e);
        }
    }

    static PrintableFamily parse(String json) {
        try {
            return JSON.readValue(json, PrintableFamily.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored printable template cannot be read", e);
        }
    }

    private static String key(String familyId, String version) {
        return familyId + "\n" + version;
    }
}
