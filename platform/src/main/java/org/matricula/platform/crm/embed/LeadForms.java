package org.matricula.platform.crm.embed;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.i18n.Messages;

/** The lead forms admins make for websites: each under a lead source, for a program or any. */
public final class LeadForms {

    private final Jdbi jdbi;

    public LeadForms(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * A lead form as listed.
     *
     * @param programCode the program its leads are interested in, or null for a free-text interest
     */
    public record LeadForm(long id, UUID publicId, long sourceId, String sourceName, String programCode,
            String programName, String language, Instant createdAt, Instant revokedAt) {

        public boolean active() {
            return revokedAt == null;
        }
    }

    public LeadForm create(long sourceId, String programCode, String language, UUID actor, Locale locale) {
        String program = programCode == null || programCode.isBlank() ? null : programCode.strip();
        boolean sourceLive = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM lead_sources WHERE id = :id AND revoked_at IS NULL").bind("id", sourceId)
                .mapTo(Integer.class).one()) == 1;
        if (!sourceLive) {
            throw InvalidInputException.field("source", Messages.text(locale, "crm.embed.sourceNeeded"));
        }
        if (program != null && programName(program).isEmpty()) {
            throw InvalidInputException.field("program", Messages.text(locale, "crm.lead.program"));
        }
        String shown = Messages.language(language).map(Locale::getLanguage).orElse(Messages.RUSSIAN.getLanguage());
        long id = jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO lead_forms (source_id, program_code, language, created_by)
                VALUES (:source, :program, :language, :actor) RETURNING id""")
                .bind("source", sourceId).bind("program", program).bind("language", shown).bind("actor", actor)
                .mapTo(Long.class).one());
        return find(id).orElseThrow();
    }

    public List<LeadForm> all() {
        return forms("CAST(:id AS uuid) IS NULL", null);
    }

    /** A form by its number, revoked or not. */
    public Optional<LeadForm> find(long id) {
        return forms("f.id = :id", id).stream().findFirst();
    }

    /** The live form with this public id: a form is gone once it or its source is revoked. */
    public Optional<LeadForm> live(UUID publicId) {
        return forms("f.public_id = :id AND f.revoked_at IS NULL AND s.revoked_at IS NULL", publicId).stream()
                .findFirst();
    }

    private List<LeadForm> forms(String condition, Object id) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT f.id, f.public_id, f.source_id, s.name AS source_name, f.program_code,
                       coalesce(p.name, '') AS program_name, f.language, f.created_at, f.revoked_at
                FROM lead_forms f JOIN lead_sources s ON s.id = f.source_id
                LEFT JOIN programs p ON p.code = f.program_code
                WHERE <condition>
                ORDER BY f.revoked_at NULLS FIRST, f.id DESC""")
                .define("condition", condition).bindByType("id", id, id instanceof Long ? Long.class : UUID.class)
                .map((rs, ctx) -> new LeadForm(rs.getLong("id"), rs.getObject("public_id", UUID.class),
                        rs.getLong("source_id"), rs.getString("source_name"), rs.getString("program_code"),
                        rs.getString("program_name"), rs.getString("language"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("revoked_at") == null ? null : rs.getTimestamp("revoked_at").toInstant()))
                .list());
    }

    public void revoke(long id) {
        int changed = jdbi.withHandle(handle -> handle.createUpdate(
                "UPDATE lead_forms SET revoked_at = coalesce(revoked_at, now()) WHERE id = :id").bind("id", id)
                .execute());
        if (changed == 0) {
            throw NotFoundException.localized("crm.embed.formMissing", id);
        }
    }

    private Optional<String> programName(String code) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT name FROM programs WHERE code = :code AND active")
                .bind("code", code).mapTo(String.class).findOne());
    }
}
