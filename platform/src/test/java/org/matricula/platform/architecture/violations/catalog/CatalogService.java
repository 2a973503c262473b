package org.matricula.platform.architecture.violations.catalog;

import jakarta.ws.rs.NotFoundException;
import org.matricula.platform.architecture.violations.registration.RegistrationService;

/** A public service that throws an HTTP exception, in a feature that reaches back to one that uses it. */
public final class CatalogService {

    public String name() {
        if (new RegistrationService().count() < 0) {
            throw new NotFoundException("No project");
        }
        return "project";
    }
}
