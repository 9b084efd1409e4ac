package io.proxywrap.it.server;

import static io.proxywrap.it.server.ServerUnderTest.expectedAccessLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.it.support.CommandResult;
import io.proxywrap.it.support.Curl;
import io.proxywrap.it.support.Haproxy;
import io.proxywrap.it.support.LoopbackPorts;
import io.proxywrap.it.support.Nginx;
import io.proxywrap.it.support.RawWebSocket;
import io.proxywrap.it.support.SelfSignedCertificate;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The server behind the real senders: haproxy (v1, v2, v2 with the SSL TLVs after terminating TLS,
 * and passing the client's own TLS through), nginx {@code stream}, and {@code curl
 * --haproxy-protocol}. The client is curl (or a raw WebSocket) at 127.0.0.42 on a port the test
 * picked, so the echo and the access log must show exactly that address and port, while the
 * balancer itself connects from 127.0.0.1.
 */
@Tag("supported-line")
class BalancerIT {

    @RegisterExtension
    static final ServerExtension SERVER = ServerExtension.allConnectors();

    private static final String CLIENT = LoopbackPorts.CLIENT_ADDRESS.getHostAddress();
    private static final String BALANCER = LoopbackPorts.LOOPBACK.getHostAddress();
    private static final AtomicInteger REQUESTS = new AtomicInteger();

    /** A path no other request of this server uses, to find its access log line. */
    private static String uniqueUri(String prefix) {
        return prefix + "/r" + REQUESTS.incrementAndGet();
    }

    @ParameterizedTest(name = "haproxy {0}")
    @CsvSource({"send-proxy, 1", "send-proxy-v2, 2"})
    void haproxyReportsTheClient(String serverOption, String version) {
        ServerUnderTest server = SERVER.get();
        int frontend = LoopbackPorts.freePort();
        int clientPort = LoopbackPorts.freePort(LoopbackPorts.CLIENT_ADDRESS);
        String uri = uniqueUri("/haproxy");
        try (Haproxy haproxy = Balancers.haproxy(frontend, "", server.http, serverOption)) {
            Echo echo = Echo.parse(Balancers.curl(clientPort, "http://127.0.0.1:" + frontend + uri).stdout());
            assertRelayed(echo, clientPort, frontend, version);
            echo.assertScheme("http").assertField("protocol", "HTTP/1.1");
            assertEquals(expectedAccessLine(CLIENT, clientPort, frontend, "GET", uri, "HTTP/1.1", 200),
                    server.accessLogLine("GET", uri, "HTTP/1.1"));
        }
    }

    /**
     * haproxy terminates the client's TLS and says so in v2 TLVs: the request is secure though
     * the server's connector is plain, and the SSL, ALPN, authority (SNI) and unique id TLVs become
     * attributes (haproxy sends the cipher only with the ssl-cipher option). The header carries a
     * CRC32C, which the agent checks.
     */
    @Test
    void haproxyTerminatingTlsSendsTheSslTlvs() {
        ServerUnderTest server = SERVER.get();
        SelfSignedCertificate certificate = server.certificate();
        int frontend = LoopbackPorts.freePort();
        int clientPort = LoopbackPorts.freePort(LoopbackPorts.CLIENT_ADDRESS);
        String uri = uniqueUri("/haproxy-ssl");
        try (Haproxy haproxy = Balancers.haproxy(frontend,
                "ssl crt " + certificate.pemBundle() + " alpn http/1.1", server.http,
                "send-proxy-v2-ssl proxy-v2-options crc32c,unique-id,authority,ssl-cipher")) {
            List<String> args = new ArrayList<>(Curl.trusting(certificate, frontend));
            args.add("https://" + SelfSignedCertificate.HOST_NAME + ":" + frontend + uri);
            Echo echo = Echo.parse(Balancers.curl(clientPort, args.toArray(new String[0])).stdout());
            assertRelayed(echo, clientPort, frontend, "2");
            echo.assertScheme("https")
                    .assertField("protocol", "HTTP/1.1")
                    .assertField("proxywrap.alpn", "http/1.1")
                    .assertField("proxywrap.authority", SelfSignedCertificate.HOST_NAME)
                    .assertField("proxywrap.unique_id", "proxywrap-" + clientPort)
                    .assertField("proxywrap.ssl.cn", null);
            assertTrue(String.valueOf(echo.get("proxywrap.ssl.version")).matches("TLSv1\\.[23]"), echo::toString);
            assertTrue(String.valueOf(echo.get("proxywrap.ssl.cipher")).matches("[A-Z0-9_-]+"), echo::toString);
            assertEquals(expectedAccessLine(CLIENT, clientPort, frontend, "GET", uri, "HTTP/1.1", 200),
                    server.accessLogLine("GET", uri, "HTTP/1.1"));
        }
    }

