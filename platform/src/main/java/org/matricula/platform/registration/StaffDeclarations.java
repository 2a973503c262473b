package org.matricula.platform.registration;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.UUID;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Scope;
import org.matricula.platform.accounts.Scopes;
import org.matricula.platform.web.AdminAccess;

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

    public Declaration toRead(ContainerRequestContext request, UUID id) {
        CurrentUser staff = AdminAccess.staff(request);
        return within(scopes.of(staff), id);
    }

    public Declaration toChange(ContainerRequestContext request, UUID id) {
        CurrentUser staff = AdminAccess.staff(request);
        Scope scope = scopes.of(staff);
        Declaration declaration = within(scope, id);
        if (!scope.mayChange()) {
            throw new ForbiddenException("Coordinators read declarations; they do not change them");
        }
        return declaration;
    }

    private Declaration within(Scope scope, UUID id) {
        Declaration declaration = declarations.require(id);
        if (!scope.covers(declaration.projectId(), declaration.organization())) {
            throw new NotFoundException("No declaration " + id);
        }
        return declaration;
    }
}
