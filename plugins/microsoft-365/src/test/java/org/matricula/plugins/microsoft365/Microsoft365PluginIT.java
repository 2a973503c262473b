package org.matricula.plugins.microsoft365;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.api.actions.ActionCall;
import org.matricula.api.actions.ActionPerson;
import org.matricula.api.actions.ActionResult;
import org.matricula.api.actions.ScenarioAction;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.PluginJar;

/**
 * The plugin's JAR in a real platform: it starts, offers its five scenario actions with the titles
 * of its own bundles, reads its settings from the platform's configuration, and its actions do
 * their work against a WireMock stub of Microsoft Graph; the example enrolment scenario names only
 * these actions.
 */
class Microsoft365PluginIT {

    static final WireMockServer graph = started();
    static final String TENANT = "contoso.onmicrosoft.com";

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of(
            "plugin.microsoft-365.tenant-id", TENANT, "plugin.microsoft-365.client-id", "app-1",
            "plugin.microsoft-365.client-secret", "secret-1", "plugin.microsoft-365.domain", "school.example",
            "plugin.microsoft-365.graph-url", "http://127.0.0.1:" + graph.port(),
            "plugin.microsoft-365.login-url", "http://127.0.0.1:" + graph.port(),
            "plugin.microsoft-365.timeout", "30"));

    static List<ScenarioAction> actions;

    static WireMockServer started() {
        WireMockServer stub = new WireMockServer(options().dynamicPort());
        stub.start();
        try { // the stub's first answer is slow while its server warms up
            java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://127.0.0.1:" + stub.port() + "/__admin/mappings")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return stub;
    }

    @BeforeAll
    static void install() throws Exception {
        PluginJar.plugin("microsoft-365", "1.0.0").pluginClassName(Microsoft365Plugin.class.getName())
                .files(Path.of("target/classes")).requires(">=1.3.0 & <2.0.0")
                .writeTo(server.pluginsDir(), "microsoft-365.jar");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (server.platform().plugins().startedVersion("microsoft-365").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(server.platform().plugins().startedVersion("microsoft-365").isPresent(), "the plugin starts");
        actions = server.platform().plugins().extensionsOf(ScenarioAction.class, "microsoft-365");
    }

    @AfterAll
    static void stop() {
        graph.stop();
    }

    ScenarioAction action(String id) {
        return actions.stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void theJarOffersFiveReadyActionsTitledFromItsOwnBundles() {
        assertEquals(List.of("add-to-team", "assign-licence", "check-sign-in", "create-user", "send-credentials"),
                actions.stream().map(ScenarioAction::id).sorted().toList());
        assertTrue(actions.stream().allMatch(ScenarioAction::ready));
        ScenarioAction create = action("create-user");
        assertEquals("Microsoft 365: создать учётную запись", create.title().ru());
        assertEquals("Microsoft 365: create the account", create.title().en());
        assertEquals("Licence id (skuId)", action("assign-licence").parameters().fields().get(0).label().en());
    }

    @Test
    void createUserAndSendCredentialsRunInThePlatformWithItsSettings() throws Exception {
        graph.stubFor(post(urlEqualTo("/" + TENANT + "/oauth2/v2.0/token")).willReturn(okJson(
                "{\"token_type\": \"Bearer\", \"expires_in\": 3599, \"access_token\": \"t-1\"}")));
        graph.stubFor(get(urlPathEqualTo("/v1.0/users")).willReturn(okJson("{\"value\": []}")));
        graph.stubFor(get(urlPathEqualTo("/v1.0/users/ivan.sidorov@school.example")).willReturn(aResponse()
                .withStatus(404).withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"code\": \"Request_ResourceNotFound\", \"message\": \"no such user\"}}")));
        graph.stubFor(post(urlEqualTo("/v1.0/users")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(
                        "{\"id\": \"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\", \"userPrincipalName\": \"ivan.sidorov@school.example\"}")));
        graph.stubFor(post(urlEqualTo("/v1.0/users/noreply@school.example/sendMail")).willReturn(aResponse().withStatus(202)));
        ActionPerson ivan = new ActionPerson("c0ffee00-0000-4000-8000-000000000001", "Сидоров", "Иван", "",
                List.of("ivan@mail.example"), List.of(), "ru");

        ActionResult user = action("create-user").execute(new ActionCall("run-7/1", ivan, Map.of(), Map.of()));
        assertEquals("ivan.sidorov@school.example", user.outputs().get("userPrincipalName"));
        ActionResult mailed = action("send-credentials").execute(new ActionCall("run-7/4", ivan,
                Map.of("sender", "noreply@school.example", "appLink", "https://www.office.com"), user.outputs()));
        assertEquals("credentials of ivan.sidorov@school.example mailed from noreply@school.example", mailed.summary());
        graph.verify(postRequestedFor(urlEqualTo("/v1.0/users/noreply@school.example/sendMail"))
                .withHeader("Authorization", equalTo("Bearer t-1"))
                .withRequestBody(matchingJsonPath("$.message.body.content",
                        com.github.tomakehurst.wiremock.client.WireMock.containing(user.outputs().get("password")))));
    }

    @Test
    void theExampleEnrolmentScenarioNamesOnlyActionsThePluginOffers() throws Exception {
        JsonNode scenario = new ObjectMapper().readTree(Files.readString(Path.of("scenarios/enrolment.json")));
        assertEquals("matricula-scenario/1", scenario.path("format").asText());
        assertEquals("STATUS_CHANGED", scenario.path("trigger").path("type").asText());
        assertEquals("ENROLLED", scenario.path("trigger").path("status").asText());
        List<String> kinds = new java.util.ArrayList<>();
        List<String> named = new java.util.ArrayList<>();
        for (JsonNode step : scenario.path("steps")) {
            kinds.add(step.path("type").asText());
            if (step.path("type").asText().equals("ACTION")) {
                named.add(step.path("action").asText());
            }
        }
        assertEquals(List.of("ACTION", "ACTION", "ACTION", "ACTION", "WAIT", "ACTION", "TASK"), kinds);
        assertEquals(List.of("microsoft-365/create-user", "microsoft-365/assign-licence", "microsoft-365/add-to-team",
                "microsoft-365/send-credentials", "microsoft-365/check-sign-in"), named);
        for (JsonNode step : scenario.path("steps")) {
            if (!step.path("type").asText().equals("ACTION")) {
                continue;
            }
            ScenarioAction action = action(step.path("action").asText().substring("microsoft-365/".length()));
            List<String> known = action.parameters().fields().stream().map(f -> f.name()).toList();
            // The scenario file holds an action's parameters beside its type and name.
            step.fieldNames().forEachRemaining(name -> assertTrue(List.of("type", "action").contains(name)
                    || known.contains(name), action.id() + " has no parameter " + name));
            action.parameters().fields().stream().filter(f -> f.isRequired()).forEach(f -> assertTrue(
                    step.hasNonNull(f.name()), action.id() + " needs " + f.name()));
        }
    }
}
