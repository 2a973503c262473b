package org.matricula.distribution.browser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.matricula.platform.accounts.Accounts;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.Program;
import org.matricula.platform.catalog.ProgramInput;
import org.matricula.platform.catalog.Project;
import org.matricula.platform.catalog.ProjectInput;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.notify.Outbox;
import org.matricula.platform.testing.RunningPlatform;

/**
 * The registration service's main flows in headless Chromium, with the bundled Digital Chairs
 * plugin: an applicant signs up and declares, an admin finds, exports and accepts the
 * declaration, and the applicant's office shows it.
 */
class RegistrationBrowserIT {

    static final Path BUNDLE = Path.of(System.getProperty("matricula.bundle", "target/matricula"));
    static final String ADMIN = "dean@example.org";
    static final String ADMIN_PASSWORD = "dean-password-2026";

    static RunningPlatform server;
    static String base;

    @BeforeAll
    static void start() throws InterruptedException {
        server = RunningPlatform.start(Map.of("plugins.dir", BUNDLE.resolve("plugins").toAbsolutePath().toString()));
        base = server.uri("").toString();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (server.get("/api/families/digital-chairs").statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Jdbi jdbi = server.platform().database().jdbi();
        Catalog catalog = new Catalog(jdbi, id -> true);
        Project project = catalog.createProject(new ProjectInput("digital-chairs", "Цифровые кафедры",
                "Переподготовка в области ИТ", "digital-chairs", true, "", ""));
        Program python = catalog.createProgram(new ProgramInput("python", "Разработчик Python-приложений", "", true,
                "20", false));
        catalog.link(project.id(), python.id());
        // the program requires the public offer accepted: the form asks for it (crm.deals)
        jdbi.useHandle(handle -> handle.execute(
                "INSERT INTO deal_program_settings (program_id, requires_offer) VALUES (?, true)", python.id()));
        new Accounts(jdbi, new Outbox(jdbi, JsonMapper.create()), base, Clock.systemUTC())
                .ensureAdmin(ADMIN, ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void applicantDeclaresAdminAcceptsApplicantSeesIt() throws Exception {
        String email = "anna.smirnova." + System.nanoTime() + "@example.org";
        try (Browser applicant = new Browser(base)) {
            signUp(applicant, email);
            declare(applicant);
        }
        try (Browser admin = new Browser(base)) {
            logIn(admin, ADMIN, ADMIN_PASSWORD);
            findExportAndAccept(admin);
        }
        try (Browser applicant = new Browser(base)) {
            logIn(applicant, email, "anna-password-2026");
            applicant.open("/office");
            applicant.screenshot("office");
            assertTrue(applicant.text().contains("Принято"), applicant.text());
        }
    }

    private void signUp(Browser browser, String email) throws InterruptedException {
        browser.open("/signup?lang=ru");
        browser.screenshot("signup");
        browser.type("displayName", "Анна Смирнова");
        browser.type("email", email);
        browser.type("password", "anna-password-2026");
        browser.click("submit");
        assertTrue(browser.path().startsWith("/office"), browser.path());
        // An applicant confirms the address before declaring: the link of the mail just sent.
        assertTrue(browser.has("unverified"), "the office asks to confirm the address");
        browser.driver().get(verificationLink(email));
        browser.open("/office");
        assertFalse(browser.has("unverified"), browser.text());
    }

    private static String verificationLink(String email) throws InterruptedException {
        Jdbi jdbi = server.platform().database().jdbi();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            java.util.Optional<String> body = jdbi.withHandle(handle -> handle.createQuery(
                    "SELECT body FROM mail_log WHERE recipient = :to AND body LIKE '%/verify?token=%'")
                    .bind("to", email).mapTo(String.class).findFirst());
            if (body.isPresent()) {
                String text = body.get();
                int end = text.indexOf("/verify?token=");
                while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
                // This server listens on a port picked at start, which mailed links cannot know.
                return base + text.substring(text.indexOf("/verify?token="), end);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no verification mail to " + email);
    }

    private void declare(Browser browser) throws Exception {
        browser.open("/catalog");
        browser.screenshot("catalog");
        browser.click("apply-python");
        assertTrue(browser.path().startsWith("/apply/digital-chairs"), browser.path());
        browser.choose("category", "own_student");
        browser.type("lastName", "Смирнова");
        browser.type("firstName", "Анна");
        browser.type("snils", "112-233-445 96");
        browser.click("submit");

        browser.find("form-errors");
        assertTrue(browser.has("error-snils"), "checksum error beside the SNILS field");
        assertTrue(browser.has("error-university"), "student block required for a student");
        assertFalse(browser.has("error-organization"), "employment block hidden for a student");
        assertEquals("Смирнова", browser.find("in-lastName").getAttribute("value"), "typed values kept");
        assertTrue(browser.has("error-acceptOffer"), "the offer is to be accepted on the form");
        assertTrue(browser.has("offer-links"), "and is linked to be read first");
        browser.screenshot("declaration-errors");

        browser.date("birthDate", "2003-04-05");
        browser.choose("sex", "female");
        browser.type("phone", "+7 912 345-67-89");
        browser.type("university", "Уральский федеральный университет");
        browser.type("institute", "ИРИТ-РТФ");
        browser.type("studyGroup", "РИ-210001");
        browser.type("studentId", "09876543");
        browser.type("yearOfStudy", "3");
        browser.type("passportSeries", "6512");
        browser.type("passportNumber", "345678");
        browser.type("passportIssuedBy", "ГУ МВД России по Свердловской области");
        browser.date("passportIssuedOn", "2023-05-10");
        browser.type("snils", "112-233-445 95");
        browser.choose("itExperience", "under1");
        browser.check("personalDataConsent");
        browser.check("acceptOffer");
        browser.click("submit");

        browser.find("number");
        assertTrue(browser.has("submitted"), browser.text());
        String number = browser.find("number").getText();
        assertEquals(1L, (long) server.platform().database().jdbi().withHandle(handle -> handle.createQuery("""
                SELECT count(*) FROM offer_acceptances a JOIN declarations d ON d.id = a.declaration_id
                WHERE d.number = :number""").bind("number", number).mapTo(Long.class).one()),
                "the offer's acceptance is kept with the declaration");
        browser.screenshot("declaration-submitted");
        browser.click("download-pdf");
        Path pdf = browser.download(".pdf");
        assertArrayEquals("%PDF".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(Files.readAllBytes(pdf), 4));
        assertTrue(pdf.getFileName().toString().contains(number), pdf.toString());
    }

    private void logIn(Browser browser, String email, String password) {
        browser.open("/login?lang=ru");
        browser.type("email", email);
        browser.type("password", password);
        browser.click("submit");
        assertTrue(browser.leaves("/login"), () -> "still on the log-in page: " + browser.text());
    }

    private void findExportAndAccept(Browser browser) throws Exception {
        browser.open("/admin/declarations");
        browser.type("q", "Смирнова");
        // The column chooser is folded away; its filter box narrows the columns to those named so.
        browser.all("#column-choice > summary").get(0).click();
        browser.find("column-filter").sendKeys("снилс");
        List<String> shown = browser.all("#column-choice .column-option").stream().filter(WebElement::isDisplayed)
                .map(WebElement::getText).toList();
        assertFalse(shown.isEmpty(), "the SNILS column is found");
        assertTrue(shown.stream().allMatch(label -> label.toLowerCase().contains("снилс")), "only matching columns: " + shown);
        browser.screenshot("admin-registrations-columns");
        browser.all("input[name=columns][value='field.snils']").forEach(box -> {
            if (!box.isSelected()) {
                box.click();
            }
        });
        browser.click("apply");
        String table = browser.textShowing("registrations", "112-233-445 95");
        assertTrue(table.contains("Смирнова Анна"), table);
        assertTrue(table.contains("112-233-445 95"), "the chosen form-field column shows");
        browser.screenshot("admin-registrations");

        browser.click("export-csv");
        Path csv = browser.download(".csv");
        byte[] bytes = Files.readAllBytes(csv);
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(bytes, 3), "UTF-8 BOM");
        assertTrue(new String(bytes, StandardCharsets.UTF_8).contains("Смирнова Анна"));

        browser.all("#registrations a[href^='/admin/declarations/']").get(0).click();
        browser.choose("status", "ACCEPTED");
        browser.type("comment", "Документы в порядке");
        browser.screenshot("admin-declaration");
        browser.click("change-status-submit");
        // The page updates in place (htmx), or reloads without script: wait for the new status either way.
        assertTrue(browser.find("flash").isDisplayed(), browser.text());
        assertTrue(browser.find("status").getText().contains("Принято"), browser.text());
    }
}
