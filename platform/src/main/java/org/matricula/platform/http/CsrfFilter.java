package org.matricula.platform.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.matricula.platform.http.AdminTokenFilter;
import org.matricula.platform.http.RouteAccess;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.RequestCookies;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SecretTokens;
import org.matricula.platform.web.Views;

/**
 * Refuses state-changing requests another site could have made in the user's name, deciding on
 * the matched resource method. A request carrying a session echoes its CSRF token (form field
 * {@code _csrf}, or header {@code X-CSRF-Token}); API calls anyone may make (log-in, sign-up,
 * validation) need none, since they act on no session; {@link GuestForm} pages posted without a
 * session echo the {@code matricula_csrf} cookie (double submit); callers signed in by the admin
 * token carry no ambient credential and need none either.
 */
public final class CsrfFilter implements DynamicFeature {

    public static final String HEADER = "X-CSRF-Token";
    public static final String FIELD = "_csrf";
    private static final Set<String> UNSAFE = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final Views views;

    public CsrfFilter(Views views) {
        this.views = views;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        RouteAccess access = RouteAccess.of(resource.getResourceClass(), resource.getResourceMethod());
        boolean guestForm = resource.getResourceMethod().isAnnotationPresent(GuestForm.class);
        context.register(new Check(access.html(), access.permitAll() && !access.html(), guestForm),
                Priorities.AUTHENTICATION + 10);
    }

    /**
     * Whether a call with this method to an API route of this access must send the session's token
     * in {@value #HEADER} when it carries a session cookie.
     */
    public static boolean guardsApiCall(String method, RouteAccess access) {
        return UNSAFE.contains(method) && !(access.permitAll() && !access.html());
    }

    /**
     * For routes that check access themselves (a plugin's own routes): whether the call is safe,
     * made with the admin token, made without a session, or presents the session's token in the
     * {@value #HEADER} header or the form field {@value #FIELD} of the already read {@code form}.
     */
    public static boolean presentsSessionToken(ContainerRequestContext request, java.util.Map<String, String> form) {
        if (!UNSAFE.contains(request.getMethod()) || AdminTokenFilter.byToken(request)) {
            return true;
        }
        Optional<CurrentUser> user = CurrentUser.of(request);
        if (user.isEmpty()) {
            return true;
        }
        String header = request.getHeaderString(HEADER);
        return SecretTokens.same(user.get().csrfToken(), header != null ? header : form.get(FIELD));
    }

    @Priority(Priorities.AUTHENTICATION + 10)
    private final class Check implements ContainerRequestFilter {

        private final boolean page;
        private final boolean sessionFree;
        private final boolean guestForm;

        Check(boolean page, boolean sessionFree, boolean guestForm) {
            this.page = page;
            this.sessionFree = sessionFree;
            this.guestForm = guestForm;
        }

        @Override
        public void filter(ContainerRequestContext request) throws IOException {
            if (!UNSAFE.contains(request.getMethod()) || AdminTokenFilter.byToken(request) || sessionFree) {
                return;
            }
            Optional<CurrentUser> user = CurrentUser.of(request);
            if (user.isEmpty() && !guestForm) {
                return; // no session to ride on: access is decided next
            }
            String expected = user.map(CurrentUser::csrfToken)
                    .or(() -> SessionCookies.read(RequestCookies.of(request), SessionCookies.CSRF)).orElse(null);
            if (SecretTokens.same(expected, presented(request))) {
                return;
            }
            if (!page) {
                throw new ForbiddenException(Messages.text(Language.of(request), "problem.csrf", HEADER));
            }
            request.abortWith(expiredForm(user.orElse(null), Language.of(request)));
        }
    }

    private static String presented(ContainerRequestContext request) throws IOException {
        String header = request.getHeaderString(HEADER);
        if (header != null) {
            return header;
        }
        MediaType type = request.getMediaType();
        if (type != null && type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            return BufferedForm.read(request).get(FIELD);
        }
        if (type != null && type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE)) {
            // An upload form sends its token as the part before the file; only the body's start is read.
            String inBody = MultipartToken.read(request, type, FIELD);
            // Non-browser clients may still name it in the query; the pages never put it there.
            return inBody != null ? inBody : request.getUriInfo().getQueryParameters().getFirst(FIELD);
        }
        return null;
    }

    private Response expiredForm(CurrentUser user, Locale locale) {
        Page page = Page.of(Messages.text(locale, "form.expired.title"), locale, user);
        return Response.status(Response.Status.FORBIDDEN).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(views.render("accounts/expired", page.scope())).build();
    }
}
