package org.matricula.platform.registration;

import java.util.UUID;
import org.matricula.platform.errors.ForbiddenException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Scope;
import org.matricula.platform.accounts.Scopes;

/**
 * A declaration as a staff member may reach it: outside their scope it does not exist (404, so
 * its existence is not revealed); changing it needs a role that changes things.
 */
public final class StaffDeclarations {

    private final Declarations declarations;
    private final Scopes scopes;

    public StaffDeclarations(Declarations declarations, Scopes scopes) {
        this.declarations = declarations;
        this.scopes = scopes;
    }

    public Declaration toRead(CurrentUser staff, UUID id) {
        return within(scopes.of(staff), id);
    }

    public Declaration toChange(CurrentUser staff, UUID id) {
        Scope scope = scopes.of(staff);
        Declaration declaration = within(scope, id);
        if (!scope.mayChange()) {
            throw ForbiddenException.localized("refusal.coordinator.readOnly");
        }
        return declaration;
    }

    /** Refuses a staff member whose role reads declarations but does not change them. */
    public void mayChange(CurrentUser staff) {
        if (!scopes.of(staff).mayChange()) {
            throw ForbiddenException.localized("refusal.coordinator.readOnly");
        }
    }

    private Declaration within(Scope scope, UUID id) {
        Declaration declaration = declarations.require(id);
        if (!scope.covers(declaration.projectId(), declaration.organization())) {
            throw NotFoundException.localized("refusal.declaration.missing", id);
        }
        return declaration;
    }
}
