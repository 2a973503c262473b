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
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Views;

/**
 * One admin list served every way: HTML page, JSON, CSV export and saved views. The concrete
 * lists (declarations, users) give it their definition and screen; their resources only route.
 */
public final class AdminList {

    /** The parameter naming a saved view to show. */
    public static final String VIEW = "view";

    private final Supplier<ListDefinition> definitions;
    private final ListScreen screen;
    private final ListReader reader;
    private final ListCopy copy;
    private final SavedViews savedViews;
    private final ListPageView pageView;
    private final Clock clock;
    private final Function<CurrentUser, Scope> scopes;
    private final Jdbi jdbi;
    private final Views views;

    /**
     * @param definitions gives the current definition, as columns may follow the live plugins
     * @param scopes the rows each admin may see
     */
    public AdminList(Supplier<ListDefinition> definitions, ListScreen screen, Jdbi jdbi, Views views, Clock clock,
            Function<CurrentUser, Scope> scopes) {
        this(definitions, screen, jdbi, views, clock, scopes, ListReader.COUNT_LIMIT);
    }

    private AdminList(Supplier<ListDefinition> definitions, ListScreen screen, Jdbi jdbi, Views views, Clock clock,
            Function<CurrentUser, Scope> scopes, long countLimit) {
        this.jdbi = jdbi;
        this.views = views;
        this.scopes = scopes;
        this.definitions = definitions;
        this.screen = screen;
        this.reader = new ListReader(jdbi, countLimit);
        this.copy = new ListCopy(jdbi);
        this.savedViews = new SavedViews(jdbi);
        this.pageView = new ListPageView(jdbi, views);
        this.clock = clock;
    }

    /**
     * The same list counting its total only up to {@code limit} rows past the page (instead of
     * {@link ListReader#COUNT_LIMIT}): for a large table whose common filters leave many rows, where
     * counting ten thousand of them would cost more than the page.
     */
    public AdminList countingUpTo(long limit) {
        return new AdminList(definitions, screen, jdbi, views, clock, scopes, limit);
    }

    /**
     * A list of the platform itself (users, audit log) at {@code /admin/{name}}: only platform admins
     * reach it (the session filter keeps everyone else out), so it is never narrowed.
     */
    public static AdminList ofPlatform(String name, Label title, Supplier<ListDefinition> definitions,
            Jdbi jdbi, Views views, Clock clock) {
        return ofPlatform(name, title, "", List.of(), definitions, jdbi, views, clock);
    }

    /** As {@link #ofPlatform(String, Label, Supplier, Jdbi, Views, Clock)}, each row linking to its page. */
    public static AdminList ofPlatform(String name, Label title, String rowLink, List<ListScreen.RowAction> actions,
            Supplier<ListDefinition> definitions, Jdbi jdbi, Views views, Clock clock) {
        return new AdminList(definitions, new ListScreen("/admin/" + name, name, title, rowLink, actions, List.of()),
                jdbi, views, clock, user -> Scope.everything());
    }

    public String html(CurrentUser admin, UriInfo uri, Locale locale) {
        MultivaluedMap<String, String> parameters = uri.getQueryParameters();
        ListQuery query = query(admin, parameters, locale);
        return pageView.render(screen, admin, query, reader.page(query), savedViews.views(admin.id(),
                query.definition().name()), currentView(admin, parameters), locale);
    }

    /** The name of the view shown: the one asked for, else the default when the list was opened bare. */
    private String currentView(CurrentUser admin, Map<String, List<String>> parameters) {
        ListDefinition definition = definitions.get();
        List<String> asked = parameters.getOrDefault(VIEW, List.of());
        if (!asked.isEmpty()) {
            return asked.get(0);
        }
        if (ListQuery.isBare(definition, parameters)) {
            return savedViews.views(admin.id(), definition.name()).stream().filter(SavedViews.View::isDefault)
                    .map(SavedViews.View::name).findFirst().orElse(null);
        }
        return null;
    }

