package org.matricula.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * A load client's one keep-alive HTTP/1.1 connection, on Apache HttpClient's classic client, which
 * writes and reads on the calling thread. The JDK's client passed every exchange to its selector
 * thread and back and cost 0.27-0.31 ms of CPU per request: on two cores shared with the server, a
 * sixth of a lead's CPU went to the client (docs/performance.md, "A cheaper load client").
 */
final class LoadConnection implements AutoCloseable {

    /** An answer: its status and its body as text, or an empty body when it was discarded. */
    record Answer(int status, String body) {

        /** A figure over failing requests would measure the error path, so anything else stops the phase. */
        Answer require(int expected, URI uri) {
            if (status != expected) {
                throw new IllegalStateException("HTTP " + status + " " + uri + " " + body);
            }
            return this;
        }
    }

    private final CloseableHttpClient client = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(1).setMaxConnPerRoute(1).build())
            .disableAutomaticRetries().disableRedirectHandling().disableCookieManagement()
            .disableAuthCaching().disableContentCompression()
            .build();

    /** GETs the address with the headers given as name, value pairs, the body read and thrown away. */
    Answer getDiscarding(URI uri, String... headers) throws IOException {
        return send(with(new HttpGet(uri), headers), false);
    }

    /** POSTs a JSON body; the answer's body read. */
    Answer postJson(URI uri, String json, String... headers) throws IOException {
        HttpPost post = with(new HttpPost(uri), headers);
        post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        return send(post, true);
    }

    private static <R extends ClassicHttpRequest> R with(R request, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.addHeader(headers[i], headers[i + 1]);
        }
        return request;
    }

    private Answer send(ClassicHttpRequest request, boolean readBody) throws IOException {
        return client.execute(request, response -> {
            if (readBody && response.getEntity() != null) {
                return new Answer(response.getCode(), EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8));
            }
            EntityUtils.consume(response.getEntity());
            return new Answer(response.getCode(), "");
        });
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
