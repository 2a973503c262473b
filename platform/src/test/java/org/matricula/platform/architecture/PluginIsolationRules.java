package org.matricula.platform.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Run in every plugin module (plugins/pom.xml scans it from this test-jar), on that module's own
 * classes (not its tests): a plugin compiles against plugin-api only, never against a platform
 * class nor the test kit, which its tests alone may use. Named without "Test" so the platform's
 * own build leaves it out.
 */
class PluginIsolationRules {

    @Test
    void pluginUsesNoPlatformClass() {
        String classes = System.getProperty("matricula.plugin.classes");
        JavaClasses plugin = new ClassFileImporter().importPath(Path.of(classes));
        ArchitectureRules.independentOfThePlatform("org", "org.matricula.platform").check(plugin);
        ArchitectureRules.independentOfThePlatform("org", "org.matricula.testkit").check(plugin);
    }
}
