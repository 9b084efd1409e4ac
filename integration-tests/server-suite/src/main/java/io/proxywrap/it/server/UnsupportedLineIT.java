package io.proxywrap.it.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.it.support.LoopbackPorts;
import java.io.IOException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server line outside the supported range (run by e.g. the tomcat-8.5 and jetty-9.3 modules):
 * the agent says so, naming the server as it reports its own version, and instruments nothing, so a listed port serves a plain request as if the agent were absent.
 */
@Tag("unsupported-line")
class UnsupportedLineIT {

    @RegisterExtension
    static final ServerExtension SERVER = ServerExtension.oneListedPort();

    @Test
    void agentDeclinesAndTheServerRunsUntouched() throws IOException {
        ServerUnderTest server = SERVER.get();
        String line = server.awaitOutputLine("is outside what proxywrap supports");
        assertTrue(line.startsWith("[proxywrap] "), line);
        assertTrue(line.contains(ServerUnderTest.family().agentName()), line);
        try (RawClient client = RawClient.open(server.http, HeaderDelivery.oneWrite(new byte[0]))) {
            client.get("/unsupported")
                    .assertRemote(LoopbackPorts.CLIENT_ADDRESS.getHostAddress(), client.localPort())
                    .assertLocal(LoopbackPorts.LOOPBACK.getHostAddress(), server.http)
                    .assertNoProxywrapAttributes();
        }
    }
}
