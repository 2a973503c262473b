package org.matricula.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NavigationTest {

    private final Navigation navigation = new Navigation()
            .add("mail", "admin.nav.mail", "/admin/mail", 70, Navigation.ADMINS)
            .add("dashboard", "admin.nav.dashboard", "/admin", 10, Navigation.STAFF)
            .add("declarations", "admin.nav.declarations", "/admin/declarations", 20, Navigation.STAFF);

    private static CurrentUser user(CurrentUser.Role role) {
        return new CurrentUser(UUID.randomUUID(), "x@example.org", "X", role, "s", "c", true);
    }

    @Test
    void eachRoleSeesOnlyTheScreensItMayOpenInOrder() {
        assertEquals(List.of("dashboard", "declarations", "mail"), ids(user(CurrentUser.Role.ADMIN), "/admin"));
        assertEquals(List.of("dashboard", "declarations"), ids(user(CurrentUser.Role.PROJECT_ADMIN), "/admin"));
        assertEquals(List.of("dashboard", "declarations"), ids(user(CurrentUser.Role.COORDINATOR), "/admin"));
        assertEquals(List.of(), ids(user(CurrentUser.Role.APPLICANT), "/admin"));
        assertEquals(List.of(), ids(null, "/admin"));
    }

    @Test
    void theLongestMatchingEntryIsTheCurrentOne() {
        List<Navigation.Link> links = navigation.links(user(CurrentUser.Role.ADMIN), "/admin/declarations/123",
                Locale.ENGLISH);
        assertEquals(List.of(false, true, false), links.stream().map(Navigation.Link::active).toList());
        assertEquals("Registrations", links.get(1).label());
        assertEquals(List.of(true, false, false), navigation.links(user(CurrentUser.Role.ADMIN), "/admin",
                Locale.ENGLISH).stream().map(Navigation.Link::active).toList());
        assertEquals(List.of(true, false, false), navigation.links(user(CurrentUser.Role.ADMIN), "/admin/mailbox",
                Locale.ENGLISH).stream().map(Navigation.Link::active).toList(), "/admin/mail is no prefix of /admin/mailbox");
    }

    @Test
    void aBadgeShowsEachUsersCountAndNothingForNoneOrAFailure() {
        CurrentUser busy = user(CurrentUser.Role.ADMIN);
        navigation.badge("declarations", user -> user.id().equals(busy.id()) ? 3 : 0)
                .badge("mail", user -> {
                    throw new IllegalStateException("unreachable");
                });
        assertEquals(List.of("", "3", ""), navigation.links(busy, "/admin", Locale.ENGLISH).stream()
                .map(Navigation.Link::badge).toList());
        assertEquals(List.of("", "", ""), navigation.links(user(CurrentUser.Role.ADMIN), "/admin", Locale.ENGLISH)
                .stream().map(Navigation.Link::badge).toList());
    }

    private List<String> ids(CurrentUser user, String path) {
        return navigation.links(user, path, Locale.ENGLISH).stream().map(Navigation.Link::id).toList();
    }
}
