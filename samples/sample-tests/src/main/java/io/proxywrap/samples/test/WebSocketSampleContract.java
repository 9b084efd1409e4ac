package io.proxywrap.samples.test;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.it.support.CommandResult;
import io.proxywrap.it.support.Curl;
import io.proxywrap.it.support.ExternalServer;
import io.proxywrap.it.support.Haproxy;
import io.proxywrap.it.support.HttpResponse;
import io.proxywrap.it.support.JavaCommand;
import io.proxywrap.it.support.JavaServer;
import io.proxywrap.it.support.LoopbackPorts;
import io.proxywrap.it.support.Nginx;
import io.proxywrap.it.support.ProxyHeaderBytes;
import io.proxywrap.it.support.RawWebSocket;
import io.proxywrap.it.support.SelfSignedCertificate;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A packaged WebSocket sample behind the shaded agent, as its README runs it: every connection
 * to its port must start with a PROXY header, sent here by hand over loopback so the client the
 * header names (203.0.113.0/24, a documentation range) differs from the real peer (127.0.0.1);
 * by the agent jar's own {@code send} command, as the README's one line does; and by real
 * haproxy and nginx running the ready configurations in {@code samples/balancers}, with curl as
 * the real client on a second loopback address (127.0.0.42).
 *
 * <p>Every sample serves the same things ({@code /whoami} lines, the page, the {@code /echo}
 * session's messages) and its README promises the same, so the checks are written once; a
 * sample's IT extends this class with the line the agent prints at start-up for its server.
 * One instance per class: the sample is started once for all the tests.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class WebSocketSampleContract {

    /** The jar users get, built by the agent module; never its classes directory. */
    private static final Path AGENT_JAR = systemPath("test.proxywrap.agentJar");
    private static final Path SAMPLE_JAR = systemPath("test.proxywrap.sampleJar");

    /** A JVM starting a server with the agent takes seconds on a loaded 2-core machine, never this long. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    /** As the sample names itself when it is listening: {@code <name> sample listening on port <port>}. */
    private final String sampleName;
    private int port;
    private ExternalServer sample;

    /** @param sampleName the sample's directory name, which it prints once it listens */
    protected WebSocketSampleContract(String sampleName) {
        this.sampleName = sampleName;
    }

    /**
     * The line the agent prints on stderr once the sample's server listens on {@code port} and
     * the agent reads PROXY headers there: it names the server and its version.
     */
    protected abstract String agentStartLine(int port);

    /**
     * The sample's command-line arguments that make it listen on {@code port}: by default the
     * port alone, the first argument.
     */
    protected List<String> arguments(int port) {
        return List.of(Integer.toString(port));
    }

    /**
     * Starts {@code java -javaagent:<agent> -Dproxywrap.ports=<port> -jar <sample> <arguments>},
     * as the README does. The port must be known before the sample starts, so the sample cannot bind
     * port 0 itself; should another process take it in the moment before the sample binds it,
     * the sample fails to start or the requests miss it: the test fails, it cannot pass wrongly.
     */
    @BeforeAll
    void startSample() {
        // The sample listens on every address, as its users run it.
        port = LoopbackPorts.freePortOnAllAddresses();
        sample = JavaServer.startJar(sampleName, List.of("-javaagent:" + AGENT_JAR, "-Dproxywrap.ports=" + port),
                SAMPLE_JAR, arguments(port), START_TIMEOUT);
        // Its own line rather than a port to await: the sample binds every address, not the
        // 127.0.0.1 that ExternalServer looks for, and prints this once its server has started.
        sample.awaitLine(line -> line.contains(sampleName + " sample listening on port " + port), START_TIMEOUT);
    }

    @AfterAll
    void stopSample() {
        if (sample != null) {
            sample.close();
        }
    }

    @Test
    void agentSaysItReadsHeadersOnTheSamplesPort() {
        String expected = agentStartLine(port);
        assertTrue(sample.stderr().lines().anyMatch(expected::equals), () -> "expected " + expected + "\n"
                + sample.output());
    }

    @Test
    void whoamiReportsTheV1HeadersAddresses() throws IOException {
        Exchange exchange = exchange(
                ProxyHeaderBytes.v1(address("203.0.113.7", 51000), address("198.51.100.1", 8443)), "/whoami");

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
                exchange.bodyLines(), exchange::describe);
    }

    /** A v2 header whose SSL TLV says the client spoke TLS to the balancer. */
    @Test
    void v2SslTlvMakesTheRequestSecure() throws IOException {
        Exchange exchange = exchange(v2WithSsl(address("203.0.113.9", 52000)), "/whoami");

        assertTrue(exchange.bodyLines().containsAll(List.of(
                "getRemoteAddr: 203.0.113.9",
                "getRemotePort: 52000",
                "getScheme: https",
                "isSecure: true",
                "proxywrap.version: 2",
                "proxywrap.ssl.version: TLSv1.3")), exchange::describe);
    }

    @Test
    void pageOpensTheEchoWebSocket() throws IOException {
        Exchange exchange = exchange(
                ProxyHeaderBytes.v1(address("203.0.113.7", 51002), address("198.51.100.1", 8080)), "/");

        assertTrue(exchange.response.statusLine().startsWith("HTTP/1.1 200 "), exchange::describe);
        assertTrue(exchange.response.bodyText().contains("new WebSocket(scheme + location.host + '/echo')"),
                exchange::describe);
    }

    @Test
    void webSocketSessionSeesTheV1HeadersClientAndEchoes() throws IOException {
        echoAfter(ProxyHeaderBytes.v1(address("203.0.113.7", 51001), address("198.51.100.1", 8080)),
                "203.0.113.7:51001 secure=false");
    }

    /** The session, like the request, is secure when the v2 header says the client spoke TLS. */
    @Test
    void webSocketSessionSeesTheV2HeadersClientAndTls() throws IOException {
        echoAfter(v2WithSsl(address("203.0.113.9", 52001)), "203.0.113.9:52001 secure=true");
    }

    /** The page's WebSocket through the ready haproxy v2 file, from 127.0.0.42: the session sees that client. */
    @Test
    void webSocketBehindTheHaproxyV2ConfigurationSeesTheRealClient() throws IOException {
        int frontend = LoopbackPorts.freePort();
        try (Haproxy haproxy = BalancerConfigs.haproxy("haproxy-v2.cfg", frontend, port, Map.of());
                Socket socket = connect(LoopbackPorts.CLIENT_ADDRESS, frontend)) {
            echo(socket, LoopbackPorts.CLIENT_ADDRESS.getHostAddress() + ":" + socket.getLocalPort() + " secure=false");
        }
    }

    @Test
    void connectionWithoutHeaderIsClosedUnanswered() throws IOException {
        // Required mode (the default): no header, no HTTP response; the agent closes the connection.
        try (Socket socket = connect()) {
            send(socket, new byte[0], "/whoami");
            assertEquals("", new String(socket.getInputStream().readAllBytes(), UTF_8));
        }
    }

    /** The README's one line: a v2 header with a client and an AUTHORITY TLV of the user's choosing. */
    @Test
    void sendWithAV2HeaderReachesWhoamiAsItsClient() {
        CommandResult send = send("--to", "127.0.0.1:" + port, "--v2", "--source", "198.51.100.23:50000",
                "--tlv", "authority=example.com", "--path", "/whoami");

        assertEquals(List.of(
                "getRemoteAddr: 198.51.100.23",
                "getRemotePort: 50000",
                "getLocalAddr: 127.0.0.1",
                "getLocalPort: " + port,
                "getScheme: http",
                "isSecure: false",
                "proxywrap.proxy.address: 127.0.0.1",
                "proxywrap.version: 2",
                "proxywrap.authority: example.com"),
                withoutBalancerPort(answeredWhoami(send)), send::describe);
    }

    @Test
    void sendWithAV1HeaderReachesWhoamiAsItsClient() {
        CommandResult send = send("--to", "127.0.0.1:" + port, "--source", "198.51.100.23:50000", "--path", "/whoami");

        assertEquals(List.of(
                "getRemoteAddr: 198.51.100.23",
                "getRemotePort: 50000",
                "getLocalAddr: 127.0.0.1",
                "getLocalPort: " + port,
                "getScheme: http",
                "isSecure: false",
                "proxywrap.proxy.address: 127.0.0.1",
                "proxywrap.version: 1"),
                withoutBalancerPort(answeredWhoami(send)), send::describe);
    }

    /** {@code send}'s exit status 1: no response, here because nothing listens on the port. */
    @Test
    void sendToAPortWhereNothingListensIsExitStatus1() {
        // Free a moment ago; were another process to take it and answer, the test fails, it cannot pass wrongly.
        int closedPort = LoopbackPorts.freePort();

        CommandResult send = send("--to", "127.0.0.1:" + closedPort, "--v2", "--path", "/whoami");

        assertEquals(1, send.exitCode(), send::describe);
        assertEquals("", send.stdout(), send::describe);
        assertTrue(send.stderr().startsWith("proxywrap send: cannot connect to 127.0.0.1:" + closedPort + ": "),
                send::describe);
    }

    /** The plain haproxy files: the header's version is the one each file sends. */
    @ParameterizedTest
    @CsvSource({"haproxy-v1.cfg, 1", "haproxy-v2.cfg, 2"})
    void behindThePlainHaproxyConfigurationsWhoamiSeesTheRealClient(String file, String version) {
        int frontend = LoopbackPorts.freePort();
        int clientPort = LoopbackPorts.freePort(LoopbackPorts.CLIENT_ADDRESS);
        try (Haproxy haproxy = BalancerConfigs.haproxy(file, frontend, port, Map.of())) {
            CommandResult curl = Curl.fromClientAddress(clientPort, "http://127.0.0.1:" + frontend + "/whoami");

            assertEquals(realClient(clientPort, frontend, false, version), behind(curl, haproxy.output()));
        }
    }

    /**
     * haproxy ends TLS and says so in the v2 header's SSL TLV: the plain port reports {@code https},
     * the TLS version, and the host name the client asked for (SNI, in the AUTHORITY TLV).
     */
    @Test
    void behindTheHaproxyTlsConfigurationWhoamiSeesTheRealClientAndHttps() {
        int frontend = LoopbackPorts.freePort();
        int clientPort = LoopbackPorts.freePort(LoopbackPorts.CLIENT_ADDRESS);
        try (SelfSignedCertificate certificate = SelfSignedCertificate.generate();
                Haproxy haproxy = BalancerConfigs.haproxy("haproxy-v2-tls.cfg", frontend, port,
                        Map.of("CERTIFICATE", certificate.pemBundle().toString()))) {
            List<String> curlArgs = new ArrayList<>(Curl.trusting(certificate, frontend));
            // At least TLS 1.3, so the version the TLV reports is known.
            curlArgs.addAll(List.of("--tlsv1.3", "https://" + SelfSignedCertificate.HOST_NAME + ":" + frontend + "/whoami"));
            CommandResult curl = Curl.fromClientAddress(clientPort, curlArgs.toArray(new String[0]));

            assertEquals(realClient(clientPort, frontend, true, "2",
                    "proxywrap.authority: " + SelfSignedCertificate.HOST_NAME,
                    "proxywrap.ssl.version: TLSv1.3"),
                    behind(curl, haproxy.output()));
        }
    }

    @Test
    void behindTheNginxStreamConfigurationWhoamiSeesTheRealClient() {
        int listen = LoopbackPorts.freePort();
        int clientPort = LoopbackPorts.freePort(LoopbackPorts.CLIENT_ADDRESS);
        try (Nginx nginx = BalancerConfigs.nginx(listen, port)) {
            CommandResult curl = Curl.fromClientAddress(clientPort, "http://127.0.0.1:" + listen + "/whoami");

            assertEquals(realClient(clientPort, listen, false, "1"), behind(curl, nginx.errorLog()));
        }
    }

    /**
     * What {@code /whoami} reports for curl at 127.0.0.42:{@code clientPort} that reached a
     * balancer on 127.0.0.1:{@code frontend}: the header's client and the address it dialled, the
     * balancer (127.0.0.1) as the real peer, then {@code tlvLines}. Without the balancer's own
     * port, which the test cannot know (see {@link #withoutBalancerPort}).
     */
    private static List<String> realClient(int clientPort, int frontend, boolean secure, String version,
            String... tlvLines) {
        List<String> lines = new ArrayList<>(List.of(
                "getRemoteAddr: " + LoopbackPorts.CLIENT_ADDRESS.getHostAddress(),
                "getRemotePort: " + clientPort,
                "getLocalAddr: 127.0.0.1",
                "getLocalPort: " + frontend,
                "getScheme: " + (secure ? "https" : "http"),
                "isSecure: " + secure,
                "proxywrap.proxy.address: 127.0.0.1",
                "proxywrap.version: " + version));
        lines.addAll(List.of(tlvLines));
        return lines;
    }

    /** {@code /whoami}'s lines from a curl that went through a balancer, which printed {@code balancerOutput}. */
    private List<String> behind(CommandResult curl, String balancerOutput) {
        assertEquals(0, curl.exitCode(), () -> curl.describe() + "\n" + balancerOutput + "\n" + sample.output());
        return withoutBalancerPort(curl.stdout().lines().toList());
    }

    /**
     * {@code lines} without {@code proxywrap.proxy.port}: the port a balancer (or {@code send})
     * connected from, picked by its kernel, so the test cannot know it.
     */
    private static List<String> withoutBalancerPort(List<String> lines) {
        return lines.stream().filter(line -> !line.startsWith("proxywrap.proxy.port: ")).toList();
    }

    /** Runs {@code java -jar <agent jar> send <arguments>}, the agent jar's own client. */
    private static CommandResult send(String... arguments) {
        List<String> command = new ArrayList<>(List.of("send"));
        command.addAll(List.of(arguments));
        return JavaCommand.runJar(AGENT_JAR, command.toArray(new String[0]));
    }

    /** The body lines of the {@code 200} response {@code send} printed, having exited 0. */
    private List<String> answeredWhoami(CommandResult send) {
        assertEquals(0, send.exitCode(), () -> send.describe() + "\n" + sample.output());
        HttpResponse response;
        try {
            response = HttpResponse.read(new ByteArrayInputStream(send.stdout().getBytes(UTF_8)));
        } catch (IOException e) {
            throw new AssertionError("send printed no HTTP response: " + send.describe(), e);
        }
        assertEquals(200, response.status(), send::describe);
        return response.bodyText().lines().toList();
    }

    /**
     * Opens {@code /echo} after {@code header} and checks the session's messages: first how the
     * server sees this client ({@code you}), then, in either order, the client list naming it and
     * the echo of what was sent.
     */
    private void echoAfter(byte[] header, String seenAs) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(header);
            echo(socket, seenAs);
        }
    }

    /**
     * Opens {@code /echo} on {@code socket} (whose PROXY header, if any, has been sent) and checks
     * the session's messages, as {@link #echoAfter} says.
     */
    private void echo(Socket socket, String seenAs) throws IOException {
        // Fails unless the server answers 101 with the accept key the handshake's key calls for.
        try (RawWebSocket webSocket = RawWebSocket.connect(socket, "localhost", "/echo")) {
            assertEquals("you " + seenAs, webSocket.receiveText(),
                    "the first message says how the server sees this client\n" + sample.output());
            webSocket.sendText("hello through PROXY");
            // Each receive is bounded by the socket's read timeout, the whole test by @Timeout.
            List<String> messages = new ArrayList<>();
            while (!(messages.contains("echo hello through PROXY") && messages.stream().anyMatch(message ->
                    message.startsWith("clients\n") && message.contains(" " + seenAs)))) {
                messages.add(webSocket.receiveText());
            }

            assertEquals(1000, webSocket.closeHandshake(),
                    "the server answers a close with a close, echoing its status (normal closure)");
        }
    }

    /**
     * @param clientPort the connection's local port: the balancer's, as proxywrap.proxy.port reports it
     * @param response the one response the server sent
     */
    private record Exchange(int clientPort, HttpResponse response, String sampleOutput) {

        List<String> bodyLines() {
            return response.bodyText().lines().toList();
        }

        /** The response and all the sample printed, for failure messages. */
        String describe() {
            return response.statusLine() + "\n" + response.headers() + "\n" + response.bodyText() + "\n"
                    + sampleOutput;
        }
    }

    /** Sends {@code header} and a GET of {@code path} on a new connection and reads the response. */
    private Exchange exchange(byte[] header, String path) throws IOException {
        try (Socket socket = connect()) {
            send(socket, header, path);
            HttpResponse response = HttpResponse.read(new BufferedInputStream(socket.getInputStream()));
            return new Exchange(socket.getLocalPort(), response, sample.output());
        }
    }

    private static void send(Socket socket, byte[] header, String path) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(header);
        out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(US_ASCII));
        out.flush();
    }

    /** A connection from 127.0.0.1 straight to the sample. */
    private Socket connect() throws IOException {
        return connect(LoopbackPorts.LOOPBACK, port);
    }

    /** A connection from {@code from} (a port the kernel picks) to 127.0.0.1:{@code to}. */
    private static Socket connect(InetAddress from, int to) throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(LoopbackPorts.LOOPBACK, to), CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * A v2 PROXY header from {@code source} with one SSL TLV (spec §2.2.6): the client connected
     * over TLS ({@code PP2_CLIENT_SSL}), its certificate verified (verify 0), with a VERSION sub-TLV.
     */
    private static byte[] v2WithSsl(InetSocketAddress source) {
        return ProxyHeaderBytes.v2()
                .addresses(source, address("198.51.100.1", 443))
                .append(ProxyHeaderBytes.sslTlv(ProxyHeaderBytes.SSL_CLIENT_SSL, 0,
                        ProxyHeaderBytes.tlv(ProxyHeaderBytes.TLV_SSL_VERSION, "TLSv1.3")))
                .build();
    }

    /** An address for a header: from a literal, which is parsed, never looked up in DNS. */
    private static InetSocketAddress address(String literal, int port) {
        return new InetSocketAddress(literal, port);
    }

    private static Path systemPath(String property) {
        return Path.of(Objects.requireNonNull(System.getProperty(property),
                "system property " + property + " is not set; run through Maven failsafe"));
    }
}
