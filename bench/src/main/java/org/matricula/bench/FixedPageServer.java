package org.matricula.bench;

import java.net.URI;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/** A bare Jetty server on loopback answering every request with the same page: HTTP serving with no work. */
final class FixedPageServer {

    private final Server server;
    private final URI uri;

    private FixedPageServer(Server server, URI uri) {
        this.server = server;
        this.uri = uri;
    }

    static FixedPageServer start(byte[] page) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html;charset=utf-8");
                response.write(true, ByteBuffer.wrap(page), callback);
                return true;
            }
        });
        server.start();
        return new FixedPageServer(server, URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/fixed"));
    }

    URI uri() {
        return uri;
    }

    void stop() throws Exception {
        server.stop();
    }
}
