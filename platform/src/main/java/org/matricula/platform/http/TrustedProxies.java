package org.matricula.platform.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpScheme;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.matricula.platform.config.AddressRanges;

/**
 * Behind a reverse proxy, makes a request carry its client's address and scheme instead of the
 * proxy's, before anything reads them: the per-address limits (log-in, sign-up, website forms and
 * visits), the audit log and the absolute addresses of redirects and links all see the client.
 * Only a connection from one of the configured proxies ({@code http.trusted-proxies}) is read
 * this way; from anywhere else the forwarding headers are ignored, so that a client cannot name
 * another address to slip past the limits. Jetty's own {@code ForwardedRequestCustomizer} is not
 * used: it takes the leftmost address of a list, which is whatever the client sent first.
 */
final class TrustedProxies implements HttpConfiguration.Customizer {

    private final AddressRanges proxies;

    TrustedProxies(AddressRanges proxies) {
        this.proxies = proxies;
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        SocketAddress connectedFrom = request.getConnectionMetaData().getRemoteSocketAddress();
        if (proxies.isEmpty() || !(connectedFrom instanceof InetSocketAddress peer) || peer.getAddress() == null
                || !proxies.contains(peer.getAddress())) {
            return request;
        }
        ForwardedHeaders.Client client = ForwardedHeaders.read(request.getHeaders(), proxies);
        if (client.address() == null && client.scheme() == null) {
            return request;
        }
        HttpURI uri = client.scheme() == null ? request.getHttpURI()
                : HttpURI.build(request.getHttpURI()).scheme(client.scheme()).asImmutable();
        ConnectionMetaData connection = client.address() == null ? request.getConnectionMetaData()
                : new ConnectionMetaData.Wrapper(request.getConnectionMetaData()) {
                    @Override
                    public SocketAddress getRemoteSocketAddress() {
                        return client.address();
                    }
                };
        return new Request.Wrapper(request) {
            @Override
            public HttpURI getHttpURI() {
                return uri;
            }

            @Override
            public boolean isSecure() {
                return HttpScheme.HTTPS.is(uri.getScheme());
            }

            @Override
            public ConnectionMetaData getConnectionMetaData() {
                return connection;
            }
        };
    }
}
