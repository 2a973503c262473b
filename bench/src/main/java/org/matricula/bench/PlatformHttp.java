package org.matricula.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.matricula.platform.testing.TestSessions.Session;

/** The running platform's HTTP address on loopback, and the check every measured GET passes. */
final class PlatformHttp {

    private final int port;

    PlatformHttp(int port) {
        this.port = port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A request carrying that session's cookie; without more it is a GET. */
    HttpRequest.Builder request(String path, Session session) {
        return HttpRequest.newBuilder(uri(path)).header("Cookie", session.cookie());
    }

    /** A figure over failing requests would measure the error path, so anything but 200 stops the phase. */
    static void requireOk(HttpResponse<?> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " " + response.uri());
        }
    }
}
