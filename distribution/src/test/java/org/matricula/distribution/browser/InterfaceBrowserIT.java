package org.matricula.distribution.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matricula.platform.accounts.Accounts;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.Program;
import org.matricula.platform.catalog.ProgramInput;
import org.matricula.platform.catalog.Project;
import org.matricula.platform.catalog.ProjectInput;
import org.matricula.platform.crm.leads.LeadSources;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.notify.Outbox;
import org.matricula.platform.testing.RunningPlatform;
import org.matricula.platform.testing.TestSessions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The interface as people meet it, in headless Chromium: the administration reached through its
 * menu only, accessibility checked by axe-core, every main page photographed at 1280 and 375 px
 * without sideways scrolling, and one test for each interface defect fixed, which would have caught it.
 */
class InterfaceBrowserIT {

    static final Path BUNDLE = RegistrationBrowserIT.BUNDLE;
    static final String ADMIN = "registrar@example.org";
    static final String ADMIN_PASSWORD = "registrar-password-2026";

    /**
     * Every screen of the administration a platform admin must find in the menu, by its id
     * ({@code admin-<id>}). A new admin screen is one more line here.
     */
    static final List<String> ADMIN_SCREENS = List.of(
            "dashboard",
            "tasks",
            "declarations",
            "projects",
            "programs",
            "persons",
            "organizations",
            "duplicates",
            "imports",
            "lead-sources",
            "lead-forms",
            "pre-applications",
            "stuck",
            "learning",
            "mastery",
            "segments",
            "campaigns",
            "scenarios",
            "billing",
            "balances",
            "arrears",
            "deals",
            "analytics",
            "marketing-spend",
            "funnel-stages",
            "users",
            "audit",
            "mail",
            "outbox",
            "plugins",
            "webhooks",
            "api");

    /** The screens a project admin may open; any other link would answer 403. */
    static final List<String> PROJECT_ADMIN_SCREENS = List.of("dashboard", "declarations", "persons", "pre-applications");

