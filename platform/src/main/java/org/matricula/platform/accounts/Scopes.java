package org.matricula.platform.accounts;

import java.util.HashSet;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Scope;

/** Loads a staff member's scope: the projects they are given and their organization. */
public final class Scopes {

    private final Jdbi jdbi;

    public Scopes(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Scope of(CurrentUser user) {
        if (user.isAdmin()) {
            return Scope.everything();
        }
        return jdbi.withHandle(handle -> new Scope(user.role(),
                new HashSet<>(handle.createQuery("SELECT project_id FROM project_admins WHERE account_id = :id")
                        .bind("id", user.id()).mapTo(Long.class).list()),
                handle.createQuery("SELECT organization FROM accounts WHERE id = :id").bind("id", user.id())
                        .mapTo(String.class).findOne().orElse("")));
    }
}
