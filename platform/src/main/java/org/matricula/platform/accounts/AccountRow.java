package org.matricula.platform.accounts;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.matricula.platform.web.CurrentUser;

/**
 * One row of {@code accounts}, without the profile.
 *
 * @param verifiedAt when the address was confirmed, or null while it is not
 */
public record AccountRow(UUID id, String email, String passwordHash, CurrentUser.Role role, String displayName,
        String locale, Instant verifiedAt, Instant createdAt) {

    public boolean isVerified() {
        return verifiedAt != null;
    }

    public Locale preferredLocale() {
        return Locale.forLanguageTag(locale);
    }

    /** Leaves the password hash out, so logging a row never leaks it. */
    @Override
    public String toString() {
        return "AccountRow[id=" + id + ", email=" + email + ", role=" + role + ", verified=" + isVerified() + "]";
    }
}
