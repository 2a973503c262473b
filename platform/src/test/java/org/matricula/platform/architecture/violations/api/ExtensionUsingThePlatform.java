package org.matricula.platform.architecture.violations.api;

import org.matricula.platform.architecture.violations.http.KernelUsingAFeature;

/** Plugin-facing code that depends on a platform class. */
public final class ExtensionUsingThePlatform {

    public String describe() {
        return new KernelUsingAFeature().projectName();
    }
}
