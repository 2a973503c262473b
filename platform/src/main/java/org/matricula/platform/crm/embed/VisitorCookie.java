package org.matricula.platform.crm.embed;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
import java.util.Optional;
import java.util.UUID;
import org.matricula.platform.crm.persons.Persons;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.RequestCookies;

/**
 * Carries a website visitor's id into Matricula: a link from a page with the beacon brings
 * {@code ?mvid=<id>}, kept in a cookie of Matricula's own; once that browser is signed in as an
 * applicant whose person is known, the visits are linked to the person and the cookie is cleared.
 */
final class VisitorCookie implements ContainerResponseFilter {

    static final String COOKIE = "matricula_vid";
    static final String PARAMETER = "mvid";
    private static final int THIRTY_DAYS = 30 * 24 * 3600;

    private final Visits visits;
    private final Persons persons;

    VisitorCookie(Visits visits, Persons persons) {
        this.visits = visits;
        this.persons = persons;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Optional<UUID> arriving = EmbedResource.visitor(request.getUriInfo().getQueryParameters().getFirst(PARAMETER));
        Cookie kept = RequestCookies.of(request).get(COOKIE);
        Optional<UUID> visitor = arriving.or(() -> EmbedResource.visitor(kept == null ? null : kept.getValue()));
        if (visitor.isEmpty()) {
            return;
        }
        Optional<UUID> person = CurrentUser.of(request).filter(user -> user.role() == CurrentUser.Role.APPLICANT)
                .flatMap(user -> persons.ofAccount(user.id()));
        if (person.isPresent()) {
            visits.link(visitor.get(), person.get());
            response.getHeaders().add("Set-Cookie", cookie("", 0));
        } else if (arriving.isPresent()) {
            response.getHeaders().add("Set-Cookie", cookie(visitor.get().toString(), THIRTY_DAYS));
        }
    }

    private static NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(COOKIE).value(value).path("/").maxAge(maxAge).httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX).build();
    }
}
