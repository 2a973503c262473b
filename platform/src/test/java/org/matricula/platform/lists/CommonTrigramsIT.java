package org.matricula.platform.lists;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.matricula.platform.i18n.Label;
import org.matricula.platform.testing.TestPostgres;

/** The common trigrams of a list's searched columns, read from PostgreSQL's sample of them. */
class CommonTrigramsIT {

    private static final ListDefinition PEOPLE = new ListDefinition("people", "people p", "", "p.id",
            List.of(ListColumn.of("name", Label.of("crm.person.fullName"), "p.name")), List.of("name"), "name", false,
            List.of(), List.of("p.name", "p.name || ' ' || p.note"));

    @Test
    void theSearchedColumnsOfTheTableGetTheTrigramsATenthOfTheirValuesShare() {
        Jdbi jdbi = Jdbi.create(TestPostgres.newDatabase(), "postgres", "");
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE people (id int PRIMARY KEY, name text NOT NULL, note text NOT NULL)");
            h.execute("""
                    INSERT INTO people SELECT g, 'Фамилия' || g || ' Имя' || (g % 1000), 'note'
                    FROM generate_series(1, 5000) g""");
        });
        CommonTrigrams trigrams = new CommonTrigrams();
        assertEquals(Map.of(), jdbi.withHandle(h -> trigrams.of(h, PEOPLE)), "no statistics yet: nothing known");

        jdbi.useHandle(h -> h.execute("ANALYZE people"));
        Map<String, Set<String>> known = jdbi.withHandle(h -> new CommonTrigrams().of(h, PEOPLE));
        assertEquals(Set.of("p.name"), known.keySet(), "only the table's own column");
        assertTrue(known.get("p.name").containsAll(Set.of("фам", "ами", "мил", "или", "лия", "имя")),
                known.toString());
        assertFalse(known.get("p.name").contains("424"), known.toString());
        // "ия4" too: a fifth of the numbers 1-5000 start with a 4
        assertEquals("я4242", CommonTrigrams.probe("Фамилия4242", known.get("p.name")));
    }
}
