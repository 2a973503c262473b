package org.matricula.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.RunningPlatform;

/**
 * Behind a trusted reverse proxy (the tests connect from 127.0.0.1), each client is limited by its
 * own address as the proxy forwards it; from an address not listed, forwarding headers change
 * nothing, so they cannot be used to slip past the limits.
 */
class TrustedProxiesIT {

    @RegisterExtension
    static final PlatformExtension behindProxy = PlatformExtension.start(Map.of(
            "http.trusted-proxies", "10.0.0.0/8, 127.0.0.1", "accounts.sign-ups-per-hour", "2"));

    @RegisterExtension
    static final PlatformExtension direct = PlatformExtension.start(Map.of(
            "http.trusted-proxies", "10.0.0.0/8", "accounts.sign-ups-per-hour", "2"));

    private static final int LOGIN_FAILURES_PER_ADDRESS = 20;

    @Test
    void eachForwardedClientHasItsOwnSignUps() {
        for (int i = 0; i < 2; i++) {
            assertEquals(201, signUp(behindProxy, "X-Forwarded-For", "203.0.113.10, 198.51.100.1").statusCode());
        }
        HttpResponse<String> refused = signUp(behindProxy, "X-Forwarded-For", "203.0.113.11, 198.51.100.1");
        assertEquals(429, refused.statusCode(), "what the client itself wrote before its address is not believed");
        assertEquals(201, signUp(behindProxy, "X-Forwarded-For", "198.51.100.2, 10.1.2.3").statusCode(),
                "another client, through a second trusted proxy");

        for (int i = 0; i < 2; i++) {
            assertEquals(201, signUp(behindProxy, "Forwarded", "for=198.51.100.3;proto=https").statusCode());
        }
        assertEquals(429, signUp(behindProxy, "Forwarded", "for=\"198.51.100.3:4711\", for=10.0.0.9").statusCode());
        assertEquals(201, signUp(behindProxy, "Forwarded", "for=\"[2001:db8::3]:4711\"").statusCode());
    }

    /** A host picks its IPv6 addresses in its /64 at will: the network is the client. */
    @Test
    void anIpv6ClientCountsAsItsNetworkWhicheverAddressItTakes() {
        assertEquals(201, signUp(behindProxy, "X-Forwarded-For", "2001:db8:7:7::1").statusCode());
        assertEquals(201, signUp(behindProxy, "Forwarded", "for=\"[2001:db8:7:7:abcd::2]\"").statusCode());
        assertEquals(429, signUp(behindProxy, "X-Forwarded-For", "2001:db8:7:7:ffff:1:2:3").statusCode(),
                "a third address of the same /64");
        assertEquals(201, signUp(behindProxy, "X-Forwarded-For", "2001:db8:7:8::1").statusCode(), "another network");
    }

