package org.matricula.platform.http;

import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.matricula.platform.config.AddressRanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty with Jersey as its one servlet. Stopping is graceful: the connector stops accepting,
 * in-flight requests finish (up to the grace period), then the server stops.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final Server server;
    private final ServerConnector connector;
    private final AccessLog accessLog;

    private HttpServer(Server server, ServerConnector connector, AccessLog accessLog) {
        this.server = server;
        this.connector = connector;
        this.accessLog = accessLog;
    }

    /**
     * @param threads the most requests served at once (Jetty's own acceptor and selector threads included)
     * @param idleTimeout how long a connection may stay silent, also while a request body is awaited
     * @param trustedProxies the proxies whose forwarding headers name the client (see {@link TrustedProxies})
     */
    public static HttpServer start(String host, int port, int threads, Duration grace, Duration idleTimeout,
            AddressRanges trustedProxies, ResourceConfig application) {
        Server server = new Server(new QueuedThreadPool(threads, Math.min(8, threads), 60_000));
        server.setStopTimeout(grace.toMillis());
        server.setStopAtShutdown(false);
        HttpConfiguration httpConfiguration = new HttpConfiguration();
        httpConfiguration.addCustomizer(new TrustedProxies(trustedProxies));
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(httpConfiguration));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(idleTimeout.toMillis());
        server.addConnector(connector);
        // Requests refused before they reach Jersey still get a clear answer in the client's format.
        server.setErrorHandler(new JettyErrors());

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.setErrorHandler(new JettyErrors());
        AccessLog accessLog = new AccessLog();
        context.addFilter(new FilterHolder(new RequestIdFilter(accessLog)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new ServletContainer(application)), "/*");
        // Ambiguous paths are refused before routing, so the router and every filter read the path alike.
        server.setHandler(new GracefulHandler(new UnambiguousPaths(context)));
        try {
            server.start();
        } catch (Exception e) {
            accessLog.close();
            throw new IllegalStateException("Cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        log.info("Listening on http://{}:{}", host, connector.getLocalPort());
        return new HttpServer(server, connector, accessLog);
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("HTTP server did not stop cleanly: {}", e.getMessage());
        }
        accessLog.close();
    }
}
