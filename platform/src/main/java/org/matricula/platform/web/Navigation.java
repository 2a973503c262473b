package org.matricula.platform.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.matricula.platform.i18n.Messages;

/**
 * The administration's menu: each feature adds the screens it serves, with the roles that may open
 * them, and a signed-in user sees exactly the entries of their role, in order, the current one
 * marked. A screen is one line where its feature registers its resources:
 * {@code views.navigation().add("audit", "admin.nav.audit", "/admin/audit", 82, Navigation.ADMINS)}.
 */
public final class Navigation {

    /**
     * One screen of the menu.
     *
     * @param id    short name, also the link's element id ({@code admin-<id>})
     * @param label the link's text in a language
     * @param path  where it leads; the entry is current on this path and below it
     * @param order position in the menu, smallest first
     * @param roles who may open it
     */
    public record Entry(String id, Function<Locale, String> label, String path, int order,
            Set<CurrentUser.Role> roles) {
    }

    /** An entry as one user sees it; {@code badge} is a number shown beside it, empty for none. */
    public record Link(String id, String label, String path, boolean active, String badge) {

        public Link(String id, String label, String path, boolean active) {
            this(id, label, path, active, "");
        }
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final Map<String, ToIntFunction<CurrentUser>> badges = new ConcurrentHashMap<>();
    private final List<Supplier<List<Entry>>> sources = new CopyOnWriteArrayList<>();

    /** Every staff role: platform admins, project admins and coordinators. */
    public static final Set<CurrentUser.Role> STAFF = Collections.unmodifiableSet(EnumSet.of(
            CurrentUser.Role.ADMIN, CurrentUser.Role.PROJECT_ADMIN, CurrentUser.Role.COORDINATOR));
    /** Platform admins and CRM managers: the CRM's screens. */
    public static final Set<CurrentUser.Role> CRM = Collections.unmodifiableSet(EnumSet.of(CurrentUser.Role.ADMIN,
            CurrentUser.Role.CRM_MANAGER));
    /** Platform admins only. */
    public static final Set<CurrentUser.Role> ADMINS = Collections.unmodifiableSet(EnumSet.of(CurrentUser.Role.ADMIN));

    /** Adds a screen that the given roles may open. */
    public Navigation add(String id, String key, String path, int order, Set<CurrentUser.Role> roles) {
        entries.add(new Entry(id, locale -> Messages.text(locale, key), path, order, Set.copyOf(roles)));
        return this;
    }

    /**
     * Adds screens that come and go while the server runs (the pages of installed plugins): the
     * source is asked on every rendering of the menu, so it must answer from memory.
     */
    public Navigation addSource(Supplier<List<Entry>> source) {
        sources.add(source);
        return this;
    }

    /**
     * Shows a number for each user beside an entry (e.g. their open tasks); 0 shows none. It is asked
     * on every rendering of the menu for a user who sees the entry, so it must be cheap (one indexed
     * count); one that fails shows none.
     */
    public Navigation badge(String id, ToIntFunction<CurrentUser> count) {
        badges.put(id, count);
        return this;
    }

    public List<Entry> entries() {
        return Stream.concat(entries.stream(), sources.stream().flatMap(source -> source.get().stream()))
                .sorted(Comparator.comparingInt(Entry::order)).toList();
    }

    /** The links this user may follow, the one leading to the current path (the longest match) marked. */
    public List<Link> links(CurrentUser user, String currentPath, Locale locale) {
        if (user == null) {
            return List.of();
        }
        List<Entry> visible = entries().stream().filter(entry -> entry.roles().contains(user.role())).toList();
        Entry current = null;
        for (Entry entry : visible) {
            if (currentPath != null && (currentPath.equals(entry.path()) || currentPath.startsWith(entry.path() + "/"))
                    && (current == null || entry.path().length() > current.path().length())) {
                current = entry;
            }
        }
        List<Link> links = new ArrayList<>();
        for (Entry entry : visible) {
            links.add(new Link(entry.id(), entry.label().apply(locale), entry.path(), entry == current,
                    badge(entry.id(), user)));
        }
        return links;
    }

    private String badge(String id, CurrentUser user) {
        ToIntFunction<CurrentUser> count = badges.get(id);
        if (count == null) {
            return "";
        }
        try {
            int value = count.applyAsInt(user);
            return value > 0 ? Integer.toString(value) : "";
        } catch (RuntimeException e) {
            return "";
        }
    }
}
