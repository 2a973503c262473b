package org.matricula.distribution.badinput;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deliberately naive HTTP/1.1 client over a plain socket: it sends the request line, headers and
 * body exactly as given, so that broken percent-encoding and invalid UTF-8 reach the server
 * unchanged (the JDK client refuses to build such requests).
 */
final class RawHttp {

    /** Longer than the server's idle timeout (30 s), which probes of stalled bodies wait for. */
    private static final int TIMEOUT_MILLIS = 45_000;

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /** A response, or {@code status} 0 when the server closed the connection without one. */
    record Response(int status, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    Response send(Probe probe) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            write(socket.getOutputStream(), probe);
            return read(socket.getInputStream());
        } catch (IOException e) {
            return new Response(0, Map.of(), "no response: " + e);
        }
    }

    private static void write(OutputStream out, Probe probe) {
        StringBuilder head = new StringBuilder();
        // ISO-8859-1 maps each char of the target to one byte: invalid UTF-8 goes out as given.
        head.append(probe.method()).append(' ').append(probe.target()).append(" HTTP/1.1\r\n");
        head.append("Host: 127.0.0.1\r\nConnection: close\r\n");
        probe.headers().forEach(header -> head.append(header.getKey()).append(": ").append(header.getValue())
                .append("\r\n"));
        byte[] body = probe.body();
        boolean chunked = probe.headers().stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Transfer-Encoding"));
        // A probe may announce a length its body does not have.
        boolean lengthGiven = probe.headers().stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Content-Length"));
        if (body != null && !chunked && !lengthGiven) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        try {
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null && chunked) {
                for (int from = 0; from < body.length; from += 65_536) {
                    int length = Math.min(65_536, body.length - from);
                    out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, from, length);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else if (body != null) {
                out.write(body);
            }
            out.flush();
        } catch (IOException refusedEarly) {
            // The server may answer (413, say) and close before reading a huge body: read that answer.
        }
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[65_536];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (IOException reset) {
            if (all.size() == 0) {
                throw reset;
            }
        }
        byte[] bytes = all.toByteArray();
        int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (end < 0) {
            return new Response(0, Map.of(), "no complete response: "
                    + new String(bytes, StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
        byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
        if (headers.getOrDefault("transfer-encoding", "").contains("chunked")) {
            body = dechunk(body);
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int lineEnd = indexOf(java.util.Arrays.copyOfRange(body, at, body.length), new byte[] {'\r', '\n'});
            if (lineEnd < 0) {
                break;
            }
            String size = new String(body, at, lineEnd, StandardCharsets.US_ASCII).split(";")[0].trim();
            int length = Integer.parseInt(size, 16);
            if (length == 0) {
                break;
            }
            at += lineEnd + 2;
            out.write(body, at, Math.min(length, body.length - at));
            at += length + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, byte[] sought) {
        outer:
        for (int i = 0; i + sought.length <= bytes.length; i++) {
            for (int j = 0; j < sought.length; j++) {
                if (bytes[i + j] != sought[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