    static RunningPlatform server;
    static String base;
    static int port;
    static Project project;
    static Project closedProject;
    static TestSessions.Session admin;
    static TestSessions.Session applicant;
    static TestSessions.Session coordinator;
    static String applicantDeclaration;

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        // No http.base-url: mailed links must follow the port the server listens on.
        server = RunningPlatform.start(Map.of("plugins.dir", BUNDLE.resolve("plugins").toAbsolutePath().toString(),
                "http.port", String.valueOf(port)));
        base = server.uri("").toString();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (server.get("/api/families/digital-chairs").statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Jdbi jdbi = server.platform().database().jdbi();
        Catalog catalog = new Catalog(jdbi, id -> true);
        project = catalog.createProject(new ProjectInput("chairs-ui", "Цифровые кафедры", "Переподготовка в области ИТ",
                "digital-chairs", true, "", ""));
        Program python = catalog.createProgram(new ProgramInput("python-ui", "Разработчик Python-приложений", "", true,
                "20", false));
        Program design = catalog.createProgram(new ProgramInput("design-ui", "Дизайн интерфейсов", "", true, "1", true));
        catalog.link(project.id(), python.id());
        catalog.link(project.id(), design.id());
        closedProject = catalog.createProject(new ProjectInput("closed-ui", "Закрытый набор", "", "digital-chairs", true,
                "", LocalDate.now().minusDays(3).toString()));
        catalog.link(closedProject.id(), python.id());
        new Accounts(jdbi, new Outbox(jdbi, JsonMapper.create()), base, Clock.systemUTC()).ensureAdmin(ADMIN,
                ADMIN_PASSWORD);
        admin = TestSessions.admin(server);
        applicant = TestSessions.applicant(server);
        coordinator = TestSessions.open(server, "COORDINATOR");
        applicantDeclaration = declare(applicant, "python-ui");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ---- point 1 and 7: the administration through its menu only ----

    @Test
    void aPlatformAdminReachesEveryScreenThroughTheMenuOnly() {
        try (Browser browser = new Browser(base)) {
            logIn(browser, ADMIN, ADMIN_PASSWORD);
            browser.open("/");
            browser.click("nav-admin");
            List<String> seen = menu(browser);
            assertEquals(ADMIN_SCREENS, seen, "the menu lists every admin screen, in order");
            for (String screen : ADMIN_SCREENS) {
                WebElement link = browser.find("admin-" + screen);
                String target = URI.create(link.getAttribute("href")).getPath();
                link.click();
                new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(ignored -> browser.path().startsWith(target));
                assertFalse(browser.text().contains("403") && browser.has("error-home"), screen + " answers an error");
                assertFalse(browser.has("error-home"), screen + ": " + browser.text());
                if (!screen.equals("api")) {
                    assertEquals("page", browser.find("admin-" + screen).getAttribute("aria-current"),
                            screen + " is marked as the current place");
                    assertEquals(1, browser.all("#admin-nav a[aria-current=page]").size());
                } else {
                    browser.find("swagger-ui");
                    new WebDriverWait(browser.driver(), Duration.ofSeconds(20))
                            .until(ignored -> !browser.all("#swagger-ui .opblock").isEmpty());
                    browser.open("/admin");
                }
            }
        }
    }

    @Test
    void aProjectAdminSeesOnlyTheScreensTheyMayOpen() throws Exception {
        TestSessions.Session projectAdmin = TestSessions.open(server, "PROJECT_ADMIN");
        try (Browser browser = new Browser(base)) {
            browser.signedIn(projectAdmin.id());
            browser.open("/admin");
            assertEquals(PROJECT_ADMIN_SCREENS, menu(browser));
            for (WebElement link : browser.all("#admin-nav a")) {
                String path = URI.create(link.getAttribute("href")).getPath();
                assertEquals(200, server.send(projectAdmin.request(path)).statusCode(), path + " opens for them");
            }
            assertFalse(browser.has("admin-projects"));
        }
    }

    // ---- point 7: accessibility, screenshots at 1280 and 375 px, no sideways scrolling ----

    /** The pages checked by axe-core and photographed; a new page is one more line. */
    private static List<Shot> shots() {
        return List.of(
                new Shot("catalog", "/catalog", null),
                new Shot("form", "/apply/chairs-ui?program=design-ui", applicant),
                new Shot("office", "/office", applicant),
                new Shot("office-declaration", "/office/declarations/" + applicantDeclaration, applicant),
                new Shot("profile", "/office/profile", applicant),
                new Shot("login", "/login", null),
                new Shot("signup", "/signup", null),
                new Shot("dashboard", "/admin", admin),
                new Shot("registrations", "/admin/declarations", admin),
                new Shot("declaration", "/admin/declarations/" + applicantDeclaration, admin),
                new Shot("projects", "/admin/projects", admin),
                new Shot("users", "/admin/users", admin),
                new Shot("mail", "/admin/mail", admin),
                new Shot("outbox", "/admin/outbox", admin),
                new Shot("plugins", "/admin/plugins", admin),
                new Shot("tasks", "/admin/tasks", admin),
                new Shot("persons", "/admin/persons", admin),
                new Shot("organizations", "/admin/organizations", admin),
                new Shot("coordinator", "/admin/coordinator", coordinator),
                new Shot("pre-applications", "/admin/pre-applications", admin),
                new Shot("lead-sources", "/admin/crm/lead-sources", admin),
                new Shot("failed-leads", "/admin/crm/lead-sources/failed", admin),
                new Shot("lead-forms", "/admin/crm/lead-forms", admin),
                new Shot("imports", "/admin/crm/imports", admin),
                new Shot("learning", "/admin/learning", admin),
                new Shot("funnel-stages", "/admin/crm/funnel-stages", admin),
                new Shot("mastery", "/admin/crm/mastery", admin),
                new Shot("billing", "/admin/billing", admin),
                new Shot("arrears", "/admin/arrears", admin),
                new Shot("deals", "/admin/deals", admin),
                new Shot("deals-list", "/admin/deals/list", admin),
                new Shot("balances", "/admin/billing/balances", admin),
                new Shot("analytics", "/admin/analytics", admin),
                new Shot("marketing-spend", "/admin/analytics/spend", admin),
                new Shot("segment-new", "/admin/segments/new", admin),
                new Shot("campaigns", "/admin/campaigns", admin),
                new Shot("campaign-new", "/admin/campaigns/new", admin),
                new Shot("webhooks", "/admin/webhooks", admin),
                new Shot("webhook-new", "/admin/webhooks/new", admin),
                new Shot("stuck", "/admin/stuck", admin),
                new Shot("stuck-rules", "/admin/stuck/rules", admin),
                new Shot("scenarios", "/admin/scenarios", admin),
                new Shot("scenario-new", "/admin/scenarios/new", admin));
    }

    record Shot(String name, String path, TestSessions.Session session) {
    }

    @Test
    void mainPagesHaveNoSeriousAccessibilityViolations() {
        Map<String, List<String>> found = new LinkedHashMap<>();
        try (Browser browser = new Browser(base)) {
            for (Shot shot : shots()) {
                browser.visitAs(shot.session() == null ? null : shot.session().id());
                browser.open(shot.path() + (shot.path().contains("?") ? "&" : "?") + "lang=ru");
                List<String> violations = browser.seriousViolations();
                if (!violations.isEmpty()) {
                    found.put(shot.name(), violations);
                }
            }
        }
        assertEquals(Map.of(), found, "serious or critical axe-core violations");
    }

    @Test
    void mainPagesAtDesktopAndPhoneWidthWithoutSidewaysScrolling() throws IOException {
        Map<String, Long> overflowing = new LinkedHashMap<>();
        try (Browser browser = new Browser(base)) {
            for (Shot shot : shots()) {
                browser.visitAs(shot.session() == null ? null : shot.session().id());
                browser.open(shot.path());
                browser.width(1280);
                browser.screenshot("ui-" + shot.name() + "-1280");
                browser.width(375);
                assertEquals(375L, browser.script("return window.innerWidth;"), () -> shot.name()
                        + ": the page widened the phone's viewport; elements past 375 px: " + browser.script("""
                        return [...document.querySelectorAll('body *')]
                            .filter(e => e.getBoundingClientRect().right > 375.5)
                            .slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className
                                + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ');"""));
                browser.screenshot("ui-" + shot.name() + "-375");
                long overflow = browser.horizontalOverflow();
                if (overflow > 0) {
                    overflowing.put(shot.name(), overflow);
                }
            }
        }
        assertEquals(Map.of(), overflowing, "pages wider than a 375 px phone, by pixels");
        try (var files = Files.list(Path.of(System.getProperty("matricula.screenshots", "target/screenshots")))) {
            assertTrue(files.filter(file -> file.getFileName().toString().startsWith("ui-")).count() >= 2L * shots().size());
        }
    }

    // ---- one test per defect ----

    /** form.js bound to the first form of the page, the header's log-out form: sections never appeared live. */
    @Test
    void theFormShowsTheSectionsOfTheChosenCategoryWhileTheApplicantFillsItIn() {
        try (Browser browser = new Browser(base)) {
            browser.signedIn(applicant.id());
            browser.open("/apply/chairs-ui?program=design-ui");
            assertTrue(browser.has("logout"), "signed in: the header holds the log-out form");
            WebElement student = browser.find("section-student");
            assertFalse(student.isDisplayed(), "no student block before a category is chosen");
            browser.choose("category", "own_student");
            assertTrue(student.isDisplayed(), "the student block appears as soon as the category is chosen");
            browser.choose("category", "own_employee");
            assertFalse(student.isDisplayed());
        }
    }

    /** Without script the same sections show after a submit, with an error summary that leads to each field. */
    @Test
    void withoutScriptASubmitShowsTheSectionsAndASummaryLinkingToEachField() {
        try (Browser browser = new Browser(base)) {
            browser.driver().executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", true));
            browser.signedIn(applicant.id());
            browser.open("/apply/chairs-ui?program=design-ui&lang=ru");
            browser.choose("category", "own_student");
            browser.click("submit");
            WebElement summary = browser.find("error-summary");
            assertTrue(browser.find("section-student").isDisplayed(), "the student block after the submit");
            List<WebElement> links = summary.findElements(By.cssSelector("a[href^='#in-']"));
            assertFalse(links.isEmpty());
            for (WebElement link : links) {
                String id = link.getAttribute("href").substring(link.getAttribute("href").indexOf('#') + 1);
                WebElement field = browser.find(id);
                if (!field.getTagName().equals("fieldset")) {
                    assertEquals("true", field.getAttribute("aria-invalid"), id);
                    assertTrue(field.getAttribute("aria-describedby").contains("error-"), id);
                }
            }
            assertTrue(browser.has("error-university"), "the student block's fields are asked for");
        }
        try (Browser browser = new Browser(base)) {
            browser.signedIn(applicant.id());
            browser.open("/apply/chairs-ui?program=design-ui&lang=ru");
            browser.click("submit");
            assertTrue(browser.focusComesTo("error-summary"), "focus moves to the summary");
            browser.find("error-summary").findElement(By.cssSelector("a[href='#in-lastName']")).click();
            assertTrue(browser.focusComesTo("in-lastName"), "a summary link moves focus to its field");
        }
    }

    /** Mailed links used http://localhost:8080 whatever port the server listened on. */
    @Test
    void theLinkInTheSignUpMailOpensOnThePortTheServerListensOn() throws Exception {
        String email = "port.check." + System.nanoTime() + "@example.org";
        try (Browser browser = new Browser(base)) {
            signUp(browser, email, "/signup?lang=ru");
        }
        String link = mailedLink(email, "/verify?token=");
        assertTrue(link.startsWith("http://localhost:" + port + "/"), link);
        try (Browser browser = new Browser(base)) {
            browser.driver().get(link);
            assertFalse(browser.has("error-home"), browser.text());
            assertTrue(browser.driver().getCurrentUrl().contains(":" + port + "/"));
        }
    }

    /** A Russian admin form answered in English: the browser's own validation bubbles, in its language. */
    @Test
    void aRussianAdminFormIsCheckedByTheServerAndAnsweredInRussian() {
        try (Browser browser = new Browser(base)) {
            browser.signedIn(admin.id());
            browser.open("/admin/programs?lang=ru");
            for (WebElement form : browser.all("main form")) {
                boolean constrained = !form.findElements(By.cssSelector("[min],[max],[required],[pattern],[type=email]"))
                        .isEmpty();
                assertTrue(!constrained || form.getAttribute("novalidate") != null,
                        "a form with constraints leaves checking to the server: " + form.getAttribute("id"));
            }
            browser.type("code", "bad code!");
            browser.type("places", "-3");
            browser.find("program-form").findElement(By.cssSelector("button[type=submit]")).click();
            String error = browser.find("error-places").getText();
            assertTrue(error.matches(".*[А-Яа-я].*"), "the message is Russian: " + error);
            assertTrue(browser.find("error-code").getText().matches(".*[А-Яа-я].*"));
        }
    }

    /** "A place became free" reached the waiting applicant in English. */
    @Test
    void theWaitingApplicantReadsThatAPlaceBecameFreeInRussian() throws Exception {
        TestSessions.Session first = TestSessions.applicant(server);
        TestSessions.Session waiting = TestSessions.applicant(server);
        String holder = declare(first, "design-ui");
        String waiter = declare(waiting, "design-ui");
        try (Browser browser = new Browser(base)) {
            browser.signedIn(admin.id());
            browser.open("/admin/declarations/" + holder + "?lang=ru");
            browser.choose("status", "REJECTED");
            browser.click("change-status-submit");
            // Rejecting cannot be undone: a confirmation page comes first.
            browser.click("confirm-status");
            assertEquals("flash", browser.find("flash").getAttribute("id"), "the change is confirmed");
        }
        try (Browser browser = new Browser(base)) {
            browser.signedIn(waiting.id());
            browser.open("/office/declarations/" + waiter + "?lang=ru");
            String history = browser.find("history").getText();
            assertTrue(history.contains("Освободилось место"), history);
            assertFalse(history.contains("A place became free"), history);
        }
        String mail = mailBody(waiting.email(), "Освободилось место");
        assertFalse(mail.contains("A place became free"), mail);
    }

    /** Switching RU/EN dropped the query: the program chosen through the link was lost. */
    @Test
    void switchingTheLanguageKeepsTheChosenProgram() {
        try (Browser browser = new Browser(base)) {
            browser.signedIn(applicant.id());
            browser.open("/apply/chairs-ui?program=design-ui&lang=ru");
            browser.click("lang-en");
            assertTrue(browser.path().contains("program=design-ui"), browser.path());
            assertEquals("en", browser.find("main").findElement(By.xpath("/html")).getAttribute("lang"));
            assertEquals("design-ui", browser.find("in-program").getAttribute("value"));
        }
    }

    /** The upload form carried the CSRF token in its address (address bar, audit log). */
    @Test
    void uploadingAFileKeepsTheTokenOutOfEveryAddress() throws Exception {
        Path scan = Files.createTempFile("scan", ".pdf");
        Files.write(scan, "%PDF-1.4\n%scan\n".getBytes());
        try (Browser browser = new Browser(base)) {
            browser.signedIn(applicant.id());
            browser.open("/office/declarations/" + applicantDeclaration);
            assertFalse(browser.find("upload").getAttribute("action").contains("_csrf"));
            browser.find("file").sendKeys(scan.toAbsolutePath().toString());
            browser.click("upload-submit");
            browser.find("flash");
            assertFalse(browser.driver().getCurrentUrl().contains("_csrf"));
            assertTrue(browser.find("documents").getText().contains(scan.getFileName().toString()));
            assertTrue(browser.find("documents").getText().matches("(?s).*\\d+ (B|Б).*"), "a readable size");
            // the applicant may delete their own file while the declaration is undecided, after confirming
            browser.driver().executeScript("window.confirm = () => true;");
            browser.all("#documents details.confirm summary").get(0).click();
            browser.find("flash");
            assertFalse(browser.find("documents").getText().contains(scan.getFileName().toString()));
        }
        String audit = server.platform().database().jdbi().withHandle(handle -> handle.createQuery(
                "SELECT string_agg(action || ' ' || target, ' ') FROM audit_log").mapTo(String.class).one());
        assertFalse(audit != null && audit.contains("_csrf="), "no token in the audit log");
    }

    /** Sign-up from the log-in page dropped next; an unverified account could submit. */
    @Test
    void signingUpFromTheLogInPageComesBackToTheFormWhichAsksToConfirmTheAddressFirst() throws Exception {
        String email = "new.applicant." + System.nanoTime() + "@example.org";
        try (Browser browser = new Browser(base)) {
            browser.open("/catalog?lang=ru");
            browser.click("apply-design-ui");
            assertTrue(browser.path().startsWith("/login"), browser.path());
            browser.click("signup-link");
            signUp(browser, email, null);
            assertTrue(browser.path().startsWith("/apply/chairs-ui"), "back at the form: " + browser.path());
            assertTrue(browser.has("apply-blocked"), "asked to confirm the address before filling the form");
            assertFalse(browser.has("declaration"), "no form to fill in vain");
            browser.driver().get(mailedLink(email, "/verify?token="));
            browser.open("/apply/chairs-ui?program=design-ui");
            assertTrue(browser.has("declaration"), "once confirmed, the form");
        }
    }

    /** At 375 px the header was 530-571 px wide and the program list overflowed its box. */
    @Test
    void atPhoneWidthTheHeaderAndTheProgramListFitTheScreen() {
        try (Browser browser = new Browser(base)) {
            browser.signedIn(admin.id());
            browser.open("/apply/chairs-ui?lang=ru");
            browser.width(375);
            assertEquals(0L, browser.horizontalOverflow(), "no sideways scrolling");
            for (String id : List.of("logout", "lang-en", "lang-ru", "in-program")) {
                Number right = (Number) browser.script("return arguments[0].getBoundingClientRect().right;", browser.find(id));
                assertTrue(right.doubleValue() <= 375, id + " ends at " + right);
            }
        }
    }

    /** A duplicate or a closed program was explained only after the whole form was filled. */
    @Test
    void aDuplicateOrAClosedProgramIsExplainedBeforeTheForm() {
        try (Browser browser = new Browser(base)) {
            browser.signedIn(applicant.id());
            browser.open("/apply/chairs-ui?program=python-ui&lang=ru");
            assertTrue(browser.find("apply-notice").getText().contains("python") || browser.has("apply-notice"));
            assertTrue(browser.all("#in-program option[value='python-ui']").isEmpty(),
                    "the program already applied to is not offered again");
            browser.open("/apply/closed-ui?program=python-ui&lang=ru");
            assertTrue(browser.has("apply-blocked"), browser.text());
            assertFalse(browser.has("declaration"), "no form for a closed project");
        }
    }

    /** Every destructive action asks first, also without script. */
    @Test
    void withdrawingAsksForConfirmationFirst() throws Exception {
        TestSessions.Session someone = TestSessions.applicant(server);
        String id = declare(someone, "python-ui");
        try (Browser browser = new Browser(base)) {
            browser.driver().executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", true));
            browser.signedIn(someone.id());
            browser.open("/office/declarations/" + id + "?lang=ru");
            assertFalse(browser.find("withdraw-submit").isDisplayed(), "the withdraw button is behind a step");
            browser.click("withdraw-open");
            assertTrue(browser.find("withdraw-submit").isDisplayed());
            browser.click("withdraw-submit");
            assertTrue(browser.find("flash").getText().length() > 0);
            assertTrue(browser.find("status").getText().contains("Отозван"), browser.find("status").getText());
        }
    }

    /** A lead the CRM could not write was kept out of sight, in the log and a table, with no screen. */
    @Test
    void aLeadGivenUpOnIsFoundFromTheLeadSourcesAndThrownAwayAfterAConfirmation() {
        Jdbi jdbi = server.platform().database().jdbi();
        long source = new LeadSources(jdbi).create("Partner site", null, Locale.ENGLISH).source().id();
        long lead = jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO lead_inbox (source_id, lead, attempts, failure)
                VALUES (:source, CAST(:lead AS json), 5, 'value too long for type character varying(200)')
                RETURNING id""").bind("source", source)
                .bind("lead", "{\"fullName\": \"Отложенная Анна Сергеевна\", \"email\": "
                        + "\"a.very.long.address.of.a.person@partner-university.example.org\"}")
                .mapTo(Long.class).one());
        try (Browser browser = new Browser(base)) {
            browser.driver().executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", true));
            browser.signedIn(admin.id());
            browser.open("/admin/crm/lead-sources?lang=en");
            browser.width(375);
            browser.click("failed-leads-link");
            assertTrue(browser.find("failed-lead-" + lead).getText().contains("Отложенная Анна"));
            assertEquals(0L, browser.horizontalOverflow(), "the list fits a phone");
            assertEquals("page", browser.find("admin-lead-sources").getAttribute("aria-current"), "under lead sources");
            assertFalse(browser.find("discard-" + lead).isDisplayed(), "throwing away is behind a step");
            browser.click("discard-open-" + lead);
            browser.click("discard-" + lead);
            assertTrue(browser.find("flash").getText().length() > 0);
            assertTrue(browser.has("no-failed-leads"), browser.text());
        }
    }

    // ---- helpers ----

    private static List<String> menu(Browser browser) {
        return browser.all("#admin-nav a").stream().map(link -> link.getAttribute("id").substring("admin-".length()))
                .toList();
    }

    private static void logIn(Browser browser, String email, String password) {
        browser.open("/login?lang=ru");
        browser.type("email", email);
        browser.type("password", password);
        browser.click("submit");
        assertTrue(browser.leaves("/login"), () -> "still on the log-in page: " + browser.text());
    }

    private static void signUp(Browser browser, String email, String path) {
        if (path != null) {
            browser.open(path);
        }
        browser.type("displayName", "Пётр Новиков");
        browser.type("email", email);
        browser.type("password", "petr-password-2026");
        browser.click("submit");
        assertTrue(browser.leaves("/signup"), () -> "still on the sign-up page: " + browser.text());
    }

    /** A link of the mail sent to this address, once the outbox has handed it to the mail log. */
    private static String mailedLink(String email, String marker) throws InterruptedException {
        String body = mailBody(email, marker);
        int at = body.lastIndexOf("http", body.indexOf(marker));
        int end = at;
        while (end < body.length() && !Character.isWhitespace(body.charAt(end))) {
            end++;
        }
        return body.substring(at, end);
    }

    private static String mailBody(String email, String containing) throws InterruptedException {
        Jdbi jdbi = server.platform().database().jdbi();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<String> bodies = jdbi.withHandle(handle -> handle.createQuery(
                    "SELECT body FROM mail_log WHERE lower(recipient) = lower(:to) ORDER BY id")
                    .bind("to", email).mapTo(String.class).list());
            for (String body : bodies) {
                if (body.contains(containing)) {
                    return body;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no mail to " + email + " containing " + containing);
    }

    /** Submits a complete declaration through the API as this applicant; answers its id. */
    static String declare(TestSessions.Session session, String program) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("category", "own_student");
        values.put("lastName", "Смирнова");
        values.put("firstName", "Анна");
        values.put("birthDate", "2003-04-05");
        values.put("sex", "female");
        values.put("email", session.email());
        values.put("phone", "+7 912 345-67-89");
        values.put("university", "Уральский федеральный университет");
        values.put("institute", "ИРИТ-РТФ");
        values.put("studyGroup", "РИ-210001");
        values.put("studentId", "09876543");
        values.put("yearOfStudy", "3");
        values.put("passportSeries", "6512");
        values.put("passportNumber", "345678");
        values.put("passportIssuedBy", "ГУ МВД России по Свердловской области");
        values.put("passportIssuedOn", "2023-05-10");
        values.put("snils", "112-233-445 95");
        values.put("itExperience", "under1");
        values.put("personalDataConsent", "true");
        String body = JsonMapper.create().writeValueAsString(Map.of("project", project.slug(), "program", program,
                "values", values));
        HttpResponse<String> created = server.send(session.json("/api/v1/me/declarations")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(201, created.statusCode(), created.body());
        return JsonMapper.create().readTree(created.body()).get("id").asText();
    }
}
