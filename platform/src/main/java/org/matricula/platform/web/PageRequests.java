package org.matricula.platform.web;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
import java.net.URI;

/**
 * What a page needs to know of the request it answers besides its own data: the address and method
 * (for the language links, which keep the query, and the menu's current entry), the menu, and a flash
 * message left by the previous action. Kept for the request's thread, which renders the page, and
 * dropped when the response leaves. On the way out, a form post answered by a redirect leaves its
 * flash message in a cookie for the next page, and a page that showed the message clears it.
 */
@PreMatching
@Priority(Priorities.USER)
public final class PageRequests implements ContainerRequestFilter, ContainerResponseFilter {

    private static final ThreadLocal<Current> CURRENT = new ThreadLocal<>();
    private static final int FLASH_SECONDS = 60;

    /** The request a page is being rendered for. */
    static final class Current {
        final String path;
        final String query;
        /** Whether a browser opened this address (GET, HEAD) rather than sent a form to it. */
        final boolean opened;
        final Navigation navigation;
        final PageAddresses addresses;
        final String flashKey;
        boolean flashShown;

        Current(String path, String query, boolean opened, Navigation navigation, PageAddresses addresses,
                String flashKey) {
            this.path = path;
            this.query = query;
            this.opened = opened;
            this.navigation = navigation;
            this.addresses = addresses;
            this.flashKey = flashKey;
        }
    }

    private final Navigation navigation;
    private final PageAddresses addresses;
    private final boolean secure;

    public PageRequests(Navigation navigation, PageAddresses addresses, boolean secure) {
        this.navigation = navigation;
        this.addresses = addresses;
        this.secure = secure;
    }

    static Current current() {
        return CURRENT.get();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        Cookie flash = RequestCookies.of(request).get(Flash.COOKIE);
        boolean opened = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        CURRENT.set(new Current(uri.getRawPath(), uri.getRawQuery(), opened, navigation, addresses,
                flash != null && Flash.known(flash.getValue()) ? flash.getValue() : null));
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Current current = CURRENT.get();
        CURRENT.remove();
        if ("POST".equals(request.getMethod()) && response.getStatus() == 303 && !toLogIn(response)) {
            Object key = request.getProperty(Flash.PROPERTY);
            String flash = key instanceof String named && Flash.known(named) ? named : Flash.DONE;
            response.getHeaders().add("Set-Cookie", cookie(flash, FLASH_SECONDS));
        } else if (current != null && current.flashShown) {
            response.getHeaders().add("Set-Cookie", cookie("", 0));
        }
    }

    private static boolean toLogIn(ContainerResponseContext response) {
        URI location = response.getLocation();
        return location != null && location.getPath() != null && location.getPath().startsWith("/login");
    }

    private String cookie(String value, int maxAge) {
        return new NewCookie.Builder(Flash.COOKIE).value(value).path("/").maxAge(maxAge).httpOnly(true)
                .secure(secure).sameSite(NewCookie.SameSite.LAX).build().toString();
    }
}
