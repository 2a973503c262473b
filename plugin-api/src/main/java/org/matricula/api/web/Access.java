package org.matricula.api.web;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who may call a route: {@link #anyone()}, anyone {@link #signedIn()}, holders of some
 * {@link #roles(Role...)}, or {@link #nobody()}, which every route is until it says otherwise.
 *
 * @since 1.2.0
 */
public final class Access {

    private static final Access ANYONE = new Access(true, EnumSet.allOf(Role.class));
    private static final Access NOBODY = new Access(false, EnumSet.noneOf(Role.class));

    private final boolean anonymous;
    private final Set<Role> roles;

    private Access(boolean anonymous, Set<Role> roles) {
        this.anonymous = anonymous;
        this.roles = Set.copyOf(roles);
    }

    /** Anyone, signed in or not. @since 1.2.0 */
    public static Access anyone() {
        return ANYONE;
    }

    /** Anyone signed in, whatever their role. @since 1.2.0 */
    public static Access signedIn() {
        return new Access(false, EnumSet.allOf(Role.class));
    }

    /** Signed-in holders of one of these roles. @since 1.2.0 */
    public static Access roles(Role first, Role... more) {
        return new Access(false, EnumSet.of(first, more));
    }

    /** No one: the access of a route that declares none. @since 1.2.0 */
    public static Access nobody() {
        return NOBODY;
    }

    /** Whether a caller without a session is let in. @since 1.2.0 */
    public boolean allowsAnonymous() {
        return anonymous;
    }

    /** The roles let in when signed in; empty for {@link #nobody()}. @since 1.2.0 */
    public Set<Role> roles() {
        return roles;
    }

    /** Whether a caller with this role (empty when not signed in) is let in. @since 1.2.0 */
    public boolean allows(java.util.Optional<Role> caller) {
        return caller.map(roles::contains).orElse(anonymous);
    }

    @Override
    public String toString() {
        return anonymous ? "anyone" : roles.isEmpty() ? "nobody" : "roles " + roles;
    }
}
