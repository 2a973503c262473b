package org.matricula.api.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StatusChangedTest {

    private static final UUID EVENT = UUID.randomUUID();
    private static final UUID DECLARATION = UUID.randomUUID();
    private static final Instant AT = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    @SuppressWarnings("deprecation") // the 1.0 accessors are what is checked
    void typedStatusesAlsoReadAsTheNamesOf10() {
        StatusChanged event = new StatusChanged(EVENT, DECLARATION, "growup", "GU-1", "pm", "a@b.c",
                DeclarationStatus.ACCEPTED, DeclarationStatus.ENROLLED, "", AT);
        assertEquals("ACCEPTED", event.from());
        assertEquals("ENROLLED", event.to());
        assertEquals(new StatusChanged(EVENT, DECLARATION, "growup", "GU-1", "pm", "a@b.c", "ACCEPTED", "ENROLLED",
                "", AT), event, "both constructors make the same event");
    }

    @Test
    void namesOf10ReadAsTypedStatuses() {
        StatusChanged event = new StatusChanged(EVENT, DECLARATION, "growup", "GU-1", "pm", "a@b.c", "WAITLISTED",
                "SUBMITTED", "A place became free", AT);
        assertEquals(DeclarationStatus.WAITLISTED, event.fromStatus());
        assertEquals(DeclarationStatus.SUBMITTED, event.toStatus());
    }
}
