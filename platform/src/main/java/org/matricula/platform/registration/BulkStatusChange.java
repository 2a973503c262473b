package org.matricula.platform.registration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.CurrentUser;

/**
 * Moves the declarations an admin ticked in the registrations list to one status with one
 * comment: each gets its own history row, mail and events, as if changed one by one. Those that
 * cannot go there (already decided, out of the admin's scope) are left as they are and reported.
 */
final class BulkStatusChange {

    private final Declarations declarations;
    private final StaffDeclarations staff;

    BulkStatusChange(Declarations declarations, StaffDeclarations staff) {
        this.declarations = declarations;
        this.staff = staff;
    }

    /** What became of the ticked declarations: the numbers changed and those left, with why. */
    record Outcome(Status to, List<String> changed, List<Skipped> skipped) {
    }

    record Skipped(String number, String reason) {
    }

    Outcome apply(CurrentUser admin, List<String> ids, String status, String comment, Locale locale) {
        staff.mayChange(admin);
        if (status == null || status.isBlank()) {
            throw InvalidInputException.field("status", Messages.text(locale, "lists.bulk.chooseStatus"));
        }
        Status to = Status.parse(status, locale);
        String note = comment == null ? "" : comment.strip();
        if (note.length() > 2000) {
            throw InvalidInputException.field("comment", Messages.text(locale, "lists.bulk.commentTooLong", 2000));
        }
        List<String> changed = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (String id : ids) {
            UUID uuid;
            try {
                uuid = UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                skipped.add(new Skipped(id, Messages.text(locale, "lists.bulk.noSuchDeclaration")));
                continue;
            }
            try {
                Declaration declaration = staff.toChange(admin, uuid);
                if (!declaration.status().next().contains(to)) {
                    skipped.add(new Skipped(declaration.number(), Messages.text(locale, "lists.bulk.cannotMove",
                            declaration.status().label().in(locale), to.label().in(locale))));
                    continue;
                }
                changed.add(declarations.changeStatus(uuid, to, note, admin.id(), locale).number());
            } catch (InvalidInputException refused) {
                skipped.add(new Skipped(id, refused.getMessage()));
            } catch (NotFoundException outOfScope) {
                skipped.add(new Skipped(id, Messages.text(locale, "lists.bulk.noSuchDeclaration")));
            }
        }
        return new Outcome(to, changed, skipped);
    }
}