    /**
     * The page as {@code {total, totalExact, page, size, columns: [{key, label}], rows: [{key: value}]}}.
     * The rows are counted up to {@link ListReader#COUNT_LIMIT} (or {@link #countingUpTo}) past the page: when there are more,
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

    /**
     * Works on the admin's saved views: {@code action=save} (the default) saves the posted list
     * parameters under {@code viewName} (blank for the unnamed view), made the default when
     * {@code makeDefault} is posted; {@code action=default} makes the named view the default;
     * {@code action=delete} deletes it. Then shows the list.
     */
    public Response saveView(CurrentUser admin, MultivaluedMap<String, String> form, Locale locale) {
        AdminAccess.checkCsrf(admin, form.getFirst("_csrf"));
        String listName = definitions.get().name();
        String name = viewName(form.getFirst("viewName"), locale);
        String action = form.getFirst("action") == null ? "save" : form.getFirst("action").strip();
        switch (action) {
            case "save" -> {
                ListQuery query = ListQuery.parse(definitions.get(), form, locale);
                Map<String, List<String>> view = new LinkedHashMap<>(query.parameters());
                view.remove("page");
                savedViews.save(admin.id(), listName, name, view, form.containsKey("makeDefault"));
                return Response.seeOther(URI.create(screen.path() + ListLinks.query(view))).build();
            }
            case "default" -> {
                if (!savedViews.makeDefault(admin.id(), listName, name)) {
                    throw new NotFoundException(Messages.text(locale, "lists.views.noSuchView", name));
                }
            }
            case "delete" -> {
                if (!savedViews.delete(admin.id(), listName, name)) {
                    throw new NotFoundException(Messages.text(locale, "lists.views.noSuchView", name));
                }
            }
            default -> throw InvalidInputException.field("action", Messages.text(locale, "lists.views.action"));
        }
        return Response.seeOther(URI.create(screen.path())).build();
    }

    /**
     * The ticked rows ({@code id}, repeated) as CSV, with the posted columns and order: the
     * bulk "export selected" action.
     */
    public Response exportSelected(CurrentUser admin, MultivaluedMap<String, String> form, Locale locale) {
        AdminAccess.checkCsrf(admin, form.getFirst("_csrf"));
        ListQuery query = query(admin, form, locale).onlyRows(selectedIds(form, locale));
        return CsvExport.of(copy, query, null, form.getFirst("sep"), locale, LocalDate.now(clock));
    }

    /** The ids of the ticked rows of a bulk form; none ticked is a 422 on {@code id}. */
    public static List<String> selectedIds(MultivaluedMap<String, String> form, Locale locale) {
        List<String> ids = form.getOrDefault("id", List.of()).stream().map(String::strip)
                .filter(id -> !id.isEmpty()).distinct().toList();
        if (ids.isEmpty()) {
            throw InvalidInputException.field("id", Messages.text(locale, "lists.bulk.chooseRows"));
        }
        if (ids.size() > ListQuery.MAX_SIZE * 5) {
            throw InvalidInputException.field("id", Messages.text(locale, "lists.bulk.tooMany", ListQuery.MAX_SIZE * 5));
        }
        return ids;
    }

    private static String viewName(String given, Locale locale) {
        String name = given == null ? "" : given.strip();
        if (name.length() > 60) {
            throw InvalidInputException.field("viewName", Messages.text(locale, "lists.views.nameTooLong", 60));
        }
        return name;
    }

    /** The request's parameters, or the admin's saved view when the request names none. */
    ListQuery query(CurrentUser admin, Map<String, List<String>> parameters, Locale locale) {
        return unscopedQuery(admin, parameters, locale).scoped(scopes.apply(admin));
    }

    private ListQuery unscopedQuery(CurrentUser admin, Map<String, List<String>> parameters, Locale locale) {
        ListDefinition definition = definitions.get();
        List<String> asked = parameters.getOrDefault(VIEW, List.of());
        if (!asked.isEmpty()) {
            Map<String, List<String>> saved = savedViews.load(admin.id(), definition.name(), asked.get(0).strip())
                    .orElseThrow(() -> new NotFoundException(Messages.text(locale, "lists.views.noSuchView",
                            asked.get(0))));
            Map<String, List<String>> merged = new LinkedHashMap<>(saved);
            // The view's page and size may be changed while it is shown.
            for (String kept : List.of("page", "size")) {
                if (parameters.containsKey(kept)) {
                    merged.put(kept, parameters.get(kept));
                }
            }
            return parsedOrDefaults(definition, merged, locale);
        }
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

    private static ListQuery parsedOrDefaults(ListDefinition definition, Map<String, List<String>> saved,
            Locale locale) {
        try {
            return ListQuery.parse(definition, saved, locale);
        } catch (InvalidInputException outdated) {
            return ListQuery.parse(definition, Map.of(), locale);
        }
    }
}
