package org.matricula.platform.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of PostgreSQL that counts round trips: every exchange of the wire
 * protocol, a simple query or an extended-protocol batch up to its Sync, is answered by exactly
 * one ReadyForQuery message ({@code 'Z'}), so counting those in the server's replies counts the
 * times a client waited for the database, whatever the driver or the SQL. Connections must not
 * use SSL ({@link #jdbcUrl} turns it off).
 */
public final class RoundTripCounter implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress server;
    private final String database;
    private final AtomicLong roundTrips = new AtomicLong();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private RoundTripCounter(ServerSocket listener, InetSocketAddress server, String database) {
        this.listener = listener;
        this.server = server;
        this.database = database;
    }

    /** Starts a proxy to the server and database of a {@code jdbc:postgresql://host:port/db} URL. */
    public static RoundTripCounter in(String jdbcUrl) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        try {
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            RoundTripCounter counter = new RoundTripCounter(listener,
                    new InetSocketAddress(uri.getHost(), uri.getPort()), uri.getPath().substring(1));
            Thread acceptor = new Thread(counter::accept, "round-trip-counter");
            acceptor.setDaemon(true);
            acceptor.start();
            return counter;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL through the proxy. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + listener.getLocalPort() + "/" + database
                + "?sslmode=disable&gssEncMode=disable";
    }

    /** Round trips so far, over every connection. */
    public long roundTrips() {
        return roundTrips.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket(server.getAddress(), server.getPort());
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                pump(client.getInputStream(), upstream.getOutputStream(), false);
                pump(upstream.getInputStream(), client.getOutputStream(), true);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(InputStream in, OutputStream out, boolean fromServer) {
        Thread thread = new Thread(() -> {
            ReplyParser replies = new ReplyParser();
            byte[] buffer = new byte[16384];
            try {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (fromServer) {
                        replies.feed(buffer, read);
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException ignored) {
                // one side closed the connection
            } finally {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "round-trip-counter-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** Walks the server's messages (a type byte, then a length that counts itself) looking for 'Z'. */
    private final class ReplyParser {

        private int headerRead;
        private final byte[] header = new byte[5];
        private long bodyLeft;

        void feed(byte[] bytes, int length) {
            int at = 0;
            while (at < length) {
                if (bodyLeft > 0) {
                    int skip = (int) Math.min(bodyLeft, length - at);
                    bodyLeft -= skip;
                    at += skip;
                    continue;
                }
                header[headerRead++] = bytes[at++];
                if (headerRead == header.length) {
                    headerRead = 0;
                    if (header[0] == 'Z') {
                        roundTrips.incrementAndGet();
                    }
                    bodyLeft = ((header[1] & 0xffL) << 24 | (header[2] & 0xff) << 16 | (header[3] & 0xff) << 8
                            | (header[4] & 0xff)) - 4;
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
