package io.proxywrap.it.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.core.codec.ProxyHeader;
import io.proxywrap.core.codec.ProxyHeaderDecoder;
import io.proxywrap.core.codec.Tlv;
import io.proxywrap.it.startup.JavaProcess.Result;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar proxywrap.jar}: the help, a usage error, and {@code send} against a loopback
 * server in this JVM that reads the header with the core's decoder and answers (or does not).
 */
class CommandLineIT {

    private static final String NO_RESPONSE = "connection closed without a response: the server rejected the header, "
            + "or the port is not configured";
    private static final String BODY = "hello from the test server\n";
    private static final String RESPONSE = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
            + BODY.length() + "\r\nConnection: close\r\n\r\n" + BODY;
    /** Longer than the child's own 10 s timeouts, and well inside JavaProcess's 60 s. */
    private static final int SERVER_TIMEOUT_SECONDS = 30;

    private static String version;

    @BeforeAll
    static void readVersion() throws IOException {
        try (JarFile jar = new JarFile(JavaProcess.AGENT_JAR.toFile())) {
            version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
        assertNotNull(version);
    }

    private static Result jar(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("-jar", JavaProcess.AGENT_JAR.toString()));
        command.addAll(List.of(arguments));
        return JavaProcess.run(command.toArray(new String[0]));
    }

    @Test
    void withoutArgumentsPrintsTheVersionAndReference() throws Exception {
        Result result = jar();
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("", result.stderr(), "nothing of the agent or the JVM: " + result);
        assertTrue(result.stdout().startsWith("proxywrap " + version + ": "), result::toString);
        for (String expected : List.of("    proxywrap.ports   (PROXYWRAP_PORTS)", "        default: 3s",
                "  proxywrap.ssl.version, proxywrap.ssl.cipher, proxywrap.ssl.cn", "  --to HOST:PORT")) {
            assertTrue(result.stdout().lines().anyMatch(line -> line.startsWith(expected)), expected + "\n" + result);
        }
        assertEquals(result.stdout(), jar("help").stdout());
    }

    @Test
    void anUnknownCommandIsAUsageError() throws Exception {
        Result result = jar("sned", "--to", "127.0.0.1:1");
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("", result.stdout());
        assertTrue(result.stderr().startsWith("proxywrap: unknown command \"sned\""), result::toString);
    }

    /**
     * Runs {@code send --to <server> <flags>} against a server that answers, asserting that the
     * whole response was printed and the exit status is 0; returns what the server read, and the
     * client's standard error.
     */
    private static Sent sendAnswered(OneShotServer server, String... flags) throws Exception {
        List<String> command = new ArrayList<>(List.of("send", "--to", "127.0.0.1:" + server.port()));
        command.addAll(List.of(flags));
        Result result = jar(command.toArray(new String[0]));
        Exchange exchange = server.exchange();
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(RESPONSE, result.stdout());
        return new Sent(exchange.header(), exchange.request(), result.stderr());
    }

