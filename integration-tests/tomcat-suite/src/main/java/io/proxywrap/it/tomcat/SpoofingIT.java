package io.proxywrap.it.tomcat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.it.support.LoopbackPorts;
import java.io.IOException;
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
    static final TomcatExtension TOMCAT = TomcatExtension.allConnectors();

    private static final CraftedHeader FORGED = CraftedHeader.V1_TCP4;

    @Test
    void aHeaderFromAnUntrustedPeerClosesItsConnection() throws IOException {
        TomcatUnderTest tomcat = TOMCAT.get();
        try (RawClient client = RawClient.open(tomcat.trustedOnly, HeaderDelivery.oneWrite(FORGED.bytes()))) {
            client.write(RawClient.request("GET", "/forged", ""));
            client.assertClosedWithoutResponse("a header from 127.0.0.42, which is not trusted");
            String warning = tomcat.awaitOutputLine("closed connection from 127.0.0.42:" + client.localPort()
                    + " to port " + tomcat.trustedOnly + ": ");
            assertTrue(warning.contains("proxywrap.trusted"), warning);
            tomcat.awaitOutputLine("[proxywrap] debug: connection from 127.0.0.42:" + client.localPort() + " to port "
                    + tomcat.trustedOnly + ": accepted from a peer not in proxywrap.trusted");
        }
    }

    /** An IPv6 peer is matched against IPv6 networks, and is in no IPv4 one. */
    @Test
    void anIpv6PeerIsCheckedAgainstItsOwnFamily() throws IOException {
        TomcatUnderTest tomcat = TOMCAT.get();
        try (RawClient client = RawClient.openFrom(LoopbackPorts.IPV6_LOOPBACK, tomcat.ipv6TrustingIpv6,
                HeaderDelivery.oneWrite(FORGED.bytes()))) {
            client.get("/from-ipv6").assertRemote(FORGED.sourceText(), FORGED.source.getPort());
        }
        try (RawClient client = RawClient.openFrom(LoopbackPorts.IPV6_LOOPBACK, tomcat.ipv6TrustingIpv4,
                HeaderDelivery.oneWrite(FORGED.bytes()))) {
            client.write(RawClient.request("GET", "/from-ipv6-untrusted", ""));
            client.assertClosedWithoutResponse("::1 on a port that trusts 127.0.0.0/8");
            tomcat.awaitOutputLine("closed connection from [0:0:0:0:0:0:0:1]:" + client.localPort() + " to port "
                    + tomcat.ipv6TrustingIpv4 + ": ");
        }
    }

    /** 127.0.0.1 matches ::ffff:127.0.0.1/128, the same address written IPv4-mapped; 127.0.0.42 does not. */
    @Test
    void anIpv4PeerMatchesItsIpv4MappedForm() throws IOException {
        TomcatUnderTest tomcat = TOMCAT.get();
        try (RawClient client = RawClient.openFrom(LoopbackPorts.LOOPBACK, tomcat.trustingMappedLoopback,
                HeaderDelivery.oneWrite(FORGED.bytes()))) {
            client.get("/from-mapped").assertRemote(FORGED.sourceText(), FORGED.source.getPort());
        }
        try (RawClient client = RawClient.open(tomcat.trustingMappedLoopback, HeaderDelivery.oneWrite(FORGED.bytes()))) {
            client.write(RawClient.request("GET", "/from-mapped-untrusted", ""));
            client.assertClosedWithoutResponse("127.0.0.42 on a port that trusts ::ffff:127.0.0.1/128");
        }
    }

    @Test
    void theSameHeaderFromTheTrustedBalancerIsBelieved() throws IOException {
        TomcatUnderTest tomcat = TOMCAT.get();
        try (RawClient client = RawClient.openFrom(LoopbackPorts.LOOPBACK, tomcat.trustedOnly,
                HeaderDelivery.oneWrite(FORGED.bytes()))) {
            client.get("/from-the-balancer").assertRemote(FORGED.sourceText(), FORGED.source.getPort());
            // proxywrap.log=debug (the suite's servers run with it) shows each decision.
            String connection = "[proxywrap] debug: connection from 127.0.0.1:" + client.localPort() + " to port "
                    + tomcat.trustedOnly + ": ";
            tomcat.awaitOutputLine(connection + "accepted from a trusted peer");
            String decided = tomcat.awaitOutputLine(connection + "header ");
            assertTrue(decided.contains(FORGED.sourceText()), decided);
        }
    }
}