    /**
     * haproxy relays the client's own TLS to the server's TLS connector after a v2 header: the agent
     * strips the header below the server's TLS, and HTTP/2 chosen by ALPN reports the client too.
     */
    @ParameterizedTest(name = "curl {0} through haproxy in TCP mode to the TLS connector")
    @CsvSource({"--http1.1, HTTP/1.1", "--http2, HTTP/2.0"})
    void haproxyPassingTlsThrough(String curlProtocol, String protocol) {
        ServerUnderTest server = SERVER.get();
        int frontend = LoopbackPorts.freePort();
        int clientPort = LoopbackPorts.freePort(LoopbackPorts.CLIENT_ADDRESS);
        String uri = uniqueUri("/passthrough");
        try (Haproxy haproxy = Balancers.haproxy(frontend, "", server.tls, "send-proxy-v2")) {
            List<String> args = new ArrayList<>(Curl.trusting(server.certificate(), frontend));
            args.add(curlProtocol);
            args.add("https://" + SelfSignedCertificate.HOST_NAME + ":" + frontend + uri);
            Echo echo = Echo.parse(Balancers.curl(clientPort, args.toArray(new String[0])).stdout());
            assertRelayed(echo, clientPort, frontend, "2");
            echo.assertScheme("https").assertField("protocol", protocol);
            assertEquals(expectedAccessLine(CLIENT, clientPort, frontend, "GET", uri, protocol, 200),
                    server.accessLogLine("GET", uri, protocol));
        }
    }

    @Test
    void nginxStreamProxyProtocol() {
        ServerUnderTest server = SERVER.get();
        int listen = LoopbackPorts.freePort();
        int clientPort = LoopbackPorts.freePort(LoopbackPorts.CLIENT_ADDRESS);
        String uri = uniqueUri("/nginx");
        try (Nginx nginx = Balancers.nginx(listen, server.http)) {
            Echo echo = Echo.parse(Balancers.curl(clientPort, "http://127.0.0.1:" + listen + uri).stdout());
            assertRelayed(echo, clientPort, listen, "1");
            echo.assertScheme("http");
            assertEquals(expectedAccessLine(CLIENT, clientPort, listen, "GET", uri, "HTTP/1.1", 200),
                    server.accessLogLine("GET", uri, "HTTP/1.1"));
        }
    }

    /** curl writes the header itself: source and real peer are the same socket, 127.0.0.42. */
    @Test
    void curlHaproxyProtocol() {
        ServerUnderTest server = SERVER.get();
        int clientPort = LoopbackPorts.freePort(LoopbackPorts.CLIENT_ADDRESS);
        String uri = uniqueUri("/curl");
        Echo echo = Echo.parse(Balancers.curl(clientPort, "--haproxy-protocol",
                "http://127.0.0.1:" + server.http + uri).stdout());
        echo.assertRemote(CLIENT, clientPort)
                .assertLocal(BALANCER, server.http)
                .assertScheme("http")
                .assertField("proxywrap.version", "1")
                .assertField("proxywrap.proxy.address", CLIENT)
                .assertField("proxywrap.proxy.port", Integer.toString(clientPort));
        assertEquals(expectedAccessLine(CLIENT, clientPort, server.http, "GET", uri, "HTTP/1.1", 200),
                server.accessLogLine("GET", uri, "HTTP/1.1"));
    }

