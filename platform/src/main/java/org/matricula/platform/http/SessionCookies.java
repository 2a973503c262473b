package org.matricula.platform.http;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
import java.util.Date;
import java.util.Map;
import java.util.Optional;

/**
 * The cookies of the accounts feature: the session id, and the random value anonymous forms echo
 * back (double-submit CSRF protection). All are HttpOnly and SameSite=Lax; Secure when the
 * server is reached over HTTPS.
 */
public final class SessionCookies {

    public static final String SESSION = "matricula_session";
    public static final String CSRF = "matricula_csrf";

    private final boolean secure;

    public SessionCookies(boolean secure) {
        this.secure = secure;
    }

    /** Lives as long as the browser session; the server ends it sooner when it idles. */
    public NewCookie session(String sessionId) {
        return cookie(SESSION, sessionId).build();
    }

    public NewCookie sessionEnded() {
        return cookie(SESSION, "").maxAge(0).expiry(new Date(0)).build();
    }

    public NewCookie csrf(String value) {
        return cookie(CSRF, value).build();
    }

    public static Optional<String> read(Map<String, Cookie> cookies, String name) {
        return Optional.ofNullable(cookies.get(name)).map(Cookie::getValue).filter(value -> !value.isBlank());
    }

    private NewCookie.Builder cookie(String name, String value) {
        return new NewCookie.Builder(name).value(value).path("/").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.LAX);
    }
}
