package org.matricula.platform.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An installation's own bundles in its i18n/ folder, over the platform's. */
class InstallationBundlesTest {

    @TempDir
    Path folder;

    @Test
    void aFileAddsItsLanguageAndRewordsTheTextsItHoldsOfAnother() throws IOException {
        write("messages_kk.properties", "accounts.logIn=Кіру\n");
        write("messages_en.properties", "accounts.logIn=Sign in\n");
        Files.writeString(folder.resolve("README.txt"), "not a bundle");

        List<Path> files = Messages.bundleFiles(folder);
        Map<String, Properties> bundles = Messages.overlaid(Map.of("ru", bundle("accounts.logIn", "Войти"),
                "en", bundle("accounts.logIn", "Log in", "accounts.logOut", "Log out")), files);

        assertEquals(2, files.size(), files.toString());
        assertEquals("Кіру", bundles.get("kk").getProperty("accounts.logIn"));
        assertEquals("Sign in", bundles.get("en").getProperty("accounts.logIn"));
        assertEquals("Log out", bundles.get("en").getProperty("accounts.logOut"), "the texts it does not hold stay");
        assertEquals("Войти", bundles.get("ru").getProperty("accounts.logIn"));
    }

    @Test
    void noFolderAddsNothing() throws IOException {
        assertEquals(List.of(), Messages.addFolder(folder.resolve("absent")));
    }

    @Test
    void aFileNamedAfterNoLanguageIsRefusedByItsName() throws IOException {
        write("messages_kz.properties", "accounts.logIn=Кіру\n");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Messages.overlaid(Map.of(), Messages.bundleFiles(folder)));
        assertTrue(refused.getMessage().contains("messages_kz.properties"), refused.getMessage());
    }

    @Test
    void aFileInAnotherEncodingThanUtf8IsRefused() throws IOException {
        Files.write(folder.resolve("messages_de.properties"), "accounts.logIn=Anmeldung f\u00fcr\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Messages.overlaid(Map.of(), Messages.bundleFiles(folder)));
        assertTrue(refused.getMessage().contains("UTF-8"), refused.getMessage());
    }

    @Test
    void aTextThatIsNoPatternIsRefusedWithItsKey() throws IOException {
        write("messages_de.properties", "accounts.tooManyAttempts=Versuchen Sie es in {0 Minuten\n");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Messages.overlaid(Map.of(), Messages.bundleFiles(folder)));
        assertTrue(refused.getMessage().contains("accounts.tooManyAttempts"), refused.getMessage());
    }

    @Test
    void aTextFormattingAnArgumentOtherwiseThanEnglishIsRefusedWithItsKey() throws IOException {
        Map<String, Properties> shipped = Map.of("en", bundle("crm.seats", "{0} has {1,number,integer} seats"));
        write("messages_kk.properties", "crm.seats={0} \u043e\u0440\u044b\u043d {1}\n");
        assertEquals("{0} \u043e\u0440\u044b\u043d {1}", Messages.overlaid(shipped, Messages.bundleFiles(folder))
                .get("kk").getProperty("crm.seats"), "an argument shown plainly is always safe");

        write("messages_kk.properties", "crm.seats={0,number} \u043e\u0440\u044b\u043d {1}\n");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Messages.overlaid(shipped, Messages.bundleFiles(folder)));
        assertTrue(refused.getMessage().contains("crm.seats") && refused.getMessage().contains("{0}"),
                refused.getMessage());
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(folder.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static Properties bundle(String... keysAndTexts) {
        Properties bundle = new Properties();
        for (int i = 0; i < keysAndTexts.length; i += 2) {
            bundle.setProperty(keysAndTexts[i], keysAndTexts[i + 1]);
        }
        return bundle;
    }
}
