package io.proxywrap.it.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.it.support.LoopbackPorts;
import java.io.IOException;
import java.net.InetAddress;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code proxywrap.trusted}: on a port that trusts only 127.0.0.1 (the balancer), a header from
 * anyone else never reaches the application, and the same header from the balancer does.
 */
@Tag("supported-line")
class SpoofingIT {

    @RegisterExtension
    static final ServerExtension SERVER = ServerExtension.allConnectors();

    private static final CraftedHeader FORGED = CraftedHeader.V1_TCP4;

    @Test
    void aHeaderFromAnUntrustedPeerClosesItsConnection() throws IOException {
        ServerUnderTest server = SERVER.get();
        int clientPort = refused(LoopbackPorts.CLIENT_ADDRESS, server.trustedOnly, "127.0.0.1/32");
        String warning = server.awaitOutputLine("closed connection from 127.0.0.42:" + clientPort + " to port "
                + server.trustedOnly + ": ");
        assertTrue(warning.contains("proxywrap.trusted"), warning);
        server.awaitOutputLine("[proxywrap] debug: connection from 127.0.0.42:" + clientPort + " to port "
                + server.trustedOnly + ": accepted from a peer not in proxywrap.trusted");
    }

    /** An IPv6 peer is matched against IPv6 networks, and is in no IPv4 one. */
    @Test
    void anIpv6PeerIsCheckedAgainstItsOwnFamily() throws IOException {
        ServerUnderTest server = SERVER.get();
        believed(LoopbackPorts.IPV6_LOOPBACK, server.ipv6TrustingIpv6);
        int clientPort = refused(LoopbackPorts.IPV6_LOOPBACK, server.ipv6TrustingIpv4, "127.0.0.0/8");
        server.awaitOutputLine("closed connection from [0:0:0:0:0:0:0:1]:" + clientPort + " to port "
                + server.ipv6TrustingIpv4 + ": ");
    }

    /** 127.0.0.1 matches ::ffff:127.0.0.1/128, the same address written IPv4-mapped; 127.0.0.42 does not. */
    @Test
    void anIpv4PeerMatchesItsIpv4MappedForm() throws IOException {
        ServerUnderTest server = SERVER.get();
        believed(LoopbackPorts.LOOPBACK, server.trustingMappedLoopback);
        refused(LoopbackPorts.CLIENT_ADDRESS, server.trustingMappedLoopback, "::ffff:127.0.0.1/128");
    }

    @Test
    void theSameHeaderFromTheTrustedBalancerIsBelieved() throws IOException {
        ServerUnderTest server = SERVER.get();
        int clientPort = believed(LoopbackPorts.LOOPBACK, server.trustedOnly);
        // proxywrap.log=debug (the suite's servers run with it) shows each decision.
        String connection = "[proxywrap] debug: connection from 127.0.0.1:" + clientPort + " to port "
                + server.trustedOnly + ": ";
        server.awaitOutputLine(connection + "accepted from a trusted peer");
        String decided = server.awaitOutputLine(connection + "header ");
        assertTrue(decided.contains(FORGED.sourceText()), decided);
    }

    /** The forged header from {@code source} is believed: the request reports its client. Returns the client's port. */
    private static int believed(InetAddress source, int port) throws IOException {
        try (RawClient client = RawClient.openFrom(source, port, HeaderDelivery.oneWrite(FORGED.bytes()))) {
            client.get("/believed").assertRemote(FORGED.sourceText(), FORGED.source.getPort());
            return client.localPort();
        }
    }

    /** The forged header from {@code source} closes its connection unanswered. Returns the client's port. */
    private static int refused(InetAddress source, int port, String trusted) throws IOException {
        try (RawClient client = RawClient.openFrom(source, port, HeaderDelivery.oneWrite(FORGED.bytes()))) {
            client.write(RawClient.request("GET", "/refused", ""));
            client.assertClosedWithoutResponse(source.getHostAddress() + " on a port that trusts " + trusted);
            return client.localPort();
        }
    }
}
