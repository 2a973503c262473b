package org.matricula.platform.architecture.violations.http;

import org.matricula.platform.architecture.violations.catalog.CatalogService;

/** Kernel code that reaches into a feature. */
public final class KernelUsingAFeature {

    public String projectName() {
        return new CatalogService().name();
    }
}
