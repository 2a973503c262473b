package org.matricula.platform.architecture.violations.registration;

import org.matricula.platform.architecture.violations.catalog.CatalogService;

/** Uses the catalog, which uses it back. */
public final class RegistrationService {

    public int count() {
        return 0;
    }

    public String project() {
        return new CatalogService().name();
    }
}
