package org.matricula.platform.accounts;

import jakarta.annotation.Priority;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.matricula.platform.web.AdminAreas;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.Views;

/**
 * Refuses state-changing requests another site could have made in the user's name. Browser forms
 * of a session echo its CSRF token (field {@code _csrf}, or header {@code X-CSRF-Token}); API calls
 * authenticated by the cookie send the header; anonymous account forms echo the value of the
 * {@code matricula_csrf} cookie (double submit), which stops another site logging a visitor in.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION + 10)
public final class CsrfFilter implements ContainerRequestFilter {

    public static final String HEADER = "X-CSRF-Token";
    public static final String FIELD = "_csrf";
    private static final Set<String> UNSAFE = Set.of("POST", "PUT", "PATCH", "DELETE");
    // Log-in and sign-up act on no session; the plugin admin API is authenticated by a bearer token.
    private static final Set<String> API_WITHOUT_SESSION = Set.of("api/auth/login", "api/auth/signup");

    private final Views views;
    private final Set<String> anonymousForms;

    /** @param anonymousForms paths (without leading slash) of forms posted without a session */
    public CsrfFilter(Views views, Set<String> anonymousForms) {
        this.views = views;
        this.anonymousForms = Set.copyOf(anonymousForms);
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (!UNSAFE.contains(request.getMethod())) {
            return;
        }
        String path = request.getUriInfo().getPath();
        Optional<CurrentUser> user = CurrentUser.of(request);
        if (path.startsWith("api/")) {
            // The plugin admin API with a session (no bearer token) is guarded like the rest of the API.
            boolean sessionOnPluginApi = AdminAreas.isPluginAdminApi(path)
                    && request.getHeaderString("Authorization") == null;
            if (user.isPresent() && (guardsApiCall(request.getMethod(), path) || sessionOnPluginApi)
                    && !SecretTokens.same(user.get().csrfToken(), request.getHeaderString(HEADER))) {
                throw new ForbiddenException("Send the session's CSRF token in the " + HEADER + " header");
            }
            return;
        }
        if (user.isEmpty() && !anonymousForms.contains(path)) {
            return;
        }
        String expected = user.map(CurrentUser::csrfToken)
                .or(() -> SessionCookies.read(request.getCookies(), SessionCookies.CSRF)).orElse(null);
        if (!SecretTokens.same(expected, presented(request))) {
            request.abortWith(expiredForm(user.orElse(null)));
        }
    }

    /**
     * Whether a call to the API path (relative, no leading slash) with this method must send the
     * session's token in {@value #HEADER} when it carries a session cookie.
     */
    public static boolean guardsApiCall(String method, String path) {
        return UNSAFE.contains(method) && path.startsWith("api/") && !API_WITHOUT_SESSION.contains(path)
                && !AdminAreas.isPluginAdminApi(path);
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
            // An upload's token cannot be read without parsing the whole multipart body; it rides in the URL.
            return request.getUriInfo().getQueryParameters().getFirst(FIELD);
        }
        return null;
    }

    private Response expiredForm(CurrentUser user) {
        Page page = Page.of("Форма устарела / The form has expired", Language.RUSSIAN, user);
        return Response.status(Response.Status.FORBIDDEN).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(views.render("accounts/expired", page.scope())).build();
    }
}
