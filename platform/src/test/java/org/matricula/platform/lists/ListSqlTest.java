package org.matricula.platform.lists;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Scope;
import org.matricula.platform.i18n.Label;
import org.matricula.api.LocalizedText;

/** The SQL a list query becomes: what lets indexes serve it, and what keeps the admin's text out of it. */
class ListSqlTest {

    private static final ListDefinition LIST = new ListDefinition("things", "things d",
            "JOIN groups g ON g.id = d.group_id", "d.id", List.of(
                    ListColumn.of("name", text("Name"), "d.name").notNull(),
                    ListColumn.timestamp("created", text("Created"), "d.created").notNull(),
                    ListColumn.of("group", text("Group"), "g.name").notNull(),
                    ListColumn.of("colour", text("Colour"), "d.values ->> 'colour'")),
            List.of("name", "created"), "created", true, List.of(
                    ListFilter.of("from", text("From"), ListFilter.Kind.DATE, "d.created >= :f_from"),
                    ListFilter.anyOf("state", text("State"), "d.state = ANY(:f_state)", List.of("NEW", "OLD"))),
            List.of("d.name", "d.email"));

    @Test
    void aColumnWithoutNullsIsOrderedPlainlyThenByIdAndOthersPutEmptyValuesLast() {
        assertEquals(" ORDER BY d.created DESC, d.id DESC", ListSql.orderBy(parse("sort=created&dir=desc")));
        assertEquals(" ORDER BY d.name ASC, d.id ASC", ListSql.orderBy(parse("sort=name")));
        assertEquals(" ORDER BY d.values ->> 'colour' DESC NULLS LAST, d.id DESC",
                ListSql.orderBy(parse("sort=colour&dir=desc")));
    }

    @Test
    void aPageOrderedByTheTablesOwnColumnFindsItsIdsOnTheTableAlone() {
        String byName = ListSql.select(parse("sort=name&columns=name,group&state=NEW"));
        assertTrue(byName.startsWith("SELECT d.id AS row_id, d.name AS c0, g.name AS c1 FROM things d JOIN groups g"
                + " ON g.id = d.group_id WHERE d.id IN (SELECT d.id FROM things d WHERE (d.state = ANY(:f_state))"
                + " ORDER BY d.name ASC, d.id ASC LIMIT :limit OFFSET :offset) ORDER BY"), byName);
        for (String joinedOrComputed : List.of("sort=group", "sort=colour")) {
            String select = ListSql.select(parse(joinedOrComputed));
            assertFalse(select.contains(" IN (SELECT"), select);
            assertTrue(select.endsWith(" LIMIT :limit OFFSET :offset"), select);
        }
    }

    @Test
    void aWordWithCommonTrigramsIsLookedUpByItsUncommonPartAndMatchedWhole() {
        ListQuery query = parse("q=Фамилия4242").withCommonTrigrams(
                Map.of("d.name", Set.of("фам", "ами", "мил", "или", "лия")));
        assertEquals(" WHERE ((d.name ILIKE :q0p0 ESCAPE '!' AND (d.name || '') ILIKE :q0 ESCAPE '!')"
                + " OR d.email ILIKE :q0 ESCAPE '!')", ListSql.where(query));
        Map<String, Object> bound = ListSql.parameters(query);
        assertEquals("%ия4242%", bound.get("q0p0"));
        assertEquals("%Фамилия4242%", bound.get("q0"));
        assertEquals(" WHERE (d.name ILIKE :q0 ESCAPE '!' OR d.email ILIKE :q0 ESCAPE '!')",
                ListSql.where(parse("q=Фамилия4242")), "unknown trigrams: the word itself");
    }

    @Test
    void theCountStopsAtItsLimitAndLeavesTheJoinsOut() {
        assertEquals("SELECT count(*) FROM (SELECT 1 FROM things d WHERE (d.created >= :f_from) LIMIT :count_limit)"
                + " counted", ListSql.count(parse("from=2025-01-01")));
    }

    @Test
    void eachSearchWordMustBeFoundInOneOfTheSearchedExpressions() {
        ListQuery query = parse("q=" + "  Ёлкина   50%  ");
        assertEquals(" WHERE (d.name ILIKE :q0 ESCAPE '!' OR d.email ILIKE :q0 ESCAPE '!')"
                + " AND (d.name ILIKE :q1 ESCAPE '!' OR d.email ILIKE :q1 ESCAPE '!')", ListSql.where(query));
        assertEquals(Map.of("q0", "%Ёлкина%", "q1", "%50!%%", "list_lang", "en"), ListSql.parameters(query));
        assertEquals(List.of("a", "b", "c", "d", "e f  g"), ListSearch.of(parse("q=a b c d e f  g")).words(),
                "past five words the rest is one piece");
    }

