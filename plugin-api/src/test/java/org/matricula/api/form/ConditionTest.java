package org.matricula.api.form;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionTest {

    @Test
    void fieldInMatchesTrimmedValue() {
        Condition employee = Condition.fieldIn("category", "own_employee", "external_employee");
        assertTrue(employee.test(Map.of("category", " own_employee ")));
        assertFalse(employee.test(Map.of("category", "own_student")));
        assertFalse(employee.test(Map.of()));
    }

    @Test
    void checkedAndFilled() {
        assertTrue(Condition.checked("c").test(Map.of("c", "on")));
        assertTrue(Condition.checked("c").test(Map.of("c", "TRUE")));
        assertFalse(Condition.checked("c").test(Map.of("c", "false")));
        assertTrue(Condition.filled("f").test(Map.of("f", "x")));
        assertFalse(Condition.filled("f").test(Map.of("f", "   ")));
    }

    @Test
    void aFieldMappedToNullIsNotFilledIn() {
        Map<String, String> values = new java.util.HashMap<>();
        values.put("category", null);
        assertFalse(Condition.fieldIn("category", "own_employee").test(values));
        assertFalse(Condition.checked("category").test(values));
        assertFalse(Condition.filled("category").test(values));
        assertTrue(Condition.not(Condition.filled("category")).test(values));
    }

    @Test
    void combinationsNest() {
        Condition condition = Condition.allOf(Condition.fieldIn("a", "1"),
                Condition.anyOf(Condition.checked("b"), Condition.not(Condition.filled("c"))));
        assertTrue(condition.test(Map.of("a", "1", "c", "x", "b", "on")));
        assertTrue(condition.test(Map.of("a", "1")));
        assertFalse(condition.test(Map.of("a", "1", "c", "x")));
        assertFalse(condition.test(Map.of("a", "2", "b", "on")));
        assertEquals(Condition.Kind.ALL_OF, condition.kind());
        assertEquals(2, condition.operands().size());
        assertEquals(Condition.Kind.NOT, condition.operands().get(1).operands().get(1).kind());
    }
}
