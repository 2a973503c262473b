package org.matricula.plugins.microsoft365;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.matricula.api.MailQueue;
import org.matricula.api.PluginContext;
import org.matricula.api.actions.ActionCall;
import org.matricula.api.actions.ActionFailure;
import org.matricula.api.actions.ActionPerson;
import org.matricula.api.actions.ActionResult;
import org.matricula.api.actions.ScenarioAction;
import org.matricula.api.form.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The five actions against WireMock stubs of the Microsoft identity platform's token endpoint and Microsoft Graph v1.0. */
class GraphActionsTest {

    static final String SECRET = "s3cr3t~value.for-tests";
    static final String TENANT = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    static final String TOKEN_PATH = "/" + TENANT + "/oauth2/v2.0/token";
    static final String PERSON_ID = "9a8b7c6d-0000-4000-8000-00000000a001";
    static final String MARK = UserNames.employeeId(PERSON_ID);
    static final String USER_ID = "87d349ed-44d7-43e1-9a83-5f2406dee5bd";
    static final String SKU = "94763226-9b3c-4e75-a931-5c89701abe66";
    static final String TEAM = "02bd9fd6-8f93-4758-87c3-1fb73740a315";
    static final ActionPerson ANNA = new ActionPerson(PERSON_ID, "Петрова", "Анна", "Игоревна",
            List.of("anna.p@mail.example"), List.of("+79991234567"), "ru");

    static WireMockServer graph;

    /** A context whose clock the test moves. */
    static final class Context implements PluginContext {
        final Map<String, String> config;
        final HttpClient http = HttpClient.newHttpClient();
        Instant now = Instant.parse("2026-12-02T06:00:00Z");

        Context(Map<String, String> config) {
            this.config = config;
        }

        public String pluginId() { return "microsoft-365"; }
        public Map<String, String> config() { return config; }
        public HttpClient http() { return http; }
        public MailQueue mail() { throw new UnsupportedOperationException(); }
        public Logger log() { return LoggerFactory.getLogger("plugin.microsoft-365"); }
        public DataSource dataSource() { throw new UnsupportedOperationException(); }
        public Clock clock() {
            return new Clock() {
                public ZoneId getZone() { return ZoneOffset.UTC; }
                public Clock withZone(ZoneId zone) { return this; }
                public Instant instant() { return now; }
            };
        }
    }

    static Context context() {
        Map<String, String> config = new HashMap<>(Map.of("tenant-id", TENANT, "client-id", "app-client-1",
                "client-secret", SECRET, "domain", "School.Example", "timeout", "30")); // a shared, loaded machine
        config.put("graph-url", "http://127.0.0.1:" + graph.port());
        config.put("login-url", "http://127.0.0.1:" + graph.port() + "/");
        return new Context(config);
    }

    static ActionCall call(String key, ActionPerson person, Map<String, String> parameters, Map<String, String> context) {
        return new ActionCall(key, person, parameters, context);
    }

    static Map<String, String> created() {
        return Map.of("userId", USER_ID, "userPrincipalName", "anna.petrova@school.example",
                "password", "Xy7!abcdEFGH2345", "created", "true");
    }

    static String user(String id, String login, String mark) {
        return "{\"id\": \"" + id + "\", \"userPrincipalName\": \"" + login + "\", \"employeeId\": "
                + (mark == null ? "null" : "\"" + mark + "\"") + "}";
    }

