package io.proxywrap.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.proxywrap.it.support.HttpResponse;
import io.proxywrap.it.support.LoopbackPorts;
import io.proxywrap.it.support.SelfSignedCertificate;
import java.io.BufferedInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A test client speaking to the server directly from {@link LoopbackPorts#CLIENT_ADDRESS}: it writes a
 * PROXY header the test made, the way a {@link HeaderDelivery} says, then speaks plain HTTP/1.1 or
 * HTTP/1.1 over TLS (the TLS handshake starts right after the header, as behind a balancer in
 * TCP mode). Every read has a timeout.
 */
public final class RawClient implements AutoCloseable {

    public static final int CONNECT_TIMEOUT_MILLIS = 5000;
    public static final int READ_TIMEOUT_MILLIS = 10000;

    private final HeaderFirstSocket raw;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawClient(HeaderFirstSocket raw, Socket socket) throws IOException {
        this.raw = raw;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Plain TCP to 127.0.0.1:{@code port}, the header delivered as {@code delivery} says. */
    public static RawClient open(int port, HeaderDelivery delivery) throws IOException {
        return open(port, delivery, null);
    }

    /**
     * To 127.0.0.1:{@code port}, the header delivered as {@code delivery} says, then TLS when
     * {@code tls} is not null (trusting only that certificate, SNI {@value SelfSignedCertificate#HOST_NAME},
     * offering only http/1.1), handshake done.
     */
    public static RawClient open(int port, HeaderDelivery delivery, SelfSignedCertificate tls) throws IOException {
        return open(LoopbackPorts.CLIENT_ADDRESS, port, delivery, tls);
    }

    /**
     * Plain TCP from {@code source} instead of the usual client address (e.g. the trusted
     * balancer's) to that family's loopback: 127.0.0.1, or ::1 for an IPv6 source.
     */
    public static RawClient openFrom(InetAddress source, int port, HeaderDelivery delivery) throws IOException {
        return open(source, port, delivery, null);
    }

    private static RawClient open(InetAddress source, int port, HeaderDelivery delivery, SelfSignedCertificate tls)
            throws IOException {
        HeaderFirstSocket raw = new HeaderFirstSocket(delivery.withFirstWrite());
        InetAddress server = source instanceof Inet6Address ? LoopbackPorts.IPV6_LOOPBACK : LoopbackPorts.LOOPBACK;
        try {
            raw.bind(new InetSocketAddress(source, 0));
            raw.connect(new InetSocketAddress(server, port), CONNECT_TIMEOUT_MILLIS);
            raw.setSoTimeout(READ_TIMEOUT_MILLIS);
            raw.setTcpNoDelay(true);
            OutputStream direct = raw.directOutput();
            for (byte[] write : delivery.separateWrites()) {
                direct.write(write);
                direct.flush();
                pause(delivery.pauseMillis());
            }
            if (tls == null) {
                return new RawClient(raw, raw);
            }
            SSLContext context = tls.trustingContext();
            SSLSocket ssl = (SSLSocket) context.getSocketFactory()
                    .createSocket(raw, SelfSignedCertificate.HOST_NAME, port, true);
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"http/1.1"});
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(parameters);
            ssl.startHandshake();
            return new RawClient(raw, ssl);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** The port this client's connection comes from: what the real socket address says. */
    public int localPort() {
        return raw.getLocalPort();
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void write(String ascii) throws IOException {
        write(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    /** Exactly {@code count} bytes, within the read timeout. */
    public byte[] readBytes(int count) throws IOException {
        byte[] bytes = in.readNBytes(count);
        assertEquals(count, bytes.length, "end of stream after " + bytes.length + " bytes");
        return bytes;
    }

    public HttpResponse readResponse() throws IOException {
        return HttpResponse.read(in);
    }

    /** Sends a GET for {@code uri} and returns the echo of its 200 response. */
    public Echo get(String uri) throws IOException {
        write(request("GET", uri, ""));
        return echoOf(readResponse());
    }

    /** {@code method uri HTTP/1.1} with a Host header, and a Content-Length when there is a body. */
    public static String request(String method, String uri, String extraHeaders) {
        return method + " " + uri + " HTTP/1.1\r\nHost: " + SelfSignedCertificate.HOST_NAME + "\r\n" + extraHeaders
                + "\r\n";
    }

    public static Echo echoOf(HttpResponse response) {
        assertEquals(200, response.status(), () -> response.statusLine() + "\n" + response.bodyText());
        return Echo.parse(response.bodyText());
    }

    /**
     * Asserts that the server closed the connection without sending a byte: a read gives end of
     * stream, or a reset (a close with unread input resets). A timeout fails: the connection was
     * left open.
     */
    public void assertClosedWithoutResponse(String context) {
        try {
            int b = in.read();
            if (b >= 0) {
                byte[] more = in.readNBytes(Math.min(in.available(), 512));
                fail("expected the connection closed with no response, got bytes: " + (char) b
                        + new String(more, StandardCharsets.ISO_8859_1) + "\n" + context);
            }
        } catch (SocketTimeoutException e) {
            fail("connection still open and silent after " + READ_TIMEOUT_MILLIS + " ms\n" + context);
        } catch (SocketException e) {
            if (!String.valueOf(e.getMessage()).contains("reset")) {
                fail("expected end of stream or a reset, got " + e + "\n" + context);
            }
        } catch (IOException e) {
            fail("expected end of stream or a reset, got " + e + "\n" + context);
        }
    }

    /** Ends the client's side (a FIN), leaving the connection open for the response. */
    public void shutdownOutput() throws IOException {
        out.flush();
        raw.shutdownOutput();
    }

    /** Closes with a reset (SO_LINGER 0) instead of a FIN, as a client that crashed or gave up. */
    public void reset() throws IOException {
        raw.setSoLinger(true, 0);
        raw.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        raw.close();
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A socket whose output stream sends {@code prefix} together with the first bytes written to
     * it, in one write: how the end of a header and a request, or a ClientHello written by an
     * SSLSocket layered on top, arrive in one segment.
     */
    private static final class HeaderFirstSocket extends Socket {
        private byte[] prefix;
        private OutputStream prefixing;

        HeaderFirstSocket(byte[] prefix) {
            this.prefix = prefix;
        }

        OutputStream directOutput() throws IOException {
            return super.getOutputStream();
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (prefixing == null) {
                prefixing = new FilterOutputStream(super.getOutputStream()) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        if (prefix != null && prefix.length > 0) {
                            byte[] joined = new byte[prefix.length + len];
                            System.arraycopy(prefix, 0, joined, 0, prefix.length);
                            System.arraycopy(b, off, joined, prefix.length, len);
                            prefix = null;
                            out.write(joined);
                        } else {
                            prefix = null;
                            out.write(b, off, len);
                        }
                    }

                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }
                };
            }
            return prefixing;
        }
    }
}