    @Test
    void sendsAV1HeaderAndPrintsTheResponse() throws Exception {
        try (OneShotServer server = OneShotServer.answering()) {
            Sent exchange = sendAnswered(server, "--path", "/whoami");
            ProxyHeader header = exchange.header();
            assertEquals(1, header.version());
            assertEquals(new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 4242), header.source());
            assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), header.destination());
            assertTrue(exchange.request().startsWith("GET /whoami HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n"),
                    exchange::request);
            assertTrue(exchange.request().contains("\r\nConnection: close\r\n"), exchange::request);
            assertTrue(exchange.clientStderr().contains("sending PROXY v1 PROXY INET STREAM src /203.0.113.7:4242"),
                    exchange::clientStderr);
        }
    }

    @Test
    void sendsAV2HeaderWithTlvs() throws Exception {
        try (OneShotServer server = OneShotServer.answering()) {
            Sent exchange = sendAnswered(server, "--v2", "--source", "[2001:db8::42]:50000", "--destination", "[2001:db8::1]:443",
                    "--tlv", "authority=example.com", "--tlv", "alpn=h2", "--tlv", "unique-id=abc",
                    "--ssl", "version=TLSv1.3,cipher=TLS_AES_128_GCM_SHA256,cn=client.example", "--crc32c",
                    "--host", "example.com");
            ProxyHeader header = exchange.header();
            assertEquals(2, header.version());
            assertEquals(ProxyHeader.Command.PROXY, header.command());
            assertEquals(new InetSocketAddress(InetAddress.getByName("2001:db8::42"), 50000), header.source());
            assertEquals(new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 443), header.destination());
            // The decoder verified the CRC32C, or it would have thrown.
            assertTrue(header.tlv(Tlv.CRC32C) instanceof Tlv.Crc32c, header::toString);
            assertEquals("example.com", ((Tlv.Text) header.tlv(Tlv.AUTHORITY)).value());
            assertEquals("h2", ((Tlv.Alpn) header.tlv(Tlv.ALPN)).protocol());
            assertEquals("abc", ((Tlv.UniqueId) header.tlv(Tlv.UNIQUE_ID)).idAsString());
            Tlv.Ssl ssl = header.ssl();
            assertTrue(ssl.clientUsedSsl(), ssl::toString);
            assertEquals("TLSv1.3", ssl.version());
            assertEquals("TLS_AES_128_GCM_SHA256", ssl.cipher());
            assertEquals("client.example", ssl.commonName());
            assertTrue(exchange.request().startsWith("GET / HTTP/1.1\r\nHost: example.com\r\n"), exchange::request);
        }
    }

    @Test
    void aServerThatClosesWithoutAnsweringIsExitStatus1() throws Exception {
        try (OneShotServer server = OneShotServer.closingAfterTheHeader()) {
            Result result = jar("send", "--to", "127.0.0.1:" + server.port(), "--v2", "--local");
            assertEquals(ProxyHeader.Command.LOCAL, server.exchange().header().command());
            assertEquals(1, result.exitCode(), result::toString);
            assertEquals("", result.stdout());
            assertTrue(result.stderr().contains("proxywrap send: " + NO_RESPONSE), result::toString);
        }
    }

    /** TLS starts after the header; the test server's own certificate is trusted only with --insecure. */
    @Test
    void speaksTlsAfterTheHeader(@TempDir Path dir) throws Exception {
        SSLContext context = selfSignedServerContext(dir);
        try (OneShotServer server = OneShotServer.answeringOverTls(context)) {
            Sent exchange = sendAnswered(server, "--v2", "--tls", "--insecure");
            assertEquals(2, exchange.header().version());
            assertTrue(exchange.request().startsWith("GET / HTTP/1.1\r\n"), exchange::request);
        }
        try (OneShotServer server = OneShotServer.answeringOverTls(context)) {
            Result result = jar("send", "--to", "127.0.0.1:" + server.port(), "--tls");
            assertEquals(1, server.exchange().header().version());
            assertEquals(1, result.exitCode(), result::toString);
            assertEquals("", result.stdout());
            assertTrue(result.stderr().contains("proxywrap send: the server's certificate is not trusted"), result::toString);
        }
    }

    /** A key pair and self-signed certificate for 127.0.0.1, made by the JDK's keytool. */
    private static SSLContext selfSignedServerContext(Path dir) throws Exception {
        Path keyStore = dir.resolve("server.p12");
        char[] password = "changeit".toCharArray();
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        assertTrue(keytool.waitFor(SERVER_TIMEOUT_SECONDS, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, keytool.exitValue(), Files.readString(dir.resolve("keytool.log")));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, password);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        return context;
    }

    /** What {@link #sendAnswered} saw on both ends. */
    record Sent(ProxyHeader header, String request, String clientStderr) {
    }

    /** What the server read: the decoded header, and the request head (empty when it did not read one). */
    record Exchange(ProxyHeader header, String request) {
    }

    /**
     * Accepts one connection on loopback, reads the PROXY header a byte at a time (so not one byte
     * of what follows, such as a TLS ClientHello, is taken), then the request head, and answers
     * {@link #RESPONSE}; or closes right after the header, as the agent does with a header it rejects.
     */
    private static final class OneShotServer implements AutoCloseable {
        private final ServerSocket listener;
        private final SSLContext tls;
        private final boolean closeAfterHeader;
        private final CompletableFuture<Exchange> exchange;

        private OneShotServer(SSLContext tls, boolean closeAfterHeader) throws IOException {
            this.tls = tls;
            this.closeAfterHeader = closeAfterHeader;
            listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            listener.setSoTimeout(SERVER_TIMEOUT_SECONDS * 1000);
            exchange = CompletableFuture.supplyAsync(this::serve);
        }

        static OneShotServer answering() throws IOException {
            return new OneShotServer(null, false);
        }

        /** TLS from the byte after the header on, as a Tomcat TLS connector with the agent. */
        static OneShotServer answeringOverTls(SSLContext tls) throws IOException {
            return new OneShotServer(tls, false);
        }

        static OneShotServer closingAfterTheHeader() throws IOException {
            return new OneShotServer(null, true);
        }

        int port() {
            return listener.getLocalPort();
        }

        Exchange exchange() throws Exception {
            return exchange.get(SERVER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        private Exchange serve() {
            try (Socket socket = listener.accept()) {
                socket.setSoTimeout(SERVER_TIMEOUT_SECONDS * 1000);
                ProxyHeader header = readHeader(socket.getInputStream());
                if (closeAfterHeader) {
                    return new Exchange(header, "");
                }
                Socket conversation = socket;
                if (tls != null) {
                    SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket, null, socket.getPort(), false);
                    secure.setUseClientMode(false);
                    conversation = secure;
                }
                String request;
                try {
                    request = readRequestHead(conversation.getInputStream());
                } catch (IOException e) {
                    // The client gave up during the TLS handshake (an untrusted certificate).
                    return new Exchange(header, "");
                }
                conversation.getOutputStream().write(RESPONSE.getBytes(StandardCharsets.US_ASCII));
                conversation.getOutputStream().flush();
                conversation.close();
                return new Exchange(header, request);
            } catch (IOException e) {
                throw new IllegalStateException("the test server failed", e);
            }
        }

        private static ProxyHeader readHeader(InputStream in) throws IOException {
            ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
            ByteBuffer buffer = ByteBuffer.allocate(decoder.maxHeaderLength());
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed inside the header after " + buffer.position() + " bytes");
                }
                buffer.put((byte) b);
                int framed = decoder.frame(buffer, 0, buffer.position());
                if (framed > 0) {
                    return decoder.decode(buffer, 0, framed);
                }
                if (framed == ProxyHeaderDecoder.NOT_A_HEADER) {
                    throw new IOException("not a PROXY header");
                }
            }
        }

        private static String readRequestHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed inside the request head: " + head);
                }
                head.write(b);
            }
            return head.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
