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

    /** What moving the ticked declarations would do, shown before a move that cannot be undone. */
    record Preview(Status to, List<Declaration> moving, List<Skipped> skipped) {
    }

    /** The status asked for, after checking the admin may change declarations and the comment fits. */
    Status target(CurrentUser admin, String status, String comment, Locale locale) {
        staff.mayChange(admin);
        if (status == null || status.isBlank()) {
            throw InvalidInputException.field("status", Messages.text(locale, "lists.bulk.chooseStatus"));
        }
        Status to = Status.parse(status, locale);
        if (note(comment).length() > 2000) {
            throw InvalidInputException.field("comment", Messages.text(locale, "lists.bulk.commentTooLong", 2000));
        }
        return to;
    }

    /** The declarations that would move to {@code to} and those that would be left, changing nothing. */
    Preview preview(CurrentUser admin, List<String> ids, Status to, Locale locale) {
        List<Declaration> moving = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (String id : ids) {
            Declaration movable = movable(admin, id, to, skipped, locale);
            if (movable != null) {
                moving.add(movable);
            }
        }
        return new Preview(to, moving, skipped);
    }

    Outcome apply(CurrentUser admin, List<String> ids, Status to, String comment, Locale locale) {
        String note = note(comment);
        List<String> changed = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (String id : ids) {
            Declaration movable = movable(admin, id, to, skipped, locale);
            if (movable == null) {
                continue;
            }
            try {
                changed.add(declarations.changeStatus(movable.id(), to, note, admin.id(), locale).number());
            } catch (InvalidInputException refused) {
                skipped.add(new Skipped(movable.number(), refused.getMessage()));
            }
        }
        return new Outcome(to, changed, skipped);
    }

    /** The ticked declaration if it may go to {@code to}; otherwise null, with why in {@code skipped}. */
    private Declaration movable(CurrentUser admin, String id, Status to, List<Skipped> skipped, Locale locale) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            skipped.add(new Skipped(id, Messages.text(locale, "lists.bulk.noSuchDeclaration")));
            return null;
        }
        Declaration declaration;
        try {
            declaration = staff.toChange(admin, uuid);
        } catch (NotFoundException outOfScope) {
            skipped.add(new Skipped(id, Messages.text(locale, "lists.bulk.noSuchDeclaration")));
            return null;
        }
        if (!declaration.status().next().contains(to)) {
            skipped.add(new Skipped(declaration.number(), Messages.text(locale, "lists.bulk.cannotMove",
                    declaration.status().label().in(locale), to.label().in(locale))));
            return null;
        }
        return declaration;
    }

    private static String note(String comment) {
        return comment == null ? "" : comment.strip();
    }
}
