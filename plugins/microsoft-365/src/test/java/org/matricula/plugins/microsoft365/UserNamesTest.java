package org.matricula.plugins.microsoft365;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.matricula.api.actions.ActionPerson;

/** Logins from Cyrillic names by the passport rule, collision numbers, the person's mark, first passwords. */
class UserNamesTest {

    static ActionPerson person(String id, String last, String first) {
        return new ActionPerson(id, last, first, "", List.of(), List.of(), "ru");
    }

    @Test
    void cyrillicIsWrittenAsRussianPassportsWriteIt() {
        assertEquals("anna.petrova", UserNames.localPart(person("p1", "Петрова", "Анна")));
        assertEquals("iuliia.shchukina", UserNames.localPart(person("p2", "Щукина", "Юлия")));
        assertEquals("fedor.zhukov", UserNames.localPart(person("p3", "Жуков", "Фёдор")));
        assertEquals("andrei.khrushchev", UserNames.localPart(person("p4", "Хрущёв", "Андрей")));
        assertEquals("natalia.tsvetaeva", UserNames.localPart(person("p5", "Цветаева", "Наталья")));
        assertEquals("iakov.podieiachev", UserNames.localPart(person("p6", "Подъячев", "Яков")));
        assertEquals("ilia.chernyshevskii", UserNames.localPart(person("p7", "Чернышевский", "Илья")));
        assertEquals("eduard.shmidt", UserNames.localPart(person("p8", "Шмидт", "Эдуард")));
    }

    @Test
    void doubleNamesKeepADashAccentsAreDroppedAndOtherSignsGo() {
        assertEquals("anna-mariia.petrova-vodkina", UserNames.localPart(person("p1", "Петрова-Водкина", "Анна-Мария")));
        assertEquals("jose.muller", UserNames.localPart(person("p2", " Müller ", "José")));
        assertEquals("mary-ann.o-neil", UserNames.localPart(person("p3", "O'Neil", "Mary Ann")));
        assertEquals("petrova", UserNames.localPart(person("p4", "Петрова", "")));
        String nameless = UserNames.localPart(person("p5", "", "  "));
        assertTrue(nameless.matches("student\\.[0-9a-f]{6}"), nameless);
    }

    @Test
    void aCollisionGetsANumberAndLongNamesLeaveRoomForIt() {
        assertEquals("anna.petrova", UserNames.candidate("anna.petrova", 1));
        assertEquals("anna.petrova2", UserNames.candidate("anna.petrova", 2));
        String longName = UserNames.localPart(person("p1", "Константинопольская".repeat(3), "Александра"));
        assertTrue(longName.length() <= UserNames.MAX_LOCAL, longName);
        assertTrue(longName.startsWith("aleksandra.konstantinopolskaia"), longName);
    }

    @Test
    void theMarkIsSixteenHexDigitsStablePerPerson() {
        String mark = UserNames.employeeId("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
        assertTrue(mark.matches("[0-9a-f]{16}"), mark);
        assertEquals(mark, UserNames.employeeId("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"));
        assertNotEquals(mark, UserNames.employeeId("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f1"));
    }

    @Test
    void theFirstPasswordIsStrongAndTheSameForThePersonUnderOneKey() {
        Passwords passwords = new Passwords("key-1");
        for (int i = 0; i < 200; i++) {
            String password = passwords.initial("person-" + i);
            assertEquals(16, password.length());
            assertTrue(password.matches(".*[A-Z].*") && password.matches(".*[a-z].*")
                    && password.matches(".*[2-9].*") && password.matches(".*[!#$%*+\\-=?@].*"), password);
            assertTrue(password.matches("[^0O1lI]+"), password);
        }
        assertEquals(passwords.initial("person-1"), new Passwords("key-1").initial("person-1"));
        assertNotEquals(passwords.initial("person-1"), passwords.initial("person-2"));
        assertNotEquals(passwords.initial("person-1"), new Passwords("key-2").initial("person-1"));
    }
}