    /**
     * Three requests on one kept-alive connection (curl reuses it, and says so): each reports the
     * client, not only the first (Jetty #1130). Over HTTP/1.1, and over h2c after curl's upgrade
     * from HTTP/1.1, where the later requests are streams of one HTTP/2 connection.
     */
    @ParameterizedTest(name = "curl {0} keeps the connection through haproxy v2")
    @CsvSource({"--http1.1, HTTP/1.1", "--http2, HTTP/2.0"})
    void everyRequestOnAKeptAliveConnection(String curlProtocol, String protocol) {
        ServerUnderTest server = SERVER.get();
        int frontend = LoopbackPorts.freePort();
        int clientPort = LoopbackPorts.freePort(LoopbackPorts.CLIENT_ADDRESS);
        List<String> uris = List.of(uniqueUri("/keepalive"), uniqueUri("/keepalive"), uniqueUri("/keepalive"));
        try (Haproxy haproxy = Balancers.haproxy(frontend, "", server.http, "send-proxy-v2")) {
            List<String> args = new ArrayList<>(List.of(curlProtocol, "--write-out", "%{stderr}connects=%{num_connects}\\n"));
            uris.forEach(uri -> args.add("http://127.0.0.1:" + frontend + uri));
            CommandResult curl = Balancers.curl(clientPort, args.toArray(new String[0]));
            assertEquals("connects=1\nconnects=0\nconnects=0\n", curl.stderr(),
                    "curl made one connection for all three: " + curl.describe());

            List<Echo> echoes = Echo.parseAll(curl.stdout());
            assertEquals(3, echoes.size(), curl::describe);
            for (int i = 0; i < 3; i++) {
                Echo echo = echoes.get(i);
                // The first h2c request is the one that asked for the upgrade: servers differ in
                // which version they report it with.
                String reported = i == 0 && protocol.equals("HTTP/2.0")
                        ? ServerUnderTest.family().h2cUpgradeRequestProtocol() : protocol;
                echo.assertField("uri", uris.get(i)).assertField("protocol", reported);
                assertRelayed(echo, clientPort, frontend, "2");
                assertEquals(echoes.get(0).get("proxywrap.proxy.port"), echo.get("proxywrap.proxy.port"),
                        "one backend connection from haproxy");
                assertEquals(expectedAccessLine(CLIENT, clientPort, frontend, "GET", uris.get(i), reported, 200),
                        server.accessLogLine("GET", uris.get(i), reported));
            }
            if (protocol.equals("HTTP/2.0") && ServerUnderTest.family().logsTheH2cUpgradeSeparately()) {
                // The upgrade request is logged too, as HTTP/1.1 101 (Tomcat logs its server port
                // as -1 there, whatever the agent does, so only the client is compared).
                String upgrade = server.accessLogLine("GET", uris.get(0), "HTTP/1.1");
                assertTrue(upgrade.startsWith(ServerUnderTest.family().accessLogClient(CLIENT, clientPort) + " ")
                        && upgrade.endsWith(" 101"), upgrade);
            }
        }
    }

    /**
     * A WebSocket through haproxy v2: the echo works over the upgraded connection (the agent's
     * strip left the frames alone), and the handshake's access log line shows the client.
     */
    @Test
    void webSocketThroughHaproxy() throws Exception {
        ServerUnderTest server = SERVER.get();
        int frontend = LoopbackPorts.freePort();
        String uri = "/ws/echo?id=" + REQUESTS.incrementAndGet();
        try (Haproxy haproxy = Balancers.haproxy(frontend, "", server.http, "send-proxy-v2")) {
            Socket socket = Balancers.clientSocket(frontend);
            // Host as curl would send it, so the log's server port is the frontend's, as elsewhere.
            try (RawWebSocket ws = RawWebSocket.connect(socket, "127.0.0.1:" + frontend, uri)) {
                ws.sendText("hello through haproxy");
                assertEquals("hello through haproxy", ws.receiveText());
                // Over 125 bytes, so a 16-bit frame length; under the servers' default text buffers (Tomcat's is 8 KiB).
                String large = "x".repeat(4000);
                ws.sendText(large);
                assertEquals(large, ws.receiveText());
                assertEquals(expectedAccessLine(CLIENT, socket.getLocalPort(), frontend, "GET", uri, "HTTP/1.1", 101),
                        server.accessLogLine("GET", uri, "HTTP/1.1"));
            }
        }
    }

    /** What every relayed request reports: the client, the address it dialled, the balancer. */
    private static void assertRelayed(Echo echo, int clientPort, int frontend, String version) {
        echo.assertRemote(CLIENT, clientPort)
                .assertLocal(BALANCER, frontend)
                .assertField("proxywrap.version", version)
                .assertField("proxywrap.proxy.address", BALANCER);
        String proxyPort = String.valueOf(echo.get("proxywrap.proxy.port"));
        assertTrue(proxyPort.matches("[1-9][0-9]{0,4}"), "haproxy's own source port: " + echo);
    }
}
