package org.matricula.platform.lists;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.i18n.Label;
import org.matricula.platform.web.AdminAccess;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Scope;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.web.Views;

/**
 * One admin list served every way: HTML page, JSON, CSV export and saved views. The concrete
 * lists (declarations, users) give it their definition and screen; their resources only route.
 */
public final class AdminList {

    private final Supplier<ListDefinition> definitions;
    private final ListScreen screen;
    private final ListReader reader;
    private final ListCopy copy;
    private final SavedViews savedViews;
    private final ListPageView pageView;
    private final Clock clock;
    private final Function<CurrentUser, Scope> scopes;

    /**
     * @param definitions gives the current definition, as columns may follow the live plugins
     * @param scopes the rows each admin may see
     */
    public AdminList(Supplier<ListDefinition> definitions, ListScreen screen, Jdbi jdbi, Views views, Clock clock,
            Function<CurrentUser, Scope> scopes) {
        this.scopes = scopes;
        this.definitions = definitions;
        this.screen = screen;
        this.reader = new ListReader(jdbi);
        this.copy = new ListCopy(jdbi);
        this.savedViews = new SavedViews(jdbi);
        this.pageView = new ListPageView(jdbi, views);
        this.clock = clock;
    }

    /**
     * A list of the platform itself (users, audit log) at {@code /admin/{name}}: only platform admins
     * reach it (the session filter keeps everyone else out), so it is never narrowed.
     */
    public static AdminList ofPlatform(String name, Label title, Supplier<ListDefinition> definitions,
            Jdbi jdbi, Views views, Clock clock) {
        return new AdminList(definitions, new ListScreen("/admin/" + name, name, title, ""), jdbi, views, clock,
                user -> Scope.everything());
    }

    public String html(CurrentUser admin, UriInfo uri, Locale locale) {
        ListQuery query = query(admin, uri.getQueryParameters(), locale);
        return pageView.render(screen, admin, query, reader.page(query), locale);
    }

    /**
     * The page as {@code {total, totalExact, page, size, columns: [{key, label}], rows: [{key: value}]}}.
     * The rows are counted up to {@link ListReader#COUNT_LIMIT} past the page: when there are more,
     * {@code totalExact} is false and {@code total} is how many were counted, a lower bound.
     */
    public Map<String, Object> json(CurrentUser admin, UriInfo uri, Locale locale) {
        ListPage page = reader.page(query(admin, uri.getQueryParameters(), locale));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", page.total());
        body.put("totalExact", page.exact());
        body.put("page", page.page());
        body.put("size", page.size());
        body.put("columns", page.columns().stream()
                .map(column -> Map.of("key", column.key(), "label", column.label(locale))).toList());
        body.put("rows", page.rows().stream().map(row -> {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("id", row.id());
            values.putAll(row.byKey(page.columns(), locale));
            return values;
        }).toList());
        return body;
    }

    public Response csv(CurrentUser admin, UriInfo uri, Locale locale) {
        MultivaluedMap<String, String> parameters = uri.getQueryParameters();
        ListQuery query = query(admin, parameters, locale);
        return CsvExport.of(copy, query, parameters.getFirst("scope"), parameters.getFirst("sep"), locale,
                LocalDate.now(clock));
    }

    /** Saves the posted list parameters as the admin's view and shows the list with them. */
    public Response saveView(CurrentUser admin, MultivaluedMap<String, String> form, Locale locale) {
        AdminAccess.checkCsrf(admin, form.getFirst("_csrf"));
        ListQuery query = ListQuery.parse(definitions.get(), form, locale);
        Map<String, List<String>> view = new LinkedHashMap<>(query.parameters());
        view.remove("page");
        savedViews.save(admin.id(), query.definition().name(), view);
        return Response.seeOther(URI.create(screen.path() + ListLinks.query(view))).build();
    }

    /** The request's parameters, or the admin's saved view when the request names none. */
    ListQuery query(CurrentUser admin, Map<String, List<String>> parameters, Locale locale) {
        return unscopedQuery(admin, parameters, locale).scoped(scopes.apply(admin));
    }

    private ListQuery unscopedQuery(CurrentUser admin, Map<String, List<String>> parameters, Locale locale) {
        ListDefinition definition = definitions.get();
        if (ListQuery.isBare(definition, parameters)) {
            Optional<Map<String, List<String>>> saved = savedViews.load(admin.id(), definition.name());
            if (saved.isPresent()) {
                try {
                    return ListQuery.parse(definition, saved.get(), locale);
                } catch (InvalidInputException outdated) {
                    // e.g. a column of a plugin since removed: the defaults serve better than an error
                    return ListQuery.parse(definition, Map.of(), locale);
                }
            }
        }
        return ListQuery.parse(definition, parameters, locale);
    }
}
