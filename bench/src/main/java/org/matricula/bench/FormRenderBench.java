package org.matricula.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * A signed-in applicant's form page against a bare Jetty server returning a fixed page of the
 * same size, both at 8 clients: what the platform's rendering costs over plain HTTP serving.
 */
final class FormRenderBench {

    private final Jdbi jdbi;
    private final PlatformHttp http;
    private final LoadDriver driver;
    private final Results results;
    private final int warmUpSeconds;

    FormRenderBench(Jdbi jdbi, PlatformHttp http, LoadDriver driver, Results results, int warmUpSeconds) {
        this.jdbi = jdbi;
        this.http = http;
        this.driver = driver;
        this.results = results;
        this.warmUpSeconds = warmUpSeconds;
    }

    /** The form page measured: the first project's first program. */
    static String formPath(Jdbi jdbi) {
        Map<String, Object> row = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT pr.slug, pg.code FROM projects pr JOIN project_programs pp ON pp.project_id = pr.id
                JOIN programs pg ON pg.id = pp.program_id ORDER BY pr.id, pp.position LIMIT 1""").mapToMap().one());
        return "/apply/" + row.get("slug") + "?program=" + row.get("code");
    }

    void run() throws Exception {
        Session applicant = TestSessions.applicant(jdbi);
        URI form = http.uri(formPath(jdbi));
        HttpResponse<byte[]> sample = HttpClient.newHttpClient().send(HttpRequest.newBuilder(form)
                .header("Cookie", applicant.cookie()).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (sample.statusCode() != 200) {
            throw new IllegalStateException("form page: " + sample.statusCode());
        }
        byte[] page = sample.body();
        FixedPageServer bare = FixedPageServer.start(page);
        LoadDriver.Work renderForm = connection -> connection.getDiscarding(form, "Cookie", applicant.cookie())
                .require(200, form);
        LoadDriver.Work bareJetty = connection -> connection.getDiscarding(bare.uri()).require(200, bare.uri());
        results.add("form: " + driver.awaitQuiet());
        // At least a third of the submit's least warm-up (the paths share most of their code), but as
        // long as the submit's at most: the form alone takes 140-160 s to settle on two cores.
        results.add("form " + driver.warmUpUntilCompiled(8, warmUpSeconds / 3, 3 * warmUpSeconds,
                renderForm, bareJetty));
        LoadStats rendered = driver.measure(8, renderForm);
        LoadStats fixedPage = driver.measure(8, bareJetty);
        bare.stop();
        results.addFormatted("form page GET %s (%d bytes), 8 clients: %s", form.getPath(), page.length, rendered);
        results.add("  " + rendered.serverThreads());
        results.addFormatted("bare Jetty fixed page of the same size, 8 clients: %s", fixedPage);
        results.addFormatted("form render / bare Jetty: %.1f%%  [target >= 30%%: %s]",
                100 * rendered.perSecond() / fixedPage.perSecond(),
                Figures.met(rendered.perSecond() >= 0.3 * fixedPage.perSecond()));
        results.addFormatted("form server CPU: %.2f ms per request  [target <= 0.35 ms: %s]",
                rendered.serverMillisPerRequest(), Figures.met(rendered.serverMillisPerRequest() <= 0.35));
    }
}
