package org.matricula.platform.catalog;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.matricula.platform.testing.RecordEquality;

class ProjectTest {

    @Test
    void projectsCompareByEveryPart() {
        RecordEquality.assertComparedByEveryComponent(
                new Project(1, "digital-chairs", "Digital chairs", "Short courses", "digital-chairs", true,
                        "office@example.org", LocalDate.of(2027, 6, 30), Map.of("en", "Digital chairs"),
                        Map.of("en", "Short courses")),
                new Project(2, "mobility", "Mobility", "Semesters abroad", "mobility", false, null, null,
                        Map.of("ru", "Мобильность"), Map.of("ru", "Семестры")));
    }
}
