package io.proxywrap.it.undertow;

import static io.proxywrap.it.server.ServerUnderTest.expectedAccessLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.proxywrap.it.undertow.server.UndertowEchoServer;
import java.io.IOException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A port listed in proxywrap.ports whose listener Undertow itself reads PROXY headers on (the
 * {@code native} listener, {@code setUseProxyProtocol(true)}): the agent says so at start-up and
 * leaves the header to Undertow, so it is parsed exactly once, by Undertow. Were both to parse,
 * the agent would take the first header and Undertow a second one; were neither, the header would
 * reach HTTP as a bad request.
 */
@Tag("supported-line")
class NativeProxyProtocolIT {

    @RegisterExtension
    static final ServerExtension SERVER = ServerExtension.allConnectors();

    private static final String CLIENT = LoopbackPorts.CLIENT_ADDRESS.getHostAddress();
    private static final String BALANCER = LoopbackPorts.LOOPBACK.getHostAddress();

    private static int nativePort() {
        return SERVER.get().extra(UndertowEchoServer.NATIVE);
    }

    @Test
    void startupSaysThePortHasUndertowsOwnProxySupport() {
        Pattern port = Pattern.compile("\\b" + nativePort() + "\\b");
        String line = SERVER.get().awaitOutputLine(l -> l.contains("setUseProxyProtocol") && port.matcher(l).find());
        assertTrue(line.startsWith("[proxywrap] WARN "), line);
        assertTrue(line.contains("has Undertow's own PROXY protocol support (setUseProxyProtocol), which reads PROXY"
                + " headers itself: proxywrap leaves the port to it"), line);
    }

    /** Undertow reports the header's addresses, and the agent added nothing: it did not read the header. */
    @Test
    void aHeaderIsParsedByUndertow() throws IOException {
        for (CraftedHeader header : new CraftedHeader[] {CraftedHeader.V1_TCP4, CraftedHeader.V2_TCP6_WITH_TLVS}) {
            try (RawClient client = RawClient.open(nativePort(), HeaderDelivery.oneWrite(header.bytes()))) {
                client.get("/native/" + header)
                        .assertRemote(header.sourceText(), header.source.getPort())
                        .assertLocal(header.destinationText(), header.destination.getPort())
                        .assertNoProxywrapAttributes();
            }
        }
    }

    /**
     * Two headers: Undertow takes the first, and the second is HTTP to it, not a request line. Had
     * the agent stripped one too, Undertow would have parsed the second and echoed its client.
     */
    @Test
    void aHeaderIsNeverStrippedTwice() throws IOException {
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
     * No header: Undertow's own support requires one and closes the connection unanswered; the agent
     * never saw it, so it logs nothing about a connection to this port (with proxywrap.log=debug
     * it writes a line for every connection it accepts on a port it reads headers on).
     */
    @Test
    void aConnectionWithoutAHeaderIsUndertowsToRefuse() throws IOException {
        int clientPort;
        try (RawClient client = RawClient.open(nativePort(), HeaderDelivery.oneWrite(new byte[0]))) {
            clientPort = client.localPort();
            client.write(RawClient.request("GET", "/native/plain", ""));
            client.assertClosedWithoutResponse("no header on Undertow's own PROXY listener");
        }
        ServerUnderTest server = SERVER.get();
        // A connection the agent does handle, after it: once its debug line is out, any line about
        // the earlier one would be too (one stream, written in order).
        CraftedHeader header = CraftedHeader.V1_TCP4;
        int later;
        try (RawClient client = RawClient.open(server.http, HeaderDelivery.oneWrite(header.bytes()))) {
            later = client.localPort();
            client.get("/after-native").assertRemote(header.sourceText(), header.source.getPort());
        }
        server.awaitOutputLine("[proxywrap] debug: connection from 127.0.0.42:" + later + " to port " + server.http);
        String about = "127.0.0.42:" + clientPort + " to port " + nativePort();
        assertTrue(server.stderr().lines().noneMatch(l -> l.contains(about)), () -> "the agent wrote about " + about
                + ":\n" + server.stderr());
    }

    /** haproxy's v2 header, parsed by Undertow: the echo and the access log show the client. */
    @Test
    void haproxyThroughUndertowsOwnSupport() {
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
