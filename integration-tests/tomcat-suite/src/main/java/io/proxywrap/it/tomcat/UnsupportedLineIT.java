package io.proxywrap.it.tomcat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.it.support.LoopbackPorts;
import java.io.IOException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Tomcat line outside the supported range (run by the tomcat-8.5 module): the agent says so
 * and instruments nothing, so a listed port serves a plain request as if the agent were absent.
 */
@Tag("unsupported-line")
class UnsupportedLineIT {

    @RegisterExtension
    static final TomcatExtension TOMCAT = TomcatExtension.oneListedPort();

    @Test
    void agentDeclinesAndTheServerRunsUntouched() throws IOException {
        TomcatUnderTest tomcat = TOMCAT.get();
        String line = tomcat.awaitOutputLine("is outside what proxywrap supports");
        assertTrue(line.startsWith("[proxywrap] "), line);
        assertTrue(line.contains("Apache Tomcat/" + TomcatUnderTest.TOMCAT_VERSION), line);
        try (RawClient client = RawClient.open(tomcat.http, HeaderDelivery.oneWrite(new byte[0]))) {
            client.get("/unsupported")
                    .assertRemote(LoopbackPorts.CLIENT_ADDRESS.getHostAddress(), client.localPort())
                    .assertLocal(LoopbackPorts.LOOPBACK.getHostAddress(), tomcat.http)
                    .assertNoProxywrapAttributes();
        }
    }
}
