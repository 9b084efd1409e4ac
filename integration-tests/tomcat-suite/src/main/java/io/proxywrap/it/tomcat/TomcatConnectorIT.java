package io.proxywrap.it.tomcat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.it.server.Balancers;
import io.proxywrap.it.server.Echo;
import io.proxywrap.it.server.HeaderDelivery;
import io.proxywrap.it.server.RawClient;
import io.proxywrap.it.server.ServerExtension;
import io.proxywrap.it.server.ServerUnderTest;
import io.proxywrap.it.support.Haproxy;
import io.proxywrap.it.support.LoopbackPorts;
import io.proxywrap.it.tomcat.server.EchoServer;
import java.io.IOException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the agent does with each kind of Tomcat connector: says at start-up which ports it reads
 * headers on, warns about the NIO2 and AJP connectors it does not cover and leaves them alone;
 * and a RemoteIpValve sees the client as its peer. The server-agnostic part (an unlisted port,
 * a port configured as https) is the server suite's ConnectorIT.
 */
@Tag("supported-line")
class TomcatConnectorIT {

    @RegisterExtension
    static final ServerExtension SERVER = ServerExtension.allConnectors();

    private static final String CLIENT = LoopbackPorts.CLIENT_ADDRESS.getHostAddress();
    private static final String BALANCER = LoopbackPorts.LOOPBACK.getHostAddress();

    @Test
    void startupSaysWhichConnectorsReadHeaders() {
        ServerUnderTest tomcat = SERVER.get();
        for (int port : new int[] {tomcat.http, tomcat.tls, tomcat.httpsScheme}) {
            String line = tomcat.awaitOutputLine(" on port " + port + " reads PROXY headers");
            assertTrue(line.startsWith("[proxywrap] " + TomcatFamily.SERVER_INFO + ": connector "), line);
        }
        String nio2 = tomcat.awaitOutputLine(" on port " + tomcat.extra(EchoServer.NIO2)
                + " uses Nio2Endpoint, which proxywrap does not cover");
        assertTrue(nio2.startsWith("[proxywrap] WARN " + TomcatFamily.SERVER_INFO + ": connector "), nio2);
        String ajp = tomcat.awaitOutputLine(" on port " + tomcat.extra(EchoServer.AJP)
                + " is an AJP connector, which proxywrap does not cover");
        assertTrue(ajp.startsWith("[proxywrap] WARN " + TomcatFamily.SERVER_INFO + ": connector \"ajp-nio-"), ajp);
        // Every connector has been reported on by now; the unlisted one is not the agent's business.
        assertFalse(tomcat.stderr().contains(" on port " + tomcat.unlisted + " "), tomcat::stderr);
    }

    /** The agent does not cover NIO2 and said so: its connections are served unchecked. */
    @Test
    void nio2PortIsServedUnchecked() throws IOException {
        ServerUnderTest tomcat = SERVER.get();
        try (RawClient client = RawClient.open(tomcat.extra(EchoServer.NIO2), HeaderDelivery.oneWrite(new byte[0]))) {
            client.get("/nio2/plain")
                    .assertRemote(CLIENT, client.localPort())
                    .assertNoProxywrapAttributes();
        }
    }

    /**
     * AJP runs on the same NioEndpoint as HTTP, so its reads pass the agent's hooks; listed or
     * not, it must reach Tomcat untouched. An AJP CPING (a 5-byte packet, no PROXY header) is
     * answered with a CPONG: required mode would have closed it for the missing header.
     */
    @Test
    void ajpPortIsLeftAlone() throws IOException {
        ServerUnderTest tomcat = SERVER.get();
        try (RawClient client = RawClient.open(tomcat.extra(EchoServer.AJP), HeaderDelivery.oneWrite(new byte[0]))) {
            client.write(new byte[] {0x12, 0x34, 0x00, 0x01, 0x0A});
            assertArrayEquals(new byte[] {0x41, 0x42, 0x00, 0x01, 0x09}, client.readBytes(5));
        }
    }

    /**
     * A RemoteIpValve that trusts only 127.0.0.42 to forward: it takes X-Forwarded-For only if
     * Tomcat reports the header's source (the client) rather than haproxy (127.0.0.1).
     */
    @Test
    void remoteIpValveSeesTheClientAsItsPeer() {
        ServerUnderTest tomcat = SERVER.get();
        int frontend = LoopbackPorts.freePort();
        int clientPort = LoopbackPorts.freePort(LoopbackPorts.CLIENT_ADDRESS);
        try (Haproxy haproxy = Balancers.haproxy(frontend, "", tomcat.http, "send-proxy-v2")) {
            Echo echo = Echo.parse(Balancers.curl(clientPort, "--header", "X-Forwarded-For: 203.0.113.9",
                    "http://127.0.0.1:" + frontend + "/rip/valve").stdout());
            echo.assertField("remoteAddr", "203.0.113.9")
                    .assertField("remoteHost", "203.0.113.9")
                    .assertField("proxywrap.proxy.address", BALANCER);
        }
    }
}