    @Test
    void forwardingHeadersFromAnotherAddressDoNotEscapeTheSignUpLimit() {
        int opened = 0;
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = signUp(direct, "X-Forwarded-For", "198.51.100." + (10 + i));
            opened += response.statusCode() == 201 ? 1 : 0;
        }
        assertEquals(2, opened, "every sign-up counted against the connection's address");
        assertEquals(429, signUp(direct, "Forwarded", "for=198.51.100.20").statusCode());
    }

    @Test
    void eachForwardedClientIsLockedOutAlone() {
        for (int i = 0; i < LOGIN_FAILURES_PER_ADDRESS; i++) {
            assertEquals(422, wrongLogIn(behindProxy, "X-Forwarded-For", "198.51.100.50").statusCode());
        }
        HttpResponse<String> locked = wrongLogIn(behindProxy, "X-Forwarded-For", "198.51.100.50");
        assertEquals(429, locked.statusCode(), locked.body());
        assertEquals(422, wrongLogIn(behindProxy, "X-Forwarded-For", "198.51.100.51").statusCode(),
                "another client behind the same proxy may still log in");
        assertEquals(429, wrongLogIn(behindProxy, "X-Forwarded-For", "198.51.100.50, 127.0.0.1").statusCode(),
                "the same client through one more proxy");
    }

    @Test
    void forwardingHeadersFromAnotherAddressDoNotEscapeTheLockout() {
        for (int i = 0; i < LOGIN_FAILURES_PER_ADDRESS; i++) {
            wrongLogIn(direct, "X-Forwarded-For", "198.51.100." + (100 + i));
        }
        HttpResponse<String> locked = wrongLogIn(direct, "X-Forwarded-For", "198.51.100.200");
        assertEquals(429, locked.statusCode(), locked.body());
        assertEquals(429, wrongLogIn(direct, "Forwarded", "for=198.51.100.201").statusCode());
        assertEquals(List.of("address:127.0.0.1"), addressesLockedOut(direct));
    }

    @Test
    void theAuditLogRecordsTheForwardedClient() {
        assertEquals("198.51.100.90", auditedClient("X-Forwarded-For", "198.51.100.90"));
        assertEquals("[2001:db8:0:0:0:0:0:90]", auditedClient("Forwarded", "for=\"[2001:db8::90]\""));
        assertEquals("127.0.0.1", auditedClient("X-Forwarded-For", "garbage"));
    }

    @Test
    void garbledHeadersCountAsTheProxyAndNeverFail() {
        String[][] garbled = {{"X-Forwarded-For", "not-an-address"}, {"X-Forwarded-For", "198.51.100.60, <script>"},
            {"X-Forwarded-For", "[2001:db8::1"}, {"X-Forwarded-For", "198.51.100.60:99999"},
            {"Forwarded", "for=\"198.51.100.61"}, {"Forwarded", "for=unknown"},
            {"Forwarded", "for=_hidden;proto=https"},
            {"Forwarded", "for==;;,,=="}, {"X-Forwarded-Proto", "javascript"}};
        for (String[] header : garbled) {
            HttpResponse<String> response = wrongLogIn(behindProxy, header[0], header[1]);
            assertEquals(422, response.statusCode(), header[0] + ": " + header[1] + " " + response.body());
        }
        long countedAsTheProxy = behindProxy.platform().database().jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM login_failures WHERE subject = 'address:127.0.0.1'").mapTo(Long.class).one());
        assertEquals(garbled.length, countedAsTheProxy);
    }

    @Test
    void redirectsKeepTheSchemeTheClientUsed() {
        String location = behindProxy.send(HttpRequest.newBuilder(behindProxy.uri("/office"))
                .header("X-Forwarded-Proto", "https")).headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("https://"), location);
        location = behindProxy.send(HttpRequest.newBuilder(behindProxy.uri("/office"))
                .header("Forwarded", "for=198.51.100.70;proto=https")).headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("https://"), location);
        location = behindProxy.get("/office").headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("http://"), location);
        location = direct.send(HttpRequest.newBuilder(direct.uri("/office")).header("X-Forwarded-Proto", "https"))
                .headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("http://"), "not from an untrusted address: " + location);
    }

    private static HttpResponse<String> signUp(RunningPlatform server, String header, String value) {
        return server.send(HttpRequest.newBuilder(server.uri("/api/v1/auth/signup?lang=en"))
                .header("Content-Type", "application/json").header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"proxied-" + UUID.randomUUID()
                        + "@example.org\",\"password\":\"right-password-2026\",\"displayName\":\"Proxied\"}")));
    }

    /** A failed log-in to an address no account has, so only the client address's count grows. */
    private static HttpResponse<String> wrongLogIn(RunningPlatform server, String header, String value) {
        return server.send(HttpRequest.newBuilder(server.uri("/api/v1/auth/login?lang=en"))
                .header("Content-Type", "application/json").header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"nobody-" + UUID.randomUUID()
                        + "@example.org\",\"password\":\"wrong-password-2026\"}")));
    }

    /** The client address the audit log keeps for an admin write made through the proxy. */
    private static String auditedClient(String header, String value) {
        String requestId = "proxied-" + UUID.randomUUID();
        HttpResponse<String> created = behindProxy.send(behindProxy.admin("/api/v1/billing/discounts")
                .header("Content-Type", "application/json").header("X-Request-Id", requestId).header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + requestId.substring(0, 20)
                        + "\",\"kind\":\"PERCENT\",\"value\":\"15\"}")));
        assertEquals(200, created.statusCode(), created.body());
        return behindProxy.platform().database().jdbi().withHandle(handle -> handle.createQuery(
                "SELECT client FROM audit_log WHERE request_id = :requestId").bind("requestId", requestId)
                .mapTo(String.class).one());
    }

    private static List<String> addressesLockedOut(RunningPlatform server) {
        return server.platform().database().jdbi().withHandle(handle -> handle.createQuery(
                "SELECT subject FROM login_failures WHERE subject LIKE 'address:%' GROUP BY subject "
                        + "HAVING count(*) >= :limit ORDER BY subject").bind("limit", LOGIN_FAILURES_PER_ADDRESS)
                .mapTo(String.class).list());
    }
}
