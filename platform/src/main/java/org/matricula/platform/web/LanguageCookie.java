package org.matricula.platform.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.NewCookie;
import java.util.Locale;

/** Remembers a language chosen with {@code ?lang=} so that the following pages keep it. */
public final class LanguageCookie implements ContainerResponseFilter {

    private static final int ONE_YEAR = 365 * 24 * 3600;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Locale chosen = Language.parse(request.getUriInfo().getQueryParameters().getFirst("lang"));
        if (chosen != null) {
            response.getHeaders().add("Set-Cookie", new NewCookie.Builder(Language.COOKIE)
                    .value(chosen.getLanguage()).path("/").maxAge(ONE_YEAR).sameSite(NewCookie.SameSite.LAX)
                    .build().toString());
        }
    }
}
