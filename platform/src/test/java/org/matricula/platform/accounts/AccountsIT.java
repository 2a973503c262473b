package org.matricula.platform.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matricula.platform.web.SecretTokens;
import org.matricula.platform.http.CsrfFilter;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.http.SessionCookies;
import org.matricula.platform.notify.Outbox;
import org.matricula.platform.testing.RunningPlatform;
import org.matricula.platform.web.CurrentUser;

/**
 * Accounts end to end over HTTP, with mail delivered to a real SMTP server. The client keeps no
 * cookies and follows no redirects, so every cookie and redirect is asserted explicitly.
 */
class AccountsIT {

    private static final String PASSWORD = "long enough secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    static GreenMail smtp;
    static RunningPlatform server;

    @BeforeAll
    static void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        server = RunningPlatform.start(Map.of("mail.smtp.host", "127.0.0.1",
                "mail.smtp.port", String.valueOf(smtp.getSmtp().getPort())));
    }

    @AfterAll
    static void stop() {
        server.close();
        smtp.stop();
    }

    @Test
    void signUpLogsInAndMailsALinkThatVerifiesTheAddressOnce() throws Exception {
        String email = uniqueEmail();
        HttpResponse<String> signedUp = signUpPage(email, PASSWORD, "Иван Петров", "ru");
        assertEquals(303, signedUp.statusCode(), signedUp.body());
        assertTrue(signedUp.headers().firstValue("Location").orElseThrow().endsWith("/office"));
        String session = cookie(signedUp, SessionCookies.SESSION).orElseThrow();
        assertFalse(me(session).get("verified").asBoolean());

        MimeMessage mail = awaitMail(email, "/verify?token=");
        assertEquals("Подтвердите адрес почты — Matricula", mail.getSubject());
        String link = linkIn(mail, "/verify?token=");
        HttpResponse<String> verified = server.get(link);
        assertEquals(200, verified.statusCode(), verified.body());
        assertFalse(verified.body().contains("token="), "the language links do not send the used link again");
        assertTrue(verified.body().contains("href=\"/login?lang&#61;en\""), verified.body());
        assertTrue(me(session).get("verified").asBoolean());
        assertEquals(400, server.get(link).statusCode(), "a verification link works once");
    }

    @Test
    void signUpMailIsInTheLanguageOfTheForm() throws Exception {
        String email = uniqueEmail();
        assertEquals(303, signUpPage(email, PASSWORD, "Jane", "en").statusCode());
        assertEquals("Confirm your email address — Matricula", awaitMail(email, "/verify?token=").getSubject());
    }

    @Test
    void duplicateAddressIsRefusedWhateverItsCase() throws Exception {
        String email = uniqueEmail();
        assertEquals(201, signUpApi(email, PASSWORD, "en").statusCode());

        HttpResponse<String> again = signUpApi(email.toUpperCase(), PASSWORD, "en");
        assertEquals(422, again.statusCode());
        assertTrue(again.headers().firstValue("Content-Type").orElseThrow().startsWith("application/problem+json"));
        JsonNode error = JSON.readTree(again.body()).get("errors").get(0);
        assertEquals("email", error.get("field").asText());
        assertEquals("This address is already registered. Log in or reset your password.",
                error.get("message").asText());

        HttpResponse<String> page = signUpPage(email, PASSWORD, "Иван", "ru");
        assertEquals(422, page.statusCode());
        assertTrue(page.body().contains("id=\"error-email\""));
        assertTrue(page.body().contains("Этот адрес уже зарегистрирован"));
        assertTrue(page.body().contains("value=\"" + email + "\""), "the typed address is kept");
        assertTrue(page.body().contains("value=\"Иван\""), "the typed name is kept");
        assertFalse(page.body().contains(PASSWORD), "the password is never sent back");
    }

    @Test
    void weakPasswordsAreRefusedPerField() throws Exception {
        String email = uniqueEmail();
        HttpResponse<String> tooShort = signUpApi(email, "short", "en");
        assertEquals(422, tooShort.statusCode());
        assertEquals("password", JSON.readTree(tooShort.body()).get("errors").get(0).get("field").asText());

        HttpResponse<String> sameAsEmail = signUpApi(email, email, "en");
        assertEquals(422, sameAsEmail.statusCode());
        assertTrue(sameAsEmail.body().contains("must not be the same as the email address"));

        HttpResponse<String> page = signUpPage("not-an-address", "short", "", "ru");
        assertEquals(422, page.statusCode());
        String body = page.body();
        assertTrue(body.contains("id=\"error-summary\"") && body.contains("href=\"#password\""), body);
        assertTrue(body.contains("aria-describedby=\"help-password error-password\" aria-invalid=\"true\""),
                "the password's help and error are read with the field: " + body);
        assertTrue(body.contains("id=\"email\" name=\"email\" type=\"email\" autocomplete=\"email\" value=\"not-an-address\" aria-invalid=\"true\" aria-describedby=\"error-email\""), body);
        assertTrue(body.contains("href=\"/signup?lang&#61;en\""), "the language link leads to the form, not to its post");
        assertTrue(page.body().contains("id=\"error-email\""));
        assertTrue(page.body().contains("id=\"error-password\""));
        assertTrue(page.body().contains("id=\"error-displayName\""));
    }

    @Test
    void wrongPasswordIsRefusedAndTheRightOneGivesAProtectedCookie() throws Exception {
        String email = signedUpAccount();
        HttpResponse<String> refused = logInPage(email, "wrong password!", null);
        assertEquals(422, refused.statusCode());
        assertTrue(refused.body().contains("id=\"form-error\""));
        assertTrue(refused.body().contains("Неверный адрес почты или пароль"));
        assertTrue(cookie(refused, SessionCookies.SESSION).isEmpty());
        assertEquals(422, logInApi(email, "wrong password!").statusCode());

        HttpResponse<String> loggedIn = logInPage(email, PASSWORD, null);
        assertEquals(303, loggedIn.statusCode());
        assertTrue(loggedIn.headers().firstValue("Location").orElseThrow().endsWith("/office"));
        String setCookie = setCookie(loggedIn, SessionCookies.SESSION).orElseThrow();
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.toLowerCase().contains("samesite=lax"), setCookie);
        assertTrue(setCookie.contains("Path=/"), setCookie);
        assertFalse(setCookie.contains("Secure"), "plain-HTTP base URL: no Secure flag");
        assertEquals(email, me(cookie(loggedIn, SessionCookies.SESSION).orElseThrow()).get("email").asText());
    }

    @Test
    void oversizedCredentialsAreRefusedPerFieldBeforeTheDatabase() throws Exception {
        String megabyteAddress = "a".repeat(1024 * 1024) + "@example.org";
        HttpResponse<String> api = logInApi(megabyteAddress, PASSWORD);
        assertEquals(422, api.statusCode(), api.body());
        assertEquals("email", JSON.readTree(api.body()).get("errors").get(0).get("field").asText());

        HttpResponse<String> longPassword = logInApi(signedUpAccount(), "p".repeat(100_000));
        assertEquals(422, longPassword.statusCode(), longPassword.body());
        assertEquals("password", JSON.readTree(longPassword.body()).get("errors").get(0).get("field").asText());

        HttpResponse<String> page = logInPage(megabyteAddress, PASSWORD, null);
        assertEquals(422, page.statusCode());
        assertTrue(page.body().contains("id=\"error-email\""));

        HttpResponse<String> signUp = signUpPage(megabyteAddress, PASSWORD, "Иван", "en");
        assertEquals(422, signUp.statusCode());
        assertTrue(signUp.body().contains("id=\"error-email\""));

        HttpResponse<String> forgot = postAnonymousForm("/password/forgot?lang=en", Map.of("email", megabyteAddress));
        assertEquals(422, forgot.statusCode());
        assertTrue(forgot.body().contains("id=\"error-email\""), "the form again, with the field's message");
        int oversizedFailures = server.platform().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM login_failures WHERE length(subject) > 300").mapTo(Integer.class).one());
        assertEquals(0, oversizedFailures, "an oversized attempt is not counted as a failure");
    }

    @Test
    void logInReturnsOnlyToLocalPaths() {
        String email = signedUpAccount();
        assertTrue(logInPage(email, PASSWORD, "/office/declarations?x=1").headers().firstValue("Location")
                .orElseThrow().endsWith("/office/declarations?x=1"));
        assertTrue(logInPage(email, PASSWORD, "//evil.example/").headers().firstValue("Location").orElseThrow()
                .endsWith("/office"));
        assertTrue(logInPage(email, PASSWORD, "https://evil.example/").headers().firstValue("Location")
                .orElseThrow().endsWith("/office"));
    }

    @Test
    void officeSendsAnonymousVisitorsToTheLoginPage() {
        HttpResponse<String> response = server.get("/office/profile");
        assertEquals(303, response.statusCode());
        assertTrue(response.headers().firstValue("Location").orElseThrow()
                .endsWith("/login?next=%2Foffice%2Fprofile"));
    }

    @Test
    void meNeedsASession() throws Exception {
        HttpResponse<String> anonymous = server.get("/api/me");
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("Content-Type").orElseThrow().startsWith("application/problem+json"));

        String email = uniqueEmail();
        HttpResponse<String> signedUp = signUpApi(email, PASSWORD, "en");
        JsonNode session = JSON.readTree(signedUp.body());
        assertEquals("APPLICANT", session.get("role").asText());
        assertFalse(session.get("csrfToken").asText().isEmpty());
        JsonNode me = me(cookie(signedUp, SessionCookies.SESSION).orElseThrow());
        assertEquals(email, me.get("email").asText());
        assertEquals("Tester", me.get("displayName").asText());
        assertEquals(session.get("id").asText(), me.get("id").asText());
    }

    @Test
    void logOutEndsTheSession() {
        String email = signedUpAccount();
        HttpResponse<String> loggedIn = logInApi(email, PASSWORD);
        String session = cookie(loggedIn, SessionCookies.SESSION).orElseThrow();
        String csrf = field(loggedIn, "csrfToken");

        HttpResponse<String> loggedOut = postForm("/logout", Map.of("_csrf", csrf), sessionCookie(session));
        assertEquals(303, loggedOut.statusCode());
        assertTrue(setCookie(loggedOut, SessionCookies.SESSION).orElseThrow().contains("Max-Age=0"));
        assertEquals(401, getWithCookie("/api/me", sessionCookie(session)).statusCode(), "the old cookie is dead");

        HttpResponse<String> viaApi = logInApi(email, PASSWORD);
        String apiSession = cookie(viaApi, SessionCookies.SESSION).orElseThrow();
        HttpResponse<String> apiLogout = server.send(HttpRequest.newBuilder(server.uri("/api/auth/logout"))
                .header("Cookie", sessionCookie(apiSession)).header(CsrfFilter.HEADER, field(viaApi, "csrfToken"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, apiLogout.statusCode());
        assertEquals(401, getWithCookie("/api/me", sessionCookie(apiSession)).statusCode());
    }

    @Test
    void passwordResetByMailedLinkReplacesThePasswordAndEndsSessions() throws Exception {
        String email = signedUpAccount();
        String oldSession = cookie(logInApi(email, PASSWORD), SessionCookies.SESSION).orElseThrow();

        HttpResponse<String> unknown = postAnonymousForm("/password/forgot", Map.of("email", uniqueEmail()));
        HttpResponse<String> known = postAnonymousForm("/password/forgot", Map.of("email", email.toUpperCase()));
        assertEquals(200, known.statusCode());
        assertEquals(messageOf(unknown.body()), messageOf(known.body()), "the answer reveals nothing");

        String link = linkIn(awaitMail(email, "/password/reset?token="), "/password/reset?token=");
        String token = link.substring(link.indexOf("token=") + 6);
        HttpResponse<String> form = server.get(link);
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("value=\"" + token + "\""));

        HttpResponse<String> weak = postAnonymousForm("/password/reset", Map.of("token", token, "password", "short"));
        assertEquals(422, weak.statusCode());
        assertTrue(weak.body().contains("id=\"error-password\""));

        String newPassword = "a brand new secret";
        assertEquals(200, postAnonymousForm("/password/reset", Map.of("token", token, "password", newPassword))
                .statusCode(), "a refused password leaves the link usable");
        assertEquals(422, logInApi(email, PASSWORD).statusCode(), "the old password stops working");
        assertEquals(200, logInApi(email, newPassword).statusCode());
        assertEquals(401, getWithCookie("/api/me", sessionCookie(oldSession)).statusCode(), "sessions are ended");

        HttpResponse<String> reused = postAnonymousForm("/password/reset",
                Map.of("token", token, "password", "yet another secret"));
        assertEquals(422, reused.statusCode(), "the token works once");
        assertTrue(reused.body().contains("id=\"form-error\""));
        assertEquals(200, logInApi(email, newPassword).statusCode());
    }

    @Test
    void aNewResetLinkOrAResetPasswordVoidsEveryEarlierResetLink() {
        Accounts accounts = accountsAt(Clock.systemUTC());
        String email = signedUpAccount();
        UUID accountId = accountIdOf(email);

        String linkA = issueResetLink(accountId);
        String linkB = issueResetLink(accountId);
        assertThrows(InvalidInputException.class, () -> accounts.reset(linkA, "password of link A", Locale.ENGLISH),
                "a newer link voids the earlier one");
        accounts.reset(linkB, "password of link B", Locale.ENGLISH);
        assertThrows(InvalidInputException.class, () -> accounts.reset(linkB, "link B again", Locale.ENGLISH));
        assertEquals(200, logInApi(email, "password of link B").statusCode());

        // A link issued before issuing voided earlier ones, still waiting in a mailbox next to the newest.
        String linkC = issueResetLink(accountId);
        String olderLink = SecretTokens.newToken();
        server.platform().database().jdbi().useHandle(handle -> handle.attach(TokenDao.class).insert(
                SecretTokens.digest(olderLink), accountId, "RESET", Instant.now().plus(Duration.ofHours(1))));
        accounts.reset(linkC, "password of link C", Locale.ENGLISH);
        assertThrows(InvalidInputException.class, () -> accounts.reset(olderLink, "older link", Locale.ENGLISH),
                "resetting the password voids every other link");
        assertEquals(200, logInApi(email, "password of link C").statusCode());
        int usable = server.platform().database().jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM account_tokens WHERE account_id = :id AND purpose = 'RESET' AND used_at IS NULL")
                .bind("id", accountId).mapTo(Integer.class).one());
        assertEquals(0, usable, "no usable reset link is left");
    }

    @Test
    void formPostsWithASessionNeedItsCsrfToken() {
        String email = signedUpAccount();
        HttpResponse<String> loggedIn = logInApi(email, PASSWORD);
        String session = cookie(loggedIn, SessionCookies.SESSION).orElseThrow();

        HttpResponse<String> missing = postForm("/logout", Map.of(), sessionCookie(session));
        assertEquals(403, missing.statusCode());
        assertTrue(missing.body().contains("Форма устарела"));
        assertTrue(postForm("/logout?lang=en", Map.of(), sessionCookie(session)).body()
                .contains("The form has expired"), "in the language the request asks for");
        assertEquals(403, postForm("/logout", Map.of("_csrf", "forged"), sessionCookie(session)).statusCode());
        assertEquals(200, getWithCookie("/api/me", sessionCookie(session)).statusCode(), "nothing changed");

        HttpResponse<String> apiWithoutHeader = server.send(HttpRequest.newBuilder(server.uri("/api/auth/logout"))
                .header("Cookie", sessionCookie(session)).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(403, apiWithoutHeader.statusCode());
        assertEquals(200, getWithCookie("/api/me", sessionCookie(session)).statusCode(), "still nothing changed");
    }

    @Test
    void anonymousFormsNeedTheDoubleSubmitCookie() {
        String email = signedUpAccount();
        String form = form(Map.of("email", email, "password", PASSWORD, "_csrf", "value-from-another-site"));
        HttpResponse<String> withoutCookie = server.send(HttpRequest.newBuilder(server.uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertEquals(403, withoutCookie.statusCode());
        assertTrue(cookie(withoutCookie, SessionCookies.SESSION).isEmpty());

        HttpResponse<String> mismatch = server.send(HttpRequest.newBuilder(server.uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", SessionCookies.CSRF + "=" + anonymousCsrf())
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertEquals(403, mismatch.statusCode());
    }

    @Test
    void administrationIsForAdminsOnly() {
        String session = cookie(logInApi(signedUpAccount(), PASSWORD), SessionCookies.SESSION).orElseThrow();
        assertEquals(403, getWithCookie("/admin", sessionCookie(session)).statusCode());
        assertEquals(403, getWithCookie("/api/v1/admin/declarations", sessionCookie(session)).statusCode());
        assertEquals(303, server.get("/admin").statusCode(), "anonymous visitors are asked to log in");
        assertEquals(401, server.get("/api/v1/admin/declarations").statusCode());
    }

    @Test
    void ensureAdminCreatesAnAdminWhoCanLogInAndPromotesAnExistingAccount() throws Exception {
        Accounts accounts = accountsAt(Clock.systemUTC());
        String adminEmail = uniqueEmail();
        AccountRow admin = accounts.ensureAdmin(adminEmail, "admin password 1");
        assertTrue(admin.isVerified());
        HttpResponse<String> loggedIn = logInApi(adminEmail, "admin password 1");
        assertEquals("ADMIN", JSON.readTree(loggedIn.body()).get("role").asText());
        String session = cookie(loggedIn, SessionCookies.SESSION).orElseThrow();
        int status = getWithCookie("/admin", sessionCookie(session)).statusCode();
        assertNotEquals(403, status);
        assertNotEquals(303, status);

        String applicant = signedUpAccount();
        UUID applicantId = accounts.ensureAdmin(applicant, "promoted password").id();
        assertEquals(CurrentUser.Role.ADMIN, accounts.find(applicantId).orElseThrow().role());
        assertEquals(422, logInApi(applicant, PASSWORD).statusCode(), "the password is the one given");
        assertEquals(200, logInApi(applicant, "promoted password").statusCode());
    }

    @Test
    void sessionsSlideWithUseAndEndAfterTwelveIdleHours() {
        MovableClock clock = new MovableClock();
        Accounts accounts = accountsAt(clock);
        AccountRow account = accounts.signUp(uniqueEmail(), PASSWORD, "Clocked", "127.0.0.1", Locale.ENGLISH);
        String session = accounts.startSession(account).sessionId();

        clock.advance(Duration.ofHours(11));
        assertTrue(accounts.session(session).isPresent(), "used within 12 hours: extended");
        clock.advance(Duration.ofHours(11));
        assertTrue(accounts.session(session).isPresent(), "22 hours old, but only 11 idle");
        clock.advance(Duration.ofHours(12).plusMinutes(1));
        assertTrue(accounts.session(session).isEmpty(), "idle for more than 12 hours");
    }

    @Test
    void mailedTokensExpire() throws Exception {
        MovableClock clock = new MovableClock();
        Accounts accounts = accountsAt(clock);
        String email = uniqueEmail();
        accounts.signUp(email, PASSWORD, "Late", "127.0.0.1", Locale.ENGLISH);
        String verifyLink = linkIn(awaitMail(email, "/verify?token="), "/verify?token=");
        clock.advance(Duration.ofHours(48).plusMinutes(1));
        assertFalse(accounts.verify(verifyLink.substring(verifyLink.indexOf("token=") + 6)));

        accounts.requestReset(email, Locale.ENGLISH);
        String resetLink = linkIn(awaitMail(email, "/password/reset?token="), "/password/reset?token=");
        clock.advance(Duration.ofMinutes(61));
        assertThrows(InvalidInputException.class, () -> accounts.reset(
                resetLink.substring(resetLink.indexOf("token=") + 6), "a brand new secret", Locale.ENGLISH));
    }

    // --- helpers -------------------------------------------------------------------------------

    private static Accounts accountsAt(Clock clock) {
        Jdbi jdbi = server.platform().database().jdbi();
        return new Accounts(jdbi, new Outbox(jdbi, JsonMapper.create()), "http://localhost", clock);
    }

    /** A clock the test moves forward by hand. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.now();

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static UUID accountIdOf(String email) {
        return server.platform().database().jdbi().withHandle(handle -> handle.attach(AccountDao.class)
                .findByEmail(email).orElseThrow().id());
    }

    /** Issues a reset link the way a request for one does, without waiting for its mail. */
    private static String issueResetLink(UUID accountId) {
        OneTimeTokens tokens = new OneTimeTokens(Clock.systemUTC());
        return server.platform().database().jdbi().inTransaction(handle ->
                tokens.issue(handle, accountId, OneTimeTokens.Purpose.RESET));
    }

    private static String uniqueEmail() {
        return "applicant-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    private static String signedUpAccount() {
        String email = uniqueEmail();
        assertEquals(201, signUpApi(email, PASSWORD, "en").statusCode());
        return email;
    }

    private static HttpResponse<String> signUpPage(String email, String password, String name, String lang) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("email", email);
        fields.put("password", password);
        fields.put("displayName", name);
        return postAnonymousForm("/signup?lang=" + lang, fields);
    }

    private static HttpResponse<String> logInPage(String email, String password, String next) {
        Map<String, String> fields = new LinkedHashMap<>(Map.of("email", email, "password", password));
        if (next != null) {
            fields.put("next", next);
        }
        return postAnonymousForm("/login", fields);
    }

    private static HttpResponse<String> signUpApi(String email, String password, String lang) {
        return postJson("/api/auth/signup?lang=" + lang,
                Map.of("email", email, "password", password, "displayName", "Tester"));
    }

    private static HttpResponse<String> logInApi(String email, String password) {
        return postJson("/api/auth/login", Map.of("email", email, "password", password));
    }

    private static HttpResponse<String> postJson(String path, Map<String, String> body) {
        try {
            return server.send(HttpRequest.newBuilder(server.uri(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts like a browser: the double-submit cookie from a form page, and its value in the form. */
    private static HttpResponse<String> postAnonymousForm(String path, Map<String, String> fields) {
        String csrf = anonymousCsrf();
        Map<String, String> withToken = new LinkedHashMap<>(fields);
        withToken.put("_csrf", csrf);
        return postForm(path, withToken, SessionCookies.CSRF + "=" + csrf);
    }

    private static String anonymousCsrf() {
        return cookie(server.get("/login"), SessionCookies.CSRF).orElseThrow();
    }

    private static HttpResponse<String> postForm(String path, Map<String, String> fields, String cookieHeader) {
        return server.send(HttpRequest.newBuilder(server.uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .header("Cookie", cookieHeader).POST(HttpRequest.BodyPublishers.ofString(form(fields))));
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static HttpResponse<String> getWithCookie(String path, String cookieHeader) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("Cookie", cookieHeader));
    }

    private static JsonNode me(String session) throws Exception {
        HttpResponse<String> response = getWithCookie("/api/me", sessionCookie(session));
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static String sessionCookie(String session) {
        return SessionCookies.SESSION + "=" + session;
    }

    private static String field(HttpResponse<String> response, String name) {
        try {
            return JSON.readTree(response.body()).get(name).asText();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(response.body(), e);
        }
    }

    private static Optional<String> setCookie(HttpResponse<String> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst();
    }

    private static Optional<String> cookie(HttpResponse<String> response, String name) {
        return setCookie(response, name).map(c -> c.substring(name.length() + 1).split(";", 2)[0])
                .filter(value -> !value.isEmpty());
    }

    private static String messageOf(String page) {
        Matcher matcher = Pattern.compile("<p id=\"message\">(.*?)</p>", Pattern.DOTALL).matcher(page);
        assertTrue(matcher.find(), page);
        return matcher.group(1);
    }

    /** The first mail to the address whose text contains the marker, waiting for the outbox worker. */
    private static MimeMessage awaitMail(String address, String marker) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            Optional<MimeMessage> mail = Arrays.stream(smtp.getReceivedMessagesForDomain(address))
                    .filter(message -> text(message).contains(marker)).findFirst();
            if (mail.isPresent()) {
                return mail.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No mail to " + address + " containing " + marker);
    }

    /** The link's path and query, to follow on the test server whatever base URL the mail names. */
    private static String linkIn(MimeMessage mail, String marker) {
        Matcher matcher = Pattern.compile("https?://[^/\\s]+(" + Pattern.quote(marker) + "[A-Za-z0-9_-]+)")
                .matcher(text(mail));
        assertTrue(matcher.find(), text(mail));
        return matcher.group(1);
    }

    private static String text(MimeMessage message) {
        try {
            return message.getContent().toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
