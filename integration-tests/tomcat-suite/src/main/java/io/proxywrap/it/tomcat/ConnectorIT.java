package io.proxywrap.it.tomcat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.it.support.HttpResponse;
import io.proxywrap.it.support.LoopbackPorts;
import java.io.IOException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the agent does with each kind of connector: says at start-up which ports it reads
 * headers on, warns about the NIO2 connector it does not cover, leaves an unlisted port byte for
 * byte alone, and applies a port's {@code scheme=https}.
 */
@Tag("supported-line")
class ConnectorIT {

    @RegisterExtension
    static final TomcatExtension TOMCAT = TomcatExtension.allConnectors();

    private static final String CLIENT = LoopbackPorts.CLIENT_ADDRESS.getHostAddress();
    private static final String SERVER = "Apache Tomcat/" + TomcatUnderTest.TOMCAT_VERSION;

    @Test
    void startupSaysWhichConnectorsReadHeaders() {
        TomcatUnderTest tomcat = TOMCAT.get();
        for (int port : new int[] {tomcat.http, tomcat.tls, tomcat.httpsScheme}) {
            String line = tomcat.awaitOutputLine(" on port " + port + " reads PROXY headers");
            assertTrue(line.startsWith("[proxywrap] " + SERVER + ": connector "), line);
        }
        String nio2 = tomcat.awaitOutputLine(" on port " + tomcat.nio2
                + " uses Nio2Endpoint, which proxywrap does not cover");
        assertTrue(nio2.startsWith("[proxywrap] WARN " + SERVER + ": connector "), nio2);
        String ajp = tomcat.awaitOutputLine(" on port " + tomcat.ajp
                + " is an AJP connector, which proxywrap does not cover");
        assertTrue(ajp.startsWith("[proxywrap] WARN " + SERVER + ": connector \"ajp-nio-"), ajp);
        // Every connector has been reported on by now; the unlisted one is not the agent's business.
        assertFalse(tomcat.stderr().contains(" on port " + tomcat.unlisted + " "), tomcat::stderr);
    }

    /** No header expected there: a PROXY line is just a malformed request to Tomcat (400). */
    @Test
    void unlistedPortIsLeftAlone() throws IOException {
        TomcatUnderTest tomcat = TOMCAT.get();
        try (RawClient client = RawClient.open(tomcat.unlisted, HeaderDelivery.oneWrite(CraftedHeader.V1_TCP4.bytes()))) {
            client.write(RawClient.request("GET", "/unlisted/with-header", ""));
            HttpResponse response = client.readResponse();
            assertEquals(400, response.status(), response::statusLine);
        }
        try (RawClient client = RawClient.open(tomcat.unlisted, HeaderDelivery.oneWrite(new byte[0]))) {
            client.get("/unlisted/plain")
                    .assertRemote(CLIENT, client.localPort())
                    .assertLocal(LoopbackPorts.LOOPBACK.getHostAddress(), tomcat.unlisted)
                    .assertScheme("http")
                    .assertNoProxywrapAttributes();
        }
    }

    /** The agent does not cover NIO2 and said so: its connections are served unchecked. */
    @Test
    void nio2PortIsServedUnchecked() throws IOException {
        TomcatUnderTest tomcat = TOMCAT.get();
        try (RawClient client = RawClient.open(tomcat.nio2, HeaderDelivery.oneWrite(new byte[0]))) {
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
        TomcatUnderTest tomcat = TOMCAT.get();
        try (RawClient client = RawClient.open(tomcat.ajp, HeaderDelivery.oneWrite(new byte[0]))) {
            client.write(new byte[] {0x12, 0x34, 0x00, 0x01, 0x0A});
            assertArrayEquals(new byte[] {0x41, 0x42, 0x00, 0x01, 0x09}, client.readBytes(5));
        }
    }

    /** proxywrap.port.N.scheme=https: secure, though neither the connector nor the header says so. */
    @Test
    void portConfiguredAsHttps() throws IOException {
        TomcatUnderTest tomcat = TOMCAT.get();
        CraftedHeader header = CraftedHeader.V1_TCP4;
        try (RawClient client = RawClient.open(tomcat.httpsScheme, HeaderDelivery.oneWrite(header.bytes()))) {
            client.get("/scheme-https")
                    .assertRemote(header.sourceText(), header.source.getPort())
                    .assertLocal(header.destinationText(), header.destination.getPort())
                    .assertScheme("https")
                    .assertField("proxywrap.version", "1");
        }
    }
}
