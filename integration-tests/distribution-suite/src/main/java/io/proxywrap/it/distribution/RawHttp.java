package io.proxywrap.it.distribution;

import io.proxywrap.it.support.HttpResponse;
import io.proxywrap.it.support.LoopbackPorts;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * A client connection from {@link LoopbackPorts#CLIENT_ADDRESS} straight to the server, writing
 * exactly the bytes given (a PROXY header of our choosing, or none) and reading everything that
 * comes back until the server closes.
 */
public final class RawHttp {

    private static final int CONNECT_TIMEOUT_MILLIS = 5000;
    /** Covers Jasper compiling the JSP on the first request to a fresh server. */
    private static final int READ_TIMEOUT_MILLIS = 20000;
    /** The page is a few hundred bytes: far more than this is a bug, not a reason to read on. */
    private static final int MAX_RESPONSE = 64 * 1024;

    /** What came back on one connection: the bytes, and how the stream ended. */
    public record Exchange(int clientPort, byte[] response, String ending) {

        public String text() {
            return new String(response, StandardCharsets.ISO_8859_1);
        }

        /** The response parsed: fails the test, with what came back, unless it is exactly one complete response. */
        public HttpResponse http() {
            ByteArrayInputStream in = new ByteArrayInputStream(response);
            HttpResponse parsed;
            try {
                parsed = HttpResponse.read(in);
            } catch (IOException e) {
                throw new AssertionError("no complete HTTP response: " + this, e);
            }
            if (in.available() > 0) {
                throw new AssertionError(in.available() + " bytes after the response: " + this);
            }
            return parsed;
        }

        @Override
        public String toString() {
            return "client port " + clientPort + ", " + response.length + " bytes back, then " + ending + ":\n"
                    + text();
        }
    }

    private RawHttp() {
    }

    /**
     * An HTTP/1.0 GET of {@code pathAndQuery}: the server closes the connection after its
     * response, so reading to the end gets the whole of it and nothing else.
     */
    public static String get(String pathAndQuery) {
        return "GET " + pathAndQuery + " HTTP/1.0\r\nHost: localhost\r\nUser-Agent: proxywrap-it\r\n\r\n";
    }

    /** Connects from 127.0.0.42 to 127.0.0.1:{@code port}, sends {@code bytes} and reads to the end. */
    public static Exchange exchange(int port, String bytes) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(LoopbackPorts.CLIENT_ADDRESS, 0));
            socket.connect(new InetSocketAddress(LoopbackPorts.LOOPBACK, port), CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            String ending;
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketException e) {
                    // A server that closes with our request unread in its buffer sends a reset.
                    ending = "an error: " + e.getMessage();
                    break;
                }
                if (n < 0) {
                    ending = "end of stream";
                    break;
                }
                response.write(buffer, 0, n);
                if (response.size() > MAX_RESPONSE) {
                    ending = "more than " + MAX_RESPONSE + " bytes, stopped reading";
                    break;
                }
            }
            return new Exchange(socket.getLocalPort(), response.toByteArray(), ending);
        }
    }
}
