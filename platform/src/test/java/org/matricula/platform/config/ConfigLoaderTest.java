package org.matricula.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path home;

    @Test
    void defaultsApplyWithoutFile() {
        Configuration config = ConfigLoader.load(null, Map.of(), Map.of(), home);
        assertEquals(8080, config.get(Settings.HTTP_PORT));
        assertEquals("", config.get(Settings.DB_URL));
        assertEquals(home.resolve("plugins"), config.path(Settings.PLUGINS_DIR));
        assertEquals(Duration.ofSeconds(2), config.get(Settings.PLUGINS_SCAN_INTERVAL));
    }

    @Test
    void environmentOverridesFileAndArgumentsOverrideEnvironment() throws IOException {
        Path file = write("http.port=9000\nhttp.host=127.0.0.1\n");
        Configuration fromEnv = ConfigLoader.load(file, Map.of("MATRICULA_HTTP_PORT", "9100"), Map.of(), home);
        assertEquals(9100, fromEnv.get(Settings.HTTP_PORT));
        assertEquals("127.0.0.1", fromEnv.get(Settings.HTTP_HOST));

        Configuration fromArgs = ConfigLoader.load(file, Map.of("MATRICULA_HTTP_PORT", "9100"),
                Map.of("http.port", "9200"), home);
        assertEquals(9200, fromArgs.get(Settings.HTTP_PORT));
    }

    @Test
    void environmentVariableNamesFollowTheKey() {
        assertEquals("MATRICULA_HTTP_PORT", Setting.environmentName("http.port"));
        assertEquals("MATRICULA_PLUGINS_SCAN_INTERVAL", Setting.environmentName("plugins.scan-interval"));
    }

    @Test
    void unknownKeyIsNamed() throws IOException {
        Path file = write("http.prot=9000\n");
        ConfigException error = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(file, Map.of(), Map.of(), home));
        assertTrue(error.getMessage().contains("http.prot"), error.getMessage());
        assertTrue(error.getMessage().contains("http.port"), "lists the known keys: " + error.getMessage());
    }

    @Test
    void badValueNamesKeyAndWhatIsAllowed() {
        ConfigException port = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of(), Map.of("http.port", "eighty"), home));
        assertTrue(port.getMessage().contains("http.port") && port.getMessage().contains("0 to 65535"),
                port.getMessage());

        ConfigException outOfRange = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of("MATRICULA_HTTP_PORT", "70000"), Map.of(), home));
        assertTrue(outOfRange.getMessage().contains("70000"), outOfRange.getMessage());

        ConfigException url = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of(), Map.of("db.url", "mysql://x"), home));
        assertTrue(url.getMessage().contains("db.url"), url.getMessage());

        ConfigException duration = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of(), Map.of("plugins.scan-interval", "soon"), home));
        assertTrue(duration.getMessage().contains("plugins.scan-interval"), duration.getMessage());
    }

    @Test
    void shortAdminTokenIsRefused() {
        ConfigException error = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of(), Map.of("admin.token", "short"), home));
        assertTrue(error.getMessage().contains("admin.token"), error.getMessage());
    }

    @Test
    void pluginSectionsAreHandedOutWithoutPrefix() throws IOException {
        Path file = write("plugin.digital-chairs.webhook-url=http://hook\nplugin.mobility.coordinator-email=a@b.c\n");
        Configuration config = ConfigLoader.load(file,
                Map.of("MATRICULA_PLUGIN_DIGITAL_CHAIRS_WEBHOOK_URL", "http://other"), Map.of(), home);
        assertEquals(Map.of("webhook-url", "http://other"), config.pluginSection("digital-chairs"));
        assertEquals(Map.of("coordinator-email", "a@b.c"), config.pluginSection("mobility"));
        assertEquals(Map.of(), config.pluginSection("growup"));
    }

    @Test
    void missingFileIsReported() {
        ConfigException error = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(home.resolve("nope.properties"), Map.of(), Map.of(), home));
        assertTrue(error.getMessage().contains("nope.properties"));
    }

    @Test
    void commandLineSplitsKeyValuesFromOtherArguments() {
        List<String> rest = new java.util.ArrayList<>();
        Map<String, String> values = ConfigLoader.arguments(new String[] {"--http.port=1", "--help", "x"}, rest);
        assertEquals(Map.of("http.port", "1"), values);
        assertEquals(List.of("--help", "x"), rest);
    }

    @Test
    void shippedConfigurationFileIsValidAndDocumentsEveryKey() throws IOException {
        Path shipped = Path.of("../config/matricula.properties");
        Configuration config = ConfigLoader.load(shipped, Map.of(), Map.of(), home);
        assertEquals(8080, config.get(Settings.HTTP_PORT));
        String text = Files.readString(shipped);
        for (Setting<?> setting : Settings.ALL) {
            assertTrue(text.contains("\n" + setting.key() + "="), "config file documents " + setting.key());
        }
    }

    private Path write(String content) throws IOException {
        return Files.writeString(home.resolve("matricula.properties"), content);
    }
}
