package org.matricula.platform.accounts;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.Problem.FieldProblem;
import org.matricula.platform.http.SessionCookies;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.FormValues;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SecretTokens;
import org.matricula.platform.web.Views;
import org.matricula.platform.web.RequestCookies;

/**
 * Renders the account pages. Every form gets a CSRF value: the session's token when signed in,
 * else the double-submit cookie's value, set here when the browser has none yet.
 */
final class AccountViews {

    private static final MediaType HTML = MediaType.TEXT_HTML_TYPE.withCharset("UTF-8");

    private final Views views;
    private final SessionCookies cookies;

    AccountViews(Views views, SessionCookies cookies) {
        this.views = views;
        this.cookies = cookies;
    }

    Response render(int status, String template, Page page, CurrentUser user, HttpHeaders headers) {
        Response.ResponseBuilder response = Response.status(status).type(HTML);
        if (user == null) {
            String existing = SessionCookies.read(RequestCookies.of(headers), SessionCookies.CSRF).orElse(null);
            String token = existing != null ? existing : SecretTokens.newToken();
            page.with("csrf", token);
            if (existing == null) {
                response.cookie(cookies.csrf(token));
            }
        }
        return response.entity(views.render(template, page.scope())).build();
    }

    /** The form again with each message beside its field; {@code token} problems concern the whole form. */
    Response invalid(String template, Page page, InvalidInputException invalid, CurrentUser user,
            HttpHeaders headers) {
        List<FieldProblem> fieldProblems = invalid.errors().stream().filter(p -> !p.field().equals("token")).toList();
        Map<String, String> errors = FormValues.errorsByField(fieldProblems);
        page.with("errors", errors).with("formError", fieldProblems.isEmpty() ? invalid.getMessage() : null);
        if (!errors.isEmpty()) {
            // each link leads to its field, whose id is the field's name on these forms
            page.with("errorSummary", Map.of("items", errors.entrySet().stream()
                    .map(error -> Map.of("field", error.getKey(), "text", error.getValue())).toList()));
        }
        return render(invalid.status(), template, page, user, headers);
    }

    /** A page with a heading, a paragraph and an optional link. */
    Response message(int status, Locale locale, CurrentUser user, HttpHeaders headers, String heading, String text,
            String linkHref, String linkText) {
        return render(status, "accounts/message", messagePage(locale, user, heading, text, linkHref, linkText), user,
                headers);
    }

    static Page messagePage(Locale locale, CurrentUser user, String heading, String text, String linkHref,
            String linkText) {
        Page page = Page.of(heading, locale, user).with("heading", heading).with("text", text);
        if (linkHref != null) {
            page.with("linkHref", linkHref).with("linkText", linkText);
        }
        return page;
    }
}
