package org.matricula.platform.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The platform's structure rules (see docs/architecture.md), each checked on the platform's
 * main classes and shown to fail on the classes under {@code violations}, which break it.
 */
class ArchitectureTest {

    private static final String PLATFORM = "org.matricula.platform";
    private static final String API = "org.matricula.api";
    private static final String VIOLATIONS = "org.matricula.platform.architecture.violations";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(PLATFORM, API);
    private static final JavaClasses BROKEN = new ClassFileImporter().importPackages(VIOLATIONS);

    @Test
    void featuresDependOnEachOtherInOneDirection() {
        ArchitectureRules.noCycles(PLATFORM).check(MAIN);
        assertBroken(ArchitectureRules.noCycles(VIOLATIONS));
    }

    @Test
    void kernelImportsNoFeature() {
        ArchitectureRules.kernelImportsNoFeature(PLATFORM).check(MAIN);
        assertBroken(ArchitectureRules.kernelImportsNoFeature(VIOLATIONS));
    }

    @Test
    void jaxRsOnlyInResourcesProvidersAndTheHttpKernel() {
        ArchitectureRules.jaxRsOnlyAtTheEdge(PLATFORM).check(MAIN);
        assertBroken(ArchitectureRules.jaxRsOnlyAtTheEdge(VIOLATIONS));
    }

    @Test
    void pluginApiKnowsNothingOfThePlatform() {
        ArchitectureRules.independentOfThePlatform(API, PLATFORM).check(MAIN);
        assertBroken(ArchitectureRules.independentOfThePlatform(VIOLATIONS + ".api", VIOLATIONS + ".http"));
    }

    private static void assertBroken(ArchRule rule) {
        assertTrue(rule.evaluate(BROKEN).hasViolation(), () -> "not broken by the violations: " + rule.getDescription());
    }
}
