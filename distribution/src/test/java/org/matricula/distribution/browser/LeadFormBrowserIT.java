package org.matricula.distribution.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matricula.platform.crm.embed.LeadForms;
import org.matricula.platform.crm.leads.LeadSources;
import org.matricula.platform.testing.RunningPlatform;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An institute's website on another site (localhost against Matricula's 127.0.0.1) with the visit
 * beacon waiting for consent and the embedded lead form, in headless Chromium: nothing is tracked
 * before consent; after it, the visit with its UTM parameters and the lead sent from the frame
 * meet in one person.
 */
class LeadFormBrowserIT {

    static RunningPlatform server;
    static HttpServer site;
    static String sitePage;

    @BeforeAll
    static void start() throws Exception {
        server = RunningPlatform.start(Map.of());
        Jdbi jdbi = server.platform().database().jdbi();
        LeadSources.Created source = new LeadSources(jdbi).create("Institute site", null, java.util.Locale.ENGLISH);
        UUID form = new LeadForms(jdbi).create(source.source().id(), null, "en", null, java.util.Locale.ENGLISH)
                .publicId();
        String matricula = server.uri("").toString();
        String html = """
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Institute</title></head><body>
                <h1>Our courses</h1>
                <a id="to-matricula" href="%1$s/catalog">Apply online</a>
                <script src="%1$s/embed/beacon.js" data-consent="required"></script>
                <div id="lead"><script src="%1$s/embed/forms/%2$s.js" data-lang="en"></script></div>
                </body></html>""".formatted(matricula, form);
        site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/", exchange -> {
            byte[] body = html.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        site.start();
        sitePage = "http://localhost:" + site.getAddress().getPort() + "/courses.html";
    }

    @AfterAll
    static void stop() {
        if (site != null) {
            site.stop(0);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void consentThenVisitThenLeadFromTheFrameMeetInOnePerson() throws Exception {
        String email = "visitor." + System.nanoTime() + "@example.org";
        try (Browser browser = new Browser(server.uri("").toString())) {
            WebDriver driver = browser.driver();
            driver.get(sitePage + "?utm_source=newsletter&utm_medium=email");
            Thread.sleep(1500);
            assertEquals(0, visits(), "nothing is reported before the visitor consents");
            assertFalse(String.valueOf(((JavascriptExecutor) driver).executeScript("return document.cookie"))
                    .contains("matricula_vid"), "nor a visitor cookie set");

            ((JavascriptExecutor) driver).executeScript("matricula.consent()");
            waitFor(() -> visits() == 1, "the consented page view is reported");
            assertTrue(driver.findElement(By.id("to-matricula")).getAttribute("href").contains("mvid="),
                    "links to Matricula carry the visitor id");

            driver.get(sitePage + "?utm_source=newsletter&utm_medium=email");
            waitFor(() -> visits() == 2, "with consent given, later pages report by themselves");
            driver.switchTo().frame(driver.findElement(By.cssSelector("#lead iframe")));
            driver.findElement(By.name("lastName")).sendKeys("Petrova");
            driver.findElement(By.name("firstName")).sendKeys("Anna");
            driver.findElement(By.name("email")).sendKeys(email);
            driver.findElement(By.id("lead-consentProcessing")).click();
            driver.findElement(By.cssSelector("button[type=submit]")).click();
            // The frame's page is replaced by the answer while the wait reads it: a body found just
            // before that is gone when its text is asked for, and the next try finds the new one.
            new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
                    .until(ignored -> driver.findElement(By.tagName("body")).getText().contains("Thank you"));
        }
        server.awaitLeadsWritten();
        Jdbi jdbi = server.platform().database().jdbi();
        UUID person = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT person_id FROM person_contacts WHERE value = :email").bind("email", email)
                .mapTo(UUID.class).one());
        assertEquals("newsletter", jdbi.withHandle(handle -> handle.createQuery(
                "SELECT first_touch->'utm'->>'utm_source' FROM persons WHERE id = :id").bind("id", person)
                .mapTo(String.class).one()), "the page's UTM reached the lead through the frame");
        int linked = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM site_visits WHERE person_id = :id").bind("id", person).mapTo(Integer.class).one());
        assertEquals(2, linked, "both page views joined the person");
    }

    private static int visits() {
        return server.platform().database().jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM site_visits").mapTo(Integer.class).one());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(100);
        }
    }
}