    static ResponseDefinitionBuilder error(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"code\": \"" + code + "\", \"message\": \"" + message
                        + "\", \"innerError\": {\"request-id\": \"r-1\"}}}");
    }

    @BeforeAll
    static void start() {
        graph = new WireMockServer(options().dynamicPort());
        graph.start();
        try { // the stub's first answer is slow while its server warms up
            HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://127.0.0.1:" + graph.port() + "/__admin/mappings")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        graph.stop();
    }

    @BeforeEach
    void stubToken() {
        graph.resetAll();
        graph.stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(okJson(
                "{\"token_type\": \"Bearer\", \"expires_in\": 3599, \"ext_expires_in\": 3599, \"access_token\": \"token-1\"}")));
    }

    void stubNoMarkedUser() {
        graph.stubFor(get(urlPathEqualTo("/v1.0/users")).withQueryParam("$filter", equalTo("employeeId eq '" + MARK + "'"))
                .willReturn(okJson("{\"value\": []}")));
    }

    void stubFreeLogin(String login) {
        graph.stubFor(get(urlPathEqualTo("/v1.0/users/" + login))
                .willReturn(error(404, "Request_ResourceNotFound", "Resource '" + login + "' does not exist.")));
    }

    @Test
    void theTokenComesFromTheClientCredentialsGrantAndIsKeptUntilShortlyBeforeItExpires() throws Exception {
        graph.stubFor(get(urlPathEqualTo("/v1.0/users/" + USER_ID)).willReturn(okJson(
                "{\"id\": \"" + USER_ID + "\", \"signInActivity\": null}")));
        Context context = context();
        CheckSignIn check = new CheckSignIn(context);
        check.execute(call("k1", ANNA, Map.of(), created()));
        context.now = context.now.plus(Duration.ofMinutes(50));
        check.execute(call("k2", ANNA, Map.of(), created()));
        graph.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)));
        graph.verify(postRequestedFor(urlEqualTo(TOKEN_PATH))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(containing("grant_type=client_credentials"))
                .withRequestBody(containing("scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"))
                .withRequestBody(containing("client_id=app-client-1"))
                .withRequestBody(containing("client_secret=s3cr3t%7Evalue.for-tests")));
        graph.verify(2, getRequestedFor(urlPathEqualTo("/v1.0/users/" + USER_ID))
                .withHeader("Authorization", equalTo("Bearer token-1"))
                .withQueryParam("$select", equalTo("id,signInActivity")));

        context.now = context.now.plus(Duration.ofMinutes(6)); // 56 minutes: within five minutes of expiry
        check.execute(call("k3", ANNA, Map.of(), created()));
        graph.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    }

    @Test
    void aRefusedTokenIsNotRetryableAndNamesTheReasonWithoutTheSecret() {
        graph.stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"error\": \"invalid_client\", "
                        + "\"error_description\": \"AADSTS7000215: Invalid client secret provided. Secret "
                        + SECRET + "\\r\\nTrace ID: x\", \"error_codes\": [7000215]}")));
        ActionFailure failed = assertThrows(ActionFailure.class,
                () -> new CheckSignIn(context()).execute(call("k", ANNA, Map.of(), created())));
        assertFalse(failed.retryable());
        assertTrue(failed.getMessage().contains("invalid_client: AADSTS7000215"), failed.getMessage());
        assertFalse(failed.getMessage().contains(SECRET), failed.getMessage());
    }

    @Test
    void createUserPostsTheAccountWithATransliteratedLoginAFirstPasswordAndThePersonsMark() throws Exception {
        stubNoMarkedUser();
        stubFreeLogin("anna.petrova@school.example");
        graph.stubFor(post(urlEqualTo("/v1.0/users")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody(user(USER_ID, "anna.petrova@school.example", MARK))));
        ActionResult result = new CreateUser(context()).execute(call("run-1/step-1", ANNA, Map.of(), Map.of()));

        String password = result.outputs().get("password");
        assertEquals(Map.of("userId", USER_ID, "userPrincipalName", "anna.petrova@school.example",
                "password", password, "created", "true"), result.outputs());
        assertEquals(new Passwords(SECRET).initial(PERSON_ID), password);
        assertEquals("Microsoft 365 user anna.petrova@school.example created", result.summary());
        assertFalse(result.summary().contains(password));
        graph.verify(postRequestedFor(urlEqualTo("/v1.0/users"))
                .withHeader("Authorization", equalTo("Bearer token-1"))
                .withRequestBody(equalToJson("""
                        {"accountEnabled": true, "displayName": "Анна Петрова", "mailNickname": "anna.petrova",
                         "userPrincipalName": "anna.petrova@school.example", "givenName": "Анна", "surname": "Петрова",
                         "employeeId": "%s", "usageLocation": "RU", "preferredLanguage": "ru-RU",
                         "passwordProfile": {"forceChangePasswordNextSignIn": true, "password": "%s"}}"""
                        .formatted(MARK, password))));
    }

    @Test
    void createUserRunAgainWithTheSameKeyFindsTheUserItMadeAndCreatesOne() throws Exception {
        graph.stubFor(get(urlPathEqualTo("/v1.0/users")).inScenario("directory").whenScenarioStateIs(STARTED)
                .withQueryParam("$filter", equalTo("employeeId eq '" + MARK + "'"))
                .willReturn(okJson("{\"value\": []}")));
        graph.stubFor(get(urlPathEqualTo("/v1.0/users")).inScenario("directory").whenScenarioStateIs("created")
                .withQueryParam("$filter", equalTo("employeeId eq '" + MARK + "'"))
                .willReturn(okJson("{\"value\": [" + user(USER_ID, "anna.petrova@school.example", MARK) + "]}")));
        stubFreeLogin("anna.petrova@school.example");
        graph.stubFor(post(urlEqualTo("/v1.0/users")).inScenario("directory").willSetStateTo("created")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(user(USER_ID, "anna.petrova@school.example", MARK))));
        CreateUser action = new CreateUser(context());
        ActionResult first = action.execute(call("run-1/step-1", ANNA, Map.of(), Map.of()));
        ActionResult again = new CreateUser(context()).execute(call("run-1/step-1", ANNA, Map.of(), Map.of()));

        graph.verify(1, postRequestedFor(urlEqualTo("/v1.0/users")));
        assertEquals(first.outputs().get("userId"), again.outputs().get("userId"));
        assertEquals(first.outputs().get("userPrincipalName"), again.outputs().get("userPrincipalName"));
        assertEquals(first.outputs().get("password"), again.outputs().get("password"));
        assertEquals("false", again.outputs().get("created"));
        assertEquals("Microsoft 365 user anna.petrova@school.example already existed", again.summary());
    }

    @Test
    void aLoginSomeoneElseHasGetsTheNextNumber() throws Exception {
        stubNoMarkedUser();
        graph.stubFor(get(urlPathEqualTo("/v1.0/users/anna.petrova@school.example")).willReturn(okJson(
                user("11111111-2222-3333-4444-555555555555", "anna.petrova@school.example", null))));
        graph.stubFor(get(urlPathEqualTo("/v1.0/users/anna.petrova2@school.example")).willReturn(okJson(
                user("11111111-2222-3333-4444-666666666666", "anna.petrova2@school.example", "0123456789abcdef"))));
        stubFreeLogin("anna.petrova3@school.example");
        graph.stubFor(post(urlEqualTo("/v1.0/users")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody(user(USER_ID, "anna.petrova3@school.example", MARK))));
        ActionResult result = new CreateUser(context()).execute(call("k", ANNA, Map.of("usageLocation", "kz"), Map.of()));

        assertEquals("anna.petrova3@school.example", result.outputs().get("userPrincipalName"));
        graph.verify(1, postRequestedFor(urlEqualTo("/v1.0/users")));
        graph.verify(postRequestedFor(urlEqualTo("/v1.0/users"))
                .withRequestBody(matchingJsonPath("$.userPrincipalName", equalTo("anna.petrova3@school.example")))
                .withRequestBody(matchingJsonPath("$.mailNickname", equalTo("anna.petrova3")))
                .withRequestBody(matchingJsonPath("$.usageLocation", equalTo("KZ"))));
    }

    @Test
    void anAlreadyExistsAnswerIsLookedAtTheUserMadeByAnEarlierTryIsKeptAnotherOnesLoginIsSkipped() throws Exception {
        stubNoMarkedUser();
        // an earlier try created the user, but its answer was lost: the login shows as free, the creation says taken
        graph.stubFor(get(urlPathEqualTo("/v1.0/users/anna.petrova@school.example")).inScenario("lost")
                .whenScenarioStateIs(STARTED)
                .willReturn(error(404, "Request_ResourceNotFound", "Resource does not exist.")));
        graph.stubFor(post(urlEqualTo("/v1.0/users")).inScenario("lost").willSetStateTo("visible")
                .willReturn(error(400, "Request_BadRequest",
                        "Another object with the same value for property userPrincipalName already exists.")));
        graph.stubFor(get(urlPathEqualTo("/v1.0/users/anna.petrova@school.example")).inScenario("lost")
                .whenScenarioStateIs("visible").willReturn(okJson(user(USER_ID, "anna.petrova@school.example", MARK))));
        ActionResult result = new CreateUser(context()).execute(call("k", ANNA, Map.of(), Map.of()));
        assertEquals(USER_ID, result.outputs().get("userId"));
        assertEquals("false", result.outputs().get("created"));
        graph.verify(1, postRequestedFor(urlEqualTo("/v1.0/users")));
    }

    @Test
    void throttlingAndGraphTroubleAreRetryableWithRetryAfterOtherRefusalsAreNot() {
        graph.stubFor(get(urlPathEqualTo("/v1.0/users")).willReturn(error(429, "TooManyRequests",
                "Too many requests").withHeader("Retry-After", "7")));
        ActionFailure throttled = assertThrows(ActionFailure.class,
                () -> new CreateUser(context()).execute(call("k", ANNA, Map.of(), Map.of())));
        assertTrue(throttled.retryable());
        assertTrue(throttled.getMessage().contains("429") && throttled.getMessage().contains("retry after 7 s")
                && throttled.getMessage().contains("TooManyRequests"), throttled.getMessage());

        graph.stubFor(get(urlPathEqualTo("/v1.0/users")).willReturn(error(503, "serviceNotAvailable", "Try later")));
        assertTrue(assertThrows(ActionFailure.class,
                () -> new CreateUser(context()).execute(call("k", ANNA, Map.of(), Map.of()))).retryable());

        stubNoMarkedUser();
        stubFreeLogin("anna.petrova@school.example");
        graph.stubFor(post(urlEqualTo("/v1.0/users")).willReturn(error(403, "Authorization_RequestDenied",
                "Insufficient privileges to complete the operation.")));
        ActionFailure denied = assertThrows(ActionFailure.class,
                () -> new CreateUser(context()).execute(call("k", ANNA, Map.of(), Map.of())));
        assertFalse(denied.retryable());
        assertTrue(denied.getMessage().contains(
                "403 to create user anna.petrova@school.example: Authorization_RequestDenied: Insufficient privileges"),
                denied.getMessage());
        assertFalse(denied.getMessage().contains(new Passwords(SECRET).initial(PERSON_ID)));
        assertFalse(denied.getMessage().contains(SECRET));
    }

    @Test
    void aSlowGraphIsRetryable() {
        Context context = context();
        context.config.put("timeout", "1");
        graph.stubFor(get(urlPathEqualTo("/v1.0/users")).willReturn(okJson("{\"value\": []}").withFixedDelay(2500)));
        ActionFailure slow = assertThrows(ActionFailure.class,
                () -> new CreateUser(context).execute(call("k", ANNA, Map.of(), Map.of())));
        assertTrue(slow.retryable());
        assertTrue(slow.getMessage().contains("did not answer"), slow.getMessage());
    }

    @Test
    void assignLicenceAddsTheSkuAndAMissingLicenceStopsTheRun() throws Exception {
        graph.stubFor(post(urlEqualTo("/v1.0/users/" + USER_ID + "/assignLicense")).willReturn(okJson(
                user(USER_ID, "anna.petrova@school.example", MARK))));
        ActionResult result = new AssignLicence(context()).execute(call("k", ANNA, Map.of("skuId", SKU), created()));
        assertEquals("licence " + SKU + " assigned to anna.petrova@school.example", result.summary());
        graph.verify(postRequestedFor(urlEqualTo("/v1.0/users/" + USER_ID + "/assignLicense"))
                .withRequestBody(equalToJson("{\"addLicenses\": [{\"disabledPlans\": [], \"skuId\": \"" + SKU
                        + "\"}], \"removeLicenses\": []}")));

        graph.stubFor(post(urlEqualTo("/v1.0/users/" + USER_ID + "/assignLicense")).willReturn(error(400,
                "Request_BadRequest", "Subscription " + SKU + " does not have any available licenses.")));
        ActionFailure none = assertThrows(ActionFailure.class,
                () -> new AssignLicence(context()).execute(call("k", ANNA, Map.of("skuId", SKU), created())));
        assertFalse(none.retryable());
        assertTrue(none.getMessage().contains("does not have any available licenses"), none.getMessage());

        ActionFailure noUser = assertThrows(ActionFailure.class,
                () -> new AssignLicence(context()).execute(call("k", ANNA, Map.of("skuId", SKU), Map.of())));
        assertFalse(noUser.retryable());
        assertTrue(noUser.getMessage().contains("create-user"), noUser.getMessage());
    }

    @Test
    void addToTeamBindsTheUserAsAMemberAndAnExistingMemberIsDone() throws Exception {
        graph.stubFor(post(urlEqualTo("/v1.0/teams/" + TEAM + "/members")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"@odata.type\": "
                        + "\"#microsoft.graph.aadUserConversationMember\", \"id\": \"m-1\", \"roles\": []}")));
        ActionResult added = new AddToTeam(context()).execute(call("k", ANNA, Map.of("teamId", TEAM), created()));
        assertEquals("anna.petrova@school.example added to team " + TEAM, added.summary());
        graph.verify(postRequestedFor(urlEqualTo("/v1.0/teams/" + TEAM + "/members")).withRequestBody(equalToJson("""
                {"@odata.type": "#microsoft.graph.aadUserConversationMember", "roles": [],
                 "user@odata.bind": "https://graph.microsoft.com/v1.0/users('%s')"}""".formatted(USER_ID))));

        graph.stubFor(post(urlEqualTo("/v1.0/teams/" + TEAM + "/members")).willReturn(error(409, "Conflict",
                "User is already a member of the team.")));
        assertEquals("anna.petrova@school.example already a member of team " + TEAM,
                new AddToTeam(context()).execute(call("k", ANNA, Map.of("teamId", TEAM), created())).summary());

        graph.stubFor(post(urlEqualTo("/v1.0/teams/" + TEAM + "/members")).willReturn(error(404, "NotFound",
                "Not found")));
        Map<String, String> found = new HashMap<>(created());
        found.put("created", "false");
        assertFalse(assertThrows(ActionFailure.class, () -> new AddToTeam(context()).execute(
                call("k", ANNA, Map.of("teamId", TEAM), found))).retryable());
        // a user this run created a moment ago may not have reached Teams yet: tried again later
        ActionFailure early = assertThrows(ActionFailure.class, () -> new AddToTeam(context()).execute(
                call("k", ANNA, Map.of("teamId", TEAM), created())));
        assertTrue(early.retryable());
        assertTrue(early.getMessage().contains("may not have reached this service yet"), early.getMessage());
    }

    @Test
    void aTokenGraphNoLongerTakesIsRenewedOnceAndTheCallRepeated() throws Exception {
        graph.stubFor(get(urlPathEqualTo("/v1.0/users/" + USER_ID)).inScenario("revoked").whenScenarioStateIs(STARTED)
                .willSetStateTo("renewed").willReturn(error(401, "InvalidAuthenticationToken", "Access token has expired.")));
        graph.stubFor(get(urlPathEqualTo("/v1.0/users/" + USER_ID)).inScenario("revoked").whenScenarioStateIs("renewed")
                .willReturn(okJson("{\"id\": \"" + USER_ID + "\", \"signInActivity\": null}")));
        ActionResult result = new CheckSignIn(context()).execute(call("k", ANNA, Map.of(), created()));
        assertEquals("false", result.outputs().get("signedIn"));
        graph.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)));
        graph.verify(2, getRequestedFor(urlPathEqualTo("/v1.0/users/" + USER_ID)));
    }

    @Test
    void sendCredentialsMailsLoginPasswordAndLinkInThePersonsLanguageAndKeepsNoCopy() throws Exception {
        graph.stubFor(post(urlEqualTo("/v1.0/users/noreply@school.example/sendMail"))
                .willReturn(aResponse().withStatus(202)));
        Map<String, String> parameters = Map.of("sender", "noreply@school.example", "appLink", "https://www.office.com");
        ActionResult result = new SendCredentials(context()).execute(call("k", ANNA, parameters, created()));
        assertEquals("credentials of anna.petrova@school.example mailed from noreply@school.example", result.summary());
        assertFalse(result.summary().contains("Xy7!abcdEFGH2345"));
        graph.verify(postRequestedFor(urlEqualTo("/v1.0/users/noreply@school.example/sendMail"))
                .withRequestBody(matchingJsonPath("$.message.subject", equalTo("Ваша учётная запись Microsoft 365")))
                .withRequestBody(matchingJsonPath("$.message.body.contentType", equalTo("Text")))
                .withRequestBody(matchingJsonPath("$.message.body.content", containing("Здравствуйте, Анна!")))
                .withRequestBody(matchingJsonPath("$.message.body.content", containing("Логин: anna.petrova@school.example")))
                .withRequestBody(matchingJsonPath("$.message.body.content", containing("Временный пароль: Xy7!abcdEFGH2345")))
                .withRequestBody(matchingJsonPath("$.message.body.content", containing("https://www.office.com")))
                .withRequestBody(matchingJsonPath("$.message.toRecipients[0].emailAddress.address",
                        equalTo("anna.p@mail.example")))
                .withRequestBody(matchingJsonPath("$.saveToSentItems", equalTo("false"))));

        graph.resetRequests();
        ActionPerson john = new ActionPerson("p-2", "Smith", "John", "", List.of("john@mail.example"), List.of(), "en");
        new SendCredentials(context()).execute(call("k2", john, parameters, created()));
        graph.verify(postRequestedFor(urlEqualTo("/v1.0/users/noreply@school.example/sendMail"))
                .withRequestBody(matchingJsonPath("$.message.subject", equalTo("Your Microsoft 365 account")))
                .withRequestBody(matchingJsonPath("$.message.body.content", containing("Hello John,")))
                .withRequestBody(matchingJsonPath("$.message.body.content", containing("Temporary password: Xy7!abcdEFGH2345"))));

        graph.stubFor(post(urlEqualTo("/v1.0/users/noreply@school.example/sendMail")).willReturn(error(400,
                "ErrorInvalidRecipients", "At least one recipient is not valid: Xy7!abcdEFGH2345")));
        ActionFailure refused = assertThrows(ActionFailure.class,
                () -> new SendCredentials(context()).execute(call("k", ANNA, parameters, created())));
        assertFalse(refused.retryable());
        assertFalse(refused.getMessage().contains("Xy7!abcdEFGH2345"), refused.getMessage());

        ActionPerson noMail = new ActionPerson("p-3", "Petrov", "Ivan", "", List.of(), List.of(), "ru");
        assertFalse(assertThrows(ActionFailure.class, () -> new SendCredentials(context())
                .execute(call("k", noMail, parameters, created()))).retryable());
    }

    @Test
    void checkSignInAnswersSignedInOrNotAsAnOutputNotAFailure() throws Exception {
        graph.stubFor(get(urlPathEqualTo("/v1.0/users/" + USER_ID)).willReturn(okJson("""
                {"id": "%s", "signInActivity": {"lastSignInDateTime": null, "lastSuccessfulSignInDateTime": null,
                 "lastNonInteractiveSignInDateTime": null}}""".formatted(USER_ID))));
        ActionResult never = new CheckSignIn(context()).execute(call("k", ANNA, Map.of(), created()));
        assertEquals(Map.of("signedIn", "false", "lastSignInDateTime", ""), never.outputs());
        assertEquals("anna.petrova@school.example has not signed in yet", never.summary());

        graph.stubFor(get(urlPathEqualTo("/v1.0/users/" + USER_ID)).willReturn(okJson("""
                {"id": "%s", "signInActivity": {"lastSignInDateTime": "2026-12-03T09:12:01Z",
                 "lastSuccessfulSignInDateTime": "2026-12-03T09:12:01Z"}}""".formatted(USER_ID))));
        ActionResult signed = new CheckSignIn(context()).execute(call("k", ANNA, Map.of(), created()));
        assertEquals(Map.of("signedIn", "true", "lastSignInDateTime", "2026-12-03T09:12:01Z"), signed.outputs());

        graph.stubFor(get(urlPathEqualTo("/v1.0/users/" + USER_ID)).willReturn(error(403,
                "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
                "Neither tenant is B2C or tenant doesn't have premium license")));
        ActionFailure premium = assertThrows(ActionFailure.class,
                () -> new CheckSignIn(context()).execute(call("k", ANNA, Map.of(), created())));
        assertFalse(premium.retryable());
        assertTrue(premium.getMessage().contains("NonPremium"), premium.getMessage());
    }

    @Test
    void notReadyUntilConfiguredAndThenARetryableFailure() {
        Context bare = new Context(new HashMap<>(Map.of("tenant-id", TENANT, "client-id", "app")));
        for (ScenarioAction action : actions(bare)) {
            assertFalse(action.ready(), action.id());
            ActionFailure failed = assertThrows(ActionFailure.class,
                    () -> action.execute(call("k", ANNA, Map.of(), created())));
            assertTrue(failed.retryable(), action.id());
        }
        actions(context()).forEach(action -> assertTrue(action.ready(), action.id()));
        graph.verify(0, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    }

    @Test
    void eachActionHasATitleAndParameterLabelsInRussianAndEnglish() {
        List<ScenarioAction> actions = actions(context());
        assertEquals(List.of("create-user", "assign-licence", "add-to-team", "send-credentials", "check-sign-in"),
                actions.stream().map(ScenarioAction::id).toList());
        for (ScenarioAction action : actions) {
            assertFalse(action.title().ru().isBlank() || action.title().en().isBlank(), action.id());
            assertFalse(action.title().ru().equals(action.title().en()), action.id());
            for (Field field : action.parameters().sections().stream().flatMap(s -> s.fields().stream()).toList()) {
                assertFalse(field.label().ru().isBlank() || field.label().en().isBlank(), field.name());
            }
        }
        assertEquals(List.of("skuId"), fieldNames(actions.get(1)));
        assertEquals(List.of("teamId"), fieldNames(actions.get(2)));
        assertEquals(List.of("sender", "appLink"), fieldNames(actions.get(3)));
        assertTrue(actions.get(1).parameters().sections().get(0).fields().get(0).isRequired());
    }

    static List<String> fieldNames(ScenarioAction action) {
        return action.parameters().sections().stream().flatMap(s -> s.fields().stream()).map(Field::name).toList();
    }

    static List<ScenarioAction> actions(PluginContext context) {
        return List.of(new CreateUser(context), new AssignLicence(context), new AddToTeam(context),
                new SendCredentials(context), new CheckSignIn(context));
    }
}
