package org.matricula.distribution.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its own chromedriver (never a downloaded one), with
 * downloads going to a folder of its own and screenshots written under {@code target/}.
 */
final class Browser implements AutoCloseable {

    private static final Path SCREENSHOTS = Path.of(System.getProperty("matricula.screenshots",
            "target/screenshots"));

    private final ChromeDriver driver;
    private final String base;
    private final Path downloads;

    Browser(String base) {
        this.base = base;
        try {
            this.downloads = Files.createTempDirectory("browser-downloads");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("matricula.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,1400", "--lang=ru");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false, "plugins.always_open_pdf_externally", true));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("matricula.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    void open(String path) {
        driver.get(base + path);
    }


    String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    /** The element with this id, waiting a little for it: a click may still be loading the next page. */
    WebElement find(String id) {
        return new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
    }

    /**
     * Whether the focus comes to the element with this id within 10 s: a click on a submit button
     * returns before the next page has loaded, and the element focused until then goes with its page.
     */
    boolean focusComesTo(String id) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
                    .until(ignored -> id.equals(driver.switchTo().activeElement().getAttribute("id")));
            return true;
        } catch (org.openqa.selenium.TimeoutException e) {
            return false;
        }
    }

    /**
     * The text of the element with this id once it shows {@code fragment}, or as it is after 10 s: a
     * click on a form's button returns before the next page has replaced the element it shows.
     */
    String textShowing(String id, String fragment) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
                    .until(ignored -> {
                        String text = driver.findElement(By.id(id)).getText();
                        return text.contains(fragment) ? text : null;
                    });
        } catch (org.openqa.selenium.TimeoutException e) {
            return find(id).getText();
        }
    }

    boolean has(String id) {
        return !driver.findElements(By.id(id)).isEmpty();
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Waits (up to 20 s) until the page has left the path starting so, as after a form's submit button. */
    boolean leaves(String pathPrefix) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(ignored -> !path().startsWith(pathPrefix));
            return true;
        } catch (org.openqa.selenium.TimeoutException e) {
            return false;
        }
    }

    /** Types into an input, replacing what was there. */
    void type(String name, String value) {
        WebElement input = driver.findElement(By.name(name));
        input.clear();
        input.sendKeys(value);
    }

    /** Sets a date input's value directly: typing into it depends on the browser's locale. */
    void date(String name, String isoDate) {
        ((JavascriptExecutor) driver).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                driver.findElement(By.name(name)), isoDate);
    }

    void choose(String name, String value) {
        new Select(driver.findElement(By.name(name))).selectByValue(value);
    }

    void check(String name) {
        WebElement box = driver.findElement(By.name(name));
        if (!box.isSelected()) {
            box.click();
        }
    }

    void click(String id) {
        find(id).click();
    }

    /**
     * Waits for a downloaded file whose name ends so to be complete, and answers its path. Chrome
     * may show the final name before the content is written, so the file must also have content
     * and no partial download may be left in the folder.
     */
    Path download(String suffix) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(ignored -> {
            try (Stream<Path> files = Files.list(downloads)) {
                List<Path> all = files.toList();
                if (all.stream().anyMatch(file -> file.toString().endsWith(".crdownload"))) {
                    return null;
                }
                return all.stream().filter(file -> file.toString().endsWith(suffix))
                        .filter(file -> file.toFile().length() > 0).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        });
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Lays the page out as a phone or desktop of this width would (375 px: an iPhone's), through DevTools. */
    void width(int pixels) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", pixels, "height",
                pixels < 700 ? 812 : 1000, "deviceScaleFactor", 1, "mobile", pixels < 700));
        driver.navigate().refresh();
    }

    /** How many pixels the page is wider than the window: above 0, the reader scrolls sideways. */
    long horizontalOverflow() {
        return (Long) ((JavascriptExecutor) driver).executeScript(
                "return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth;");
    }

    /** Opens the page signed in with this session cookie, as a browser that has logged in would be. */
    void signedIn(String sessionCookie) {
        open("/health/live");
        driver.manage().addCookie(new Cookie("matricula_session", sessionCookie, "/"));
    }

    /**
     * Forgets the site's cookies and, given a session cookie, signs in with it: one browser serves
     * several visitors in turn (starting a browser per page costs seconds).
     */
    void visitAs(String sessionCookie) {
        open("/health/live");
        driver.manage().deleteAllCookies();
        if (sessionCookie != null) {
            driver.manage().addCookie(new Cookie("matricula_session", sessionCookie, "/"));
        }
    }

    /** The serious and critical accessibility violations axe-core finds on the current page (WCAG 2 A and AA). */
    List<String> seriousViolations() {
        List<Rule> violations = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                .analyze(driver).getViolations();
        return violations.stream().filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(rule -> rule.getId() + " (" + rule.getImpact() + "): " + rule.getNodes().stream()
                        .map(node -> String.valueOf(node.getTarget())).limit(5).toList())
                .toList();
    }

    Object script(String code, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(code, args);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
