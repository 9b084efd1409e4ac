package io.proxywrap.it.jetty;

import static io.proxywrap.it.server.ServerUnderTest.expectedAccessLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.it.jetty.server.JettyEchoServer;
import io.proxywrap.it.server.Balancers;
import io.proxywrap.it.server.CraftedHeader;
import io.proxywrap.it.server.Echo;
import io.proxywrap.it.server.HeaderDelivery;
import io.proxywrap.it.server.RawClient;
import io.proxywrap.it.server.ServerExtension;
import io.proxywrap.it.server.ServerUnderTest;
import io.proxywrap.it.support.Haproxy;
import io.proxywrap.it.support.HttpResponse;
import io.proxywrap.it.support.LoopbackPorts;
import java.io.IOException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A port listed in proxywrap.ports whose connector already has Jetty's own ProxyConnectionFactory
 * (the {@code native} connector): the agent says so at start-up and leaves the header to Jetty,
 * so it is parsed exactly once, by Jetty. Were both to parse, the agent would take the first
 * header and Jetty a second one; were neither, the header would reach HTTP as a bad request.
 * None of this needs the agent to work, so these tests also show that the suite's echo server,
 * client and access log agree with what a Jetty of this line really reports.
 */
@Tag("supported-line")
class NativeProxyConnectionFactoryIT {

    @RegisterExtension
    static final ServerExtension SERVER = ServerExtension.allConnectors();

    private static final String CLIENT = LoopbackPorts.CLIENT_ADDRESS.getHostAddress();
    private static final String BALANCER = LoopbackPorts.LOOPBACK.getHostAddress();

    private static int nativePort() {
        return SERVER.get().extra(JettyEchoServer.NATIVE);
    }

    @Test
    void startupSaysThePortHasJettysOwnProxyConnectionFactory() {
        Pattern port = Pattern.compile("\\b" + nativePort() + "\\b");
        String line = SERVER.get().awaitOutputLine(l -> l.contains("ProxyConnectionFactory") && port.matcher(l).find());
        assertTrue(line.startsWith("[proxywrap] "), line);
    }

    /** Jetty reports the header's addresses, and the agent added nothing: it did not read the header. */
    @Test
    void aHeaderIsParsedByJetty() throws IOException {
        CraftedHeader header = CraftedHeader.V1_TCP4;
        try (RawClient client = RawClient.open(nativePort(), HeaderDelivery.oneWrite(header.bytes()))) {
            client.get("/native/v1")
                    .assertRemote(header.sourceText(), header.source.getPort())
                    .assertLocal(header.destinationText(), header.destination.getPort())
                    .assertScheme("http")
                    .assertNoProxywrapAttributes();
        }
    }

    /**
     * A second PROXY line after the first is HTTP to Jetty, and not a request line: a 400, not
     * an echo of either header's client.
     */
    @Test
    void aSecondHeaderIsParsedByNoOne() throws IOException {
        byte[] first = CraftedHeader.V1_TCP4.bytes();
        byte[] second = CraftedHeader.V1_TCP6.bytes();
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        try (RawClient client = RawClient.open(nativePort(), HeaderDelivery.oneWrite(both))) {
            client.write(RawClient.request("GET", "/native/two-headers", ""));
            HttpResponse response = client.readResponse();
            assertEquals(400, response.status(), () -> response.statusLine() + "\n" + response.bodyText());
        }
    }

    /**
     * No header: Jetty's ProxyConnectionFactory lets a connection without one through (since
     * 9.4.27), and so must the agent, though the port is listed and required mode is the default.
     */
    @Test
    void aConnectionWithoutAHeaderIsJettysToServe() throws IOException {
        try (RawClient client = RawClient.open(nativePort(), HeaderDelivery.oneWrite(new byte[0]))) {
            client.get("/native/plain")
                    .assertRemote(CLIENT, client.localPort())
                    .assertLocal(BALANCER, nativePort())
                    .assertNoProxywrapAttributes();
        }
    }

    /** haproxy's v2 header, parsed by Jetty: the echo and the access log show the client. */
    @Test
    void haproxyThroughJettysOwnSupport() {
        ServerUnderTest server = SERVER.get();
        int frontend = LoopbackPorts.freePort();
        int clientPort = LoopbackPorts.freePort(LoopbackPorts.CLIENT_ADDRESS);
        String uri = "/native/haproxy";
        try (Haproxy haproxy = Balancers.haproxy(frontend, "", nativePort(), "send-proxy-v2")) {
            Echo echo = Echo.parse(Balancers.curl(clientPort, "http://127.0.0.1:" + frontend + uri).stdout());
            echo.assertRemote(CLIENT, clientPort)
                    .assertLocal(BALANCER, frontend)
                    .assertNoProxywrapAttributes();
            assertEquals(expectedAccessLine(CLIENT, clientPort, frontend, "GET", uri, "HTTP/1.1", 200),
                    server.accessLogLine("GET", uri, "HTTP/1.1"));
        }
    }
}
