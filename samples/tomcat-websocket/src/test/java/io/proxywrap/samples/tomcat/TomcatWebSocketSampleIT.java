package io.proxywrap.samples.tomcat;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged sample behind the shaded agent, as the README runs it: every connection to its
 * port must start with a PROXY header, sent here by hand over loopback so the client the header
 * names (203.0.113.0/24, a documentation range) differs from the real peer (127.0.0.1).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TomcatWebSocketSampleIT {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final byte[] V2_SIGNATURE = {
        0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A,
    };

    @TempDir
    static Path logs;
    private static SampleProcess sample;

    @BeforeAll
    static void startSample() throws Exception {
        sample = SampleProcess.start(logs);
    }

    @AfterAll
    static void stopSample() throws Exception {
        if (sample != null) {
            sample.close();
        }
    }

    @Test
    void agentSaysItReadsHeadersOnTheSamplesConnector() throws IOException {
        String expected = "[proxywrap] Apache Tomcat/" + System.getProperty("test.proxywrap.tomcatVersion")
                + ": connector \"http-nio-" + sample.port + "\" on port " + sample.port + " reads PROXY headers";
        assertTrue(sample.agentLines().contains(expected), () -> "expected " + expected + "\n" + output());
    }

    @Test
    void whoamiReportsTheV1HeadersAddresses() throws IOException {
        Exchange exchange = exchange(v1("203.0.113.7", "198.51.100.1", 51000, 8443), get("/whoami"));

        assertEquals(List.of(
                "getRemoteAddr: 203.0.113.7",
                "getRemotePort: 51000",
                "getLocalAddr: 198.51.100.1",
                "getLocalPort: 8443",
                "getScheme: http",
                "isSecure: false",
                "proxywrap.proxy.address: 127.0.0.1",
                "proxywrap.proxy.port: " + exchange.clientPort,
                "proxywrap.version: 1"),
                body(exchange.response).lines().toList(), () -> exchange.response + "\n" + output());
    }

    @Test
    void v2SslTlvMakesTheRequestSecure() throws IOException {
        String response = exchange(v2WithSsl("203.0.113.9", "198.51.100.1", 52000, 443, "TLSv1.3"), get("/whoami"))
                .response;

        List<String> lines = body(response).lines().toList();
        assertTrue(lines.containsAll(List.of(
                "getRemoteAddr: 203.0.113.9",
                "getRemotePort: 52000",
                "getScheme: https",
                "isSecure: true",
                "proxywrap.version: 2",
                "proxywrap.ssl.version: TLSv1.3")), () -> response + "\n" + output());
    }

    @Test
    void pageOpensTheEchoWebSocket() throws IOException {
        String response = exchange(v1("203.0.113.7", "198.51.100.1", 51002, 8080), get("/")).response;

        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        assertTrue(body(response).contains("new WebSocket(scheme + location.host + '/echo')"), response);
    }

    @Test
    void webSocketSessionSeesTheHeadersClientAndEchoes() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String key = Base64.getEncoder().encodeToString(randomBytes(16));
            out.write(v1("203.0.113.7", "198.51.100.1", 51001, 8080));
            out.write(("GET /echo HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(US_ASCII));
            out.flush();

            String handshake = readHeaders(in);
            assertTrue(handshake.startsWith("HTTP/1.1 101 "), handshake);
            assertTrue(handshake.toLowerCase().contains("sec-websocket-accept: " + accept(key).toLowerCase()), handshake);

            String you = "you 203.0.113.7:51001 secure=false";
            assertEquals(you, readText(in), "the first message says how the server sees this client");
            sendText(out, "hello through PROXY");
            // The client list (broadcast when this session joined) and the echo, in either order.
            List<String> messages = new ArrayList<>();
            while (!(messages.contains("echo hello through PROXY") && messages.stream().anyMatch(
                    message -> message.startsWith("clients\n") && message.contains(" 203.0.113.7:51001 secure=false")))) {
                messages.add(readText(in));
            }

            sendClose(out);
            assertEquals(0x8, readFrame(in).opcode, "the server answers a close with a close");
        }
    }

    @Test
    void connectionWithoutHeaderIsClosedUnanswered() throws IOException {
        // Required mode (the default): no header, no HTTP response; the agent closes the connection.
        assertEquals("", exchange(new byte[0], get("/whoami")).response);
    }

    /**
     * @param clientPort the connection's local port: the balancer's, as proxywrap.proxy.port reports it
     * @param response all the server sent until it closed the connection
     */
    private record Exchange(int clientPort, String response) {
    }

    /** Sends {@code header} and {@code request} on a new connection and reads until the server closes it. */
    private static Exchange exchange(byte[] header, String request) throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(header);
            out.write(request.getBytes(US_ASCII));
            out.flush();
            return new Exchange(socket.getLocalPort(), new String(socket.getInputStream().readAllBytes(), UTF_8));
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), sample.port), CONNECT_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return socket;
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    }

    private static String body(String response) {
        int end = response.indexOf("\r\n\r\n");
        assertTrue(end >= 0, () -> "no complete HTTP response: " + response);
        return response.substring(end + 4);
    }

    private static byte[] v1(String source, String destination, int sourcePort, int destinationPort) {
        return ("PROXY TCP4 " + source + " " + destination + " " + sourcePort + " " + destinationPort + "\r\n")
                .getBytes(US_ASCII);
    }

    /**
     * A v2 PROXY header for TCP over IPv4 with one SSL TLV (spec §2.2.5): the client connected
     * over TLS ({@code PP2_CLIENT_SSL}), its certificate verified, with a VERSION sub-TLV.
     */
    private static byte[] v2WithSsl(String source, String destination, int sourcePort, int destinationPort,
            String tlsVersion) throws IOException {
        byte[] version = tlsVersion.getBytes(US_ASCII);
        ByteBuffer ssl = ByteBuffer.allocate(1 + 4 + 3 + version.length)
                .put((byte) 0x01) // client: PP2_CLIENT_SSL
                .putInt(0) // verify: 0 = the client presented a verified certificate
                .put((byte) 0x21).putShort((short) version.length).put(version); // PP2_SUBTYPE_SSL_VERSION
        ByteBuffer body = ByteBuffer.allocate(12 + 3 + ssl.capacity())
                .put(InetAddress.getByName(source).getAddress())
                .put(InetAddress.getByName(destination).getAddress())
                .putShort((short) sourcePort)
                .putShort((short) destinationPort)
                .put((byte) 0x20).putShort((short) ssl.capacity()).put(ssl.array()); // PP2_TYPE_SSL
        return ByteBuffer.allocate(V2_SIGNATURE.length + 4 + body.capacity())
                .put(V2_SIGNATURE)
                .put((byte) 0x21) // version 2, PROXY
                .put((byte) 0x11) // AF_INET, STREAM
                .putShort((short) body.capacity())
                .put(body.array())
                .array();
    }

    /** Up to and including the blank line that ends an HTTP response's headers. */
    private static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        while (!headers.toString(ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside the response headers: " + headers.toString(ISO_8859_1));
            }
            headers.write(b);
        }
        return headers.toString(ISO_8859_1);
    }

    /** RFC 6455 §4.2.2: what the server must answer to {@code key}. */
    private static String accept(String key) throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + WEBSOCKET_GUID).getBytes(US_ASCII));
        return Base64.getEncoder().encodeToString(digest);
    }

    private record Frame(int opcode, byte[] payload) {
    }

    /** One unfragmented server frame (RFC 6455 §5.2): servers never mask. */
    private static Frame readFrame(DataInputStream in) throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        assertEquals(0x80, first & 0x80, "a final frame");
        assertEquals(0, second & 0x80, "server frames are not masked");
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        assertTrue(length <= 65536, "an unexpectedly long frame: " + length);
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0F, payload);
    }

    private static String readText(DataInputStream in) throws IOException {
        Frame frame = readFrame(in);
        assertEquals(0x1, frame.opcode, "a text frame");
        return new String(frame.payload, UTF_8);
    }

    private static void sendText(OutputStream out, String text) throws IOException {
        sendFrame(out, 0x1, text.getBytes(UTF_8));
    }

    private static void sendClose(OutputStream out) throws IOException {
        sendFrame(out, 0x8, new byte[] {0x03, (byte) 0xE8}); // 1000: normal closure
    }

    /** A final client frame of at most 125 bytes; clients must mask (RFC 6455 §5.3). */
    private static void sendFrame(OutputStream out, int opcode, byte[] payload) throws IOException {
        assertTrue(payload.length <= 125, "short frames only");
        byte[] mask = randomBytes(4);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        frame.write(0x80 | payload.length);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static String output() {
        try {
            return sample.output();
        } catch (IOException e) {
            return "(the sample's output could not be read: " + e + ")";
        }
    }
}
