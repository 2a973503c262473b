package org.matricula.platform.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.i18n.Messages;

/**
 * Each program's curator: the staff account (any role but applicant) that looks after its
 * students, shown and filtered by on the stuck list and given the tasks stuck scenarios make
 * "for the curator". A program may have none.
 */
public final class ProgramCurators {

    /** A staff account a program may be given to: its id and mail address. */
    public record Choice(UUID id, String email) {
    }

    private final Jdbi jdbi;

    public ProgramCurators(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Optional<UUID> of(long programId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT curator_id FROM programs WHERE id = :id")
                .bind("id", programId).mapTo(UUID.class).findOne());
    }

    /** The staff accounts, by address. */
    public List<Choice> choices() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, email FROM accounts WHERE role <> 'APPLICANT'"
                + " ORDER BY email").map((rs, ctx) -> new Choice(rs.getObject("id", UUID.class), rs.getString("email")))
                .list());
    }

    /**
     * Gives a program to a curator, or to none when {@code account} is blank; an account that is
     * not staff is refused with a message on the {@code curator} field.
     */
    public void set(long programId, String account, Locale locale) {
        UUID curator = null;
        if (account != null && !account.isBlank()) {
            curator = parse(account.strip()).filter(id -> choices().stream().anyMatch(c -> c.id().equals(id)))
                    .orElseThrow(() -> InvalidInputException.field("curator",
                            Messages.text(locale, "admin.program.curatorNotStaff")));
        }
        UUID chosen = curator;
        int updated = jdbi.withHandle(h -> h.createUpdate("UPDATE programs SET curator_id = :curator WHERE id = :id")
                .bind("curator", chosen).bind("id", programId).execute());
        if (updated == 0) {
            throw NotFoundException.localized("refusal.program.missing", programId);
        }
    }

    private static Optional<UUID> parse(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