    @Test
    void aWordOfARulesShapeIsMatchedByThatRuleAndTheOthersAsBefore() {
        ListDefinition numbered = LIST.withSearchRules(
                ListSearchRule.prefix("\\d{4}-\\d*", "d.number LIKE :word ESCAPE '!'"),
                ListSearchRule.anywhere("@.+", "d.email ILIKE :word ESCAPE '!'"));
        ListQuery query = ListQuery.parse(numbered, Map.of("q", List.of("2026-004 Ёлкина @mail")), Locale.ENGLISH);
        assertEquals(" WHERE (d.number LIKE :q0 ESCAPE '!')"
                + " AND (d.name ILIKE :q1 ESCAPE '!' OR d.email ILIKE :q1 ESCAPE '!')"
                + " AND (d.email ILIKE :q2 ESCAPE '!')", ListSql.where(query));
        assertEquals(Map.of("q0", "2026-004%", "q1", "%Ёлкина%", "q2", "%@mail%", "list_lang", "en"),
                ListSql.parameters(query));
    }

    @Test
    void aWordWithOneAtInsideIsLookedUpInTheEmailByTheEndOfItsLocalPart() {
        ListDefinition withEmail = LIST.withSearchedEmail("d.email");
        ListQuery query = ListQuery.parse(withEmail, Map.of("q", List.of("Ivan_ov@mail @mail a@b@c")), Locale.ENGLISH);
        assertEquals(" WHERE (d.name ILIKE :q0 ESCAPE '!' OR (reverse(lower(split_part(d.email, '@', 1))) LIKE"
                + " lower(:q0_local) ESCAPE '!' AND d.email ILIKE :q0 ESCAPE '!'))"
                + " AND (d.name ILIKE :q1 ESCAPE '!' OR d.email ILIKE :q1 ESCAPE '!')"
                + " AND (d.name ILIKE :q2 ESCAPE '!' OR d.email ILIKE :q2 ESCAPE '!')", ListSql.where(query),
                "a word beginning with its @, or with two, is matched as any word");
        Map<String, Object> parameters = ListSql.parameters(query);
        assertEquals("vo!_navI%", parameters.get("q0_local"), "reversed, then its wildcards escaped");
        assertEquals("%Ivan!_ov@mail%", parameters.get("q0"));
        assertFalse(parameters.containsKey("q1_local") || parameters.containsKey("q2_local"), parameters.toString());
        assertEquals(" WHERE (d.name ILIKE :q0 ESCAPE '!' OR d.email ILIKE :q0 ESCAPE '!')",
                ListSql.where(parse("q=ivan@mail")), "a list without an e-mail expression matches as before");
    }

    @Test
    void aSearchsIdsAreFetchedOnTheTableAloneAndItsPageReadFromThem() {
        ListQuery query = parse("q=ivan&sort=name&columns=name,group");
        assertEquals("SELECT d.id FROM things d WHERE (d.name ILIKE :q0 ESCAPE '!' OR d.email ILIKE :q0 ESCAPE '!')"
                + " LIMIT :count_limit", ListSql.found(query));
        assertEquals("SELECT d.id AS row_id, d.name AS c0, g.name AS c1 FROM things d JOIN groups g ON g.id = d.group_id"
                + " WHERE d.id IN (SELECT d.id FROM things d WHERE d.id = ANY(:list_found) ORDER BY d.name ASC, d.id ASC"
                + " LIMIT :limit OFFSET :offset) ORDER BY d.name ASC, d.id ASC", ListSql.selectFound(query),
                "the search is not made again");
    }

    @Test
    void theExportReadsTheAdminsValuesFromSettingsNeverFromItsSqlText() {
        Scope project = new Scope(CurrentUser.Role.PROJECT_ADMIN, Set.of(7L), "");
        ListQuery query = parse("from=2025-01-01&state=NEW&state=OLD&q=x');--&columns=name,created")
                .scoped(project);
        String sql = ListCopy.select(query, ListSql.parameters(query), Locale.ENGLISH);
        assertEquals("SELECT d.name, to_char(d.created AT TIME ZONE 'Europe/Moscow', 'YYYY-MM-DD HH24:MI') FROM things d JOIN groups g ON g.id"
                + " = d.group_id WHERE (d.project_id = ANY(CAST(current_setting('matricula_list.scope_projects') AS"
                + " bigint[]))) AND (d.created >= CAST(current_setting('matricula_list.f_from') AS date))"
                + " AND (d.state = ANY(CAST(current_setting('matricula_list.f_state') AS text[])))"
                + " AND (d.name ILIKE CAST(current_setting('matricula_list.q0') AS text) ESCAPE '!'"
                + " OR d.email ILIKE CAST(current_setting('matricula_list.q0') AS text) ESCAPE '!')"
                + " ORDER BY d.created DESC, d.id DESC", sql);
    }

    private static ListQuery parse(String parameters) {
        Map<String, List<String>> raw = new LinkedHashMap<>();
        for (String pair : parameters.split("&")) {
            String[] nameValue = pair.split("=", 2);
            raw.computeIfAbsent(nameValue[0], name -> new ArrayList<>()).add(nameValue[1]);
        }
        return ListQuery.parse(LIST, raw, Locale.ENGLISH);
    }

    private static Label text(String english) {
        return locale -> english;
    }
}
