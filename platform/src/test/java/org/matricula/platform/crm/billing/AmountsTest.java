package org.matricula.platform.crm.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class AmountsTest {

    @Test
    void readsAmountsAsPeopleTypeAndPasteThem() {
        assertEquals(new BigDecimal("1880.50"), Amounts.typed("1880,5"));
        assertEquals(new BigDecimal("1880.50"), Amounts.typed(" 1 880.50 "));
        // Russian number formatting groups digits with a narrow no-break space, older software with a no-break one.
        assertEquals(new BigDecimal("1880000.00"), Amounts.typed("1\u202f880\u202f000"));
        assertEquals(new BigDecimal("1880000.00"), Amounts.typed("1\u00a0880\u00a0000,00"));
        assertEquals(new BigDecimal("12.30"), Amounts.typed("12.300"));
        assertEquals(new BigDecimal("-5.00"), Amounts.typed("-5"));
        assertEquals(Amounts.MAX, Amounts.typed("999999999999.99"));
    }

    @Test
    void refusesWhatIsNoAmountOfRoublesAndKopecks() {
        assertNull(Amounts.typed(null));
        assertNull(Amounts.typed("  "));
        assertNull(Amounts.typed("12.345"));
        assertNull(Amounts.typed("1e-3"));
        assertNull(Amounts.typed("ten"));
        assertNull(Amounts.typed("1000000000000"));
        assertNull(Amounts.typed("-1000000000000"));
        assertNull(Amounts.typed("1e999999999"));
    }
}
