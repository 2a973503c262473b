package org.matricula.platform.testing;

import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One running platform for a whole test class, started before its {@code @BeforeAll} methods and
 * stopped after its {@code @AfterAll} methods:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final PlatformExtension server = PlatformExtension.start(Map.of("mail.smtp.host", "127.0.0.1"));
 * </pre>
 *
 * It is a {@link RunningPlatform}, so tests and helpers use it as one.
 */
public final class PlatformExtension extends RunningPlatform implements BeforeAllCallback, AfterAllCallback {

    private PlatformExtension(Map<String, String> overrides) {
        super(overrides);
    }

    /** A platform with these settings over the test defaults, started for the class that registers it. */
    public static PlatformExtension start(Map<String, String> overrides) {
        return new PlatformExtension(overrides);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        open();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }
}
