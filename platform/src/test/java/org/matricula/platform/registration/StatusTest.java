package org.matricula.platform.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.matricula.api.event.DeclarationStatus;

class StatusTest {

    @Test
    void pluginsSeeExactlyThePlatformsStatuses() {
        List<DeclarationStatus> seen = Arrays.stream(Status.values()).map(Status::forPlugins).toList();
        assertEquals(List.of(DeclarationStatus.values()), seen);
        for (Status status : Status.values()) {
            assertEquals(status.name(), status.forPlugins().name());
        }
    }
}
