package org.matricula.platform.lists;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.matricula.api.LocalizedText;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.Problem.FieldProblem;

class ListQueryTest {

    private static final ListDefinition LIST = new ListDefinition("things", "things t", "", "t.id", List.of(
            ListColumn.of("name", LocalizedText.of("Имя", "Name")::in, "t.name"),
            ListColumn.timestamp("created", LocalizedText.of("Создано", "Created")::in, "t.created"),
            ListColumn.of("field.colour", LocalizedText.of("Цвет", "Colour")::in, "t.values ->> 'colour'")),
            List.of("name", "created"), "created", true, List.of(
                    ListFilter.of("group", LocalizedText.of("Группа", "Group")::in, ListFilter.Kind.NUMBER,
                            "t.group_id = :f_group"),
                    ListFilter.of("from", LocalizedText.of("С", "From")::in, ListFilter.Kind.DATE, "t.created >= :f_from"),
                    ListFilter.anyOf("state", LocalizedText.of("Состояние", "State")::in, "t.state = ANY(:f_state)",
                            List.of("NEW", "OLD"))),
            List.of("t.name"));

    @Test
    void withoutParametersTheDefinitionsDefaultsApply() {
        ListQuery query = parse(Map.of());
        assertEquals(List.of("name", "created"), keys(query.columns()));
        assertEquals("created", query.sort().key());
        assertTrue(query.descending());
        assertEquals(1, query.page());
        assertEquals(ListQuery.DEFAULT_SIZE, query.size());
        assertTrue(query.filters().isEmpty());
        assertEquals("", query.search());
        assertTrue(ListQuery.isBare(LIST, Map.of("lang", List.of("en"))));
        assertFalse(ListQuery.isBare(LIST, Map.of("q", List.of(""))));
    }

    @Test
    void readsColumnsSortPagingFiltersAndSearch() {
        ListQuery query = parse(Map.of("columns", List.of("field.colour,name", "name"), "sort", List.of("field.colour"),
                "dir", List.of("asc"), "page", List.of("3"), "size", List.of("200"), "group", List.of("7"),
                "from", List.of("2024-02-29"), "state", List.of("NEW", "OLD"), "q", List.of("  Иван ")));
        assertEquals(List.of("field.colour", "name"), keys(query.columns()));
        assertEquals("field.colour", query.sort().key());
        assertFalse(query.descending());
        assertEquals(400, query.offset());
        Map<String, Object> filters = query.filters().entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().parameter(), Map.Entry::getValue));
        assertEquals(7L, filters.get("group"));
        assertEquals(LocalDate.of(2024, 2, 29), filters.get("from"));
        assertArrayEquals(new String[] {"NEW", "OLD"}, (String[]) filters.get("state"));
        assertEquals("Иван", query.search());
        assertEquals(List.of("field.colour,name"), query.parameters().get("columns"));
    }

    @Test
    void blankFiltersAreIgnoredAndExportingAllDropsFilters() {
        ListQuery query = parse(Map.of("group", List.of(""), "from", List.of("2024-01-01"), "q", List.of("x"),
                "columns", List.of("name")));
        assertEquals(1, query.filters().size());
        ListQuery all = query.unfiltered();
        assertTrue(all.filters().isEmpty());
        assertEquals("", all.search());
        assertEquals(List.of("name"), keys(all.columns()));
        assertFalse(all.parameters().containsKey("from"));
    }

    @Test
    void everyBadParameterGetsItsOwnMessage() {
        InvalidInputException invalid = assertThrows(InvalidInputException.class, () -> parse(Map.of(
                "columns", List.of("name,password_hash"), "sort", List.of("1; DROP TABLE things"),
                "dir", List.of("sideways"), "page", List.of("first"), "size", List.of("many"), "group", List.of("seven"),
                "from", List.of("31.12.2024"), "state", List.of("NEW", "GONE"))));
        Map<String, String> messages = invalid.errors().stream()
                .collect(Collectors.toMap(FieldProblem::field, FieldProblem::message));
        assertEquals(List.of("columns", "sort", "dir", "page", "size", "group", "from", "state"),
                invalid.errors().stream().map(FieldProblem::field).toList());
        assertTrue(messages.get("columns").contains("password_hash"), messages.get("columns"));
        assertTrue(messages.get("sort").contains("1; DROP TABLE things"), messages.get("sort"));
        assertTrue(messages.get("size").contains("200"), messages.get("size"));
        assertTrue(messages.get("from").contains("YYYY-MM-DD"), messages.get("from"));
        assertTrue(messages.get("state").contains("GONE"), messages.get("state"));
    }

    @Test
    void pageAndSizeOutOfRangeAreBroughtIntoRangeRatherThanRefused() {
        ListQuery big = parse(Map.of("size", List.of("500"), "page", List.of("0")));
        assertEquals(ListQuery.MAX_SIZE, big.size());
        assertEquals(1, big.page());
        assertEquals(List.of(String.valueOf(ListQuery.MAX_SIZE)), big.parameters().get("size"),
                "links and saved views go on with the size used");
        assertEquals(1, parse(Map.of("size", List.of("-3"))).size());
    }

    @Test
    void likeWildcardsInTheSearchMatchLiterally() {
        assertEquals("50!% off!_now!! \\o/", ListSearch.escapeLike("50% off_now! \\o/"));
    }

    private static ListQuery parse(Map<String, List<String>> parameters) {
        return ListQuery.parse(LIST, parameters, Locale.ENGLISH);
    }

    private static List<String> keys(List<ListColumn> columns) {
        return columns.stream().map(ListColumn::key).toList();
    }
}
