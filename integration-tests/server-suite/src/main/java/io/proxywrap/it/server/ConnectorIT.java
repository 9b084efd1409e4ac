package io.proxywrap.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxywrap.it.support.HttpResponse;
import io.proxywrap.it.support.LoopbackPorts;
import java.io.IOException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the agent does with a port by its configuration alone: leaves an unlisted port byte for
 * byte alone, and applies a port's {@code scheme=https}. What it says about each kind of
 * connector is the family's own (e.g. Tomcat's TomcatConnectorIT).
 */
@Tag("supported-line")
class ConnectorIT {

    @RegisterExtension
    static final ServerExtension SERVER = ServerExtension.allConnectors();

    private static final String CLIENT = LoopbackPorts.CLIENT_ADDRESS.getHostAddress();

    /** No header expected there: a PROXY line is just a malformed request to the server (400). */
    @Test
    void unlistedPortIsLeftAlone() throws IOException {
        ServerUnderTest server = SERVER.get();
        try (RawClient client = RawClient.open(server.unlisted, HeaderDelivery.oneWrite(CraftedHeader.V1_TCP4.bytes()))) {
            client.write(RawClient.request("GET", "/unlisted/with-header", ""));
            HttpResponse response = client.readResponse();
            assertEquals(400, response.status(), response::statusLine);
        }
        try (RawClient client = RawClient.open(server.unlisted, HeaderDelivery.oneWrite(new byte[0]))) {
            client.get("/unlisted/plain")
                    .assertRemote(CLIENT, client.localPort())
                    .assertLocal(LoopbackPorts.LOOPBACK.getHostAddress(), server.unlisted)
                    .assertScheme("http")
                    .assertNoProxywrapAttributes();
        }
    }

    /** proxywrap.port.N.scheme=https: secure, though neither the connector nor the header says so. */
    @Test
    void portConfiguredAsHttps() throws IOException {
        ServerUnderTest server = SERVER.get();
        CraftedHeader header = CraftedHeader.V1_TCP4;
        try (RawClient client = RawClient.open(server.httpsScheme, HeaderDelivery.oneWrite(header.bytes()))) {
            client.get("/scheme-https")
                    .assertRemote(header.sourceText(), header.source.getPort())
                    .assertLocal(header.destinationText(), header.destination.getPort())
                    .assertScheme("https")
                    .assertField("proxywrap.version", "1");
        }
    }
}
