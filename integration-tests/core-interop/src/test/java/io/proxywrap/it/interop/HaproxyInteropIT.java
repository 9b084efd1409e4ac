package io.proxywrap.it.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.core.codec.ProxyHeader;
import io.proxywrap.core.codec.ProxyHeader.AddressFamily;
import io.proxywrap.core.codec.ProxyHeader.Command;
import io.proxywrap.core.codec.ProxyHeader.TransportProtocol;
import io.proxywrap.core.codec.Tlv;
import io.proxywrap.it.interop.ProxyTestServer.Received;
import io.proxywrap.it.support.Haproxy;
import io.proxywrap.it.support.LoopbackPorts;
import io.proxywrap.it.support.SelfSignedCertificate;

import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** What haproxy 2.6 sends as a TCP proxy, a TLS terminator and a health checker, decoded by the core. */
class HaproxyInteropIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int PAYLOAD_SIZE = 64 * 1024;

    private static final String DEFAULTS = ""
            + "defaults\n"
            + "  mode tcp\n"
            + "  timeout connect 5s\n"
            + "  timeout client 30s\n"
            + "  timeout server 30s\n";

    @Test
    void sendProxyV1() throws Exception {
        ProxyHeader header = relayPlainTcp("send-proxy", 1);
        assertTrue(header.tlvs().isEmpty());
    }

    @Test
    void sendProxyV2() throws Exception {
        ProxyHeader header = relayPlainTcp("send-proxy-v2", 2);
        assertEquals(16 + 12, header.length(), "v2 fixed part + INET addresses, no TLV");
        assertTrue(header.tlvs().isEmpty(), header.tlvs().toString());
    }

    /**
     * A client at 127.0.0.42 sends 64 KiB through haproxy, whose server option makes it send a
     * header of {@code version}; returns the header after the common checks.
     */
    private ProxyHeader relayPlainTcp(String serverOption, int version) throws Exception {
        byte[] payload = Clients.payload(PAYLOAD_SIZE, version);
        int frontend = LoopbackPorts.freePort();
        try (ProxyTestServer server = new ProxyTestServer();
                Haproxy haproxy = Haproxy.start(DEFAULTS
                        + "frontend fe\n"
                        + "  bind 127.0.0.1:" + frontend + "\n"
                        + "  default_backend be\n"
                        + "backend be\n"
                        + "  server app 127.0.0.1:" + server.port() + " " + serverOption + "\n", frontend);
                Socket client = Clients.connectFromClientAddress(frontend)) {
            Clients.sendAndHalfClose(client, payload);

            Received r = server.awaitConnection(WAIT);
            String context = r + "\n" + haproxy.output();
            assertNull(r.failure(), context);
            ProxyHeader header = r.header();
            RelayedHeaders.assertRelayedTcp4(header, version, context);
            assertEquals(new InetSocketAddress(LoopbackPorts.CLIENT_ADDRESS, client.getLocalPort()), header.source(),
                    context);
            assertEquals(new InetSocketAddress(LoopbackPorts.LOOPBACK, frontend), header.destination(), context);
            if (version == 1) {
                String line = "PROXY TCP4 127.0.0.42 127.0.0.1 " + client.getLocalPort() + " " + frontend + "\r\n";
                assertEquals(line.length(), header.length(), context);
            }
            assertEquals(LoopbackPorts.LOOPBACK, ((InetSocketAddress) r.peer()).getAddress(),
                    "the real peer is haproxy on 127.0.0.1");
            assertArrayEquals(payload, r.applicationBytes(), context);
            System.out.println("haproxy " + serverOption + " sent: " + r);
            return header;
        }
    }

    @Test
    void sendProxyV2SslWithEveryOption() throws Exception {
        byte[] payload = Clients.payload(PAYLOAD_SIZE, 3);
        int frontend = LoopbackPorts.freePort();
        try (SelfSignedCertificate certificate = SelfSignedCertificate.generate();
                ProxyTestServer server = new ProxyTestServer();
                Haproxy haproxy = Haproxy.start(DEFAULTS
                        + "  unique-id-format abc123\n"
                        + "frontend fe\n"
                        + "  bind 127.0.0.1:" + frontend + " ssl crt " + certificate.pemBundle() + " alpn h2,http/1.1\n"
                        + "  default_backend be\n"
                        + "backend be\n"
                        + "  server app 127.0.0.1:" + server.port() + " send-proxy-v2-ssl-cn"
                        + " proxy-v2-options crc32c,unique-id,authority,ssl-cipher,cert-sig,cert-key\n", frontend);
                SSLSocket client = Clients.connectTls(frontend, certificate, "http/1.1")) {
            SSLSession session = client.getSession();
            assertEquals("http/1.1", client.getApplicationProtocol(), "haproxy chose the only protocol offered");
            Clients.sendAndHalfClose(client, payload);

            Received r = server.awaitConnection(WAIT);
            String context = r + "\n" + haproxy.output();
            System.out.println("haproxy send-proxy-v2-ssl-cn sent: " + r);
            assertNull(r.failure(), context);
            ProxyHeader header = r.header();
            RelayedHeaders.assertRelayedTcp4(header, 2, context);
            assertEquals(new InetSocketAddress(LoopbackPorts.CLIENT_ADDRESS, client.getLocalPort()), header.source(),
                    context);
            assertEquals(new InetSocketAddress(LoopbackPorts.LOOPBACK, frontend), header.destination(), context);

            // haproxy 2.6 writes them in this order; the CRC32C was verified by the decoder
            assertEquals(List.of(Tlv.CRC32C, Tlv.ALPN, Tlv.AUTHORITY, Tlv.UNIQUE_ID, Tlv.SSL),
                    header.tlvs().stream().map(Tlv::type).toList(), context);
            assertInstanceOf(Tlv.Crc32c.class, header.tlv(Tlv.CRC32C), context);
            assertEquals("http/1.1", ((Tlv.Alpn) header.tlv(Tlv.ALPN)).protocol(), context);
            assertEquals(SelfSignedCertificate.HOST_NAME, ((Tlv.Text) header.tlv(Tlv.AUTHORITY)).value(), context);
            assertEquals("abc123", ((Tlv.UniqueId) header.tlv(Tlv.UNIQUE_ID)).idAsString(), context);

            Tlv.Ssl ssl = header.ssl();
            assertNotNull(ssl, context);
            assertTrue(ssl.clientUsedSsl(), context);
            assertEquals(Tlv.Ssl.CLIENT_SSL, ssl.client(), "TLS, no client certificate: " + context);
            assertEquals(0, ssl.verify(), context);
            assertEquals(session.getProtocol(), ssl.version(), context);
            assertEquals(session.getCipherSuite(), ssl.cipher(), "TLS 1.3 suites have the same name in"
                    + " OpenSSL and Java: " + context);
            assertFalse(ssl.cipher().isEmpty(), context);
            assertNull(ssl.commonName(), "no client certificate, so no CN: " + context);
            assertEquals("RSA2048", ssl.keyAlgorithm(), "the frontend certificate's key: " + context);
            assertEquals("RSA-SHA256", ssl.signatureAlgorithm(), "the frontend certificate's signature: " + context);

            assertArrayEquals(payload, r.applicationBytes(), context);
        }
    }

    @Test
    void healthCheckSendsV2Local() throws Exception {
        int frontend = LoopbackPorts.freePort();
        try (ProxyTestServer server = new ProxyTestServer();
                Haproxy haproxy = Haproxy.start(DEFAULTS
                        + "frontend fe\n"
                        + "  bind 127.0.0.1:" + frontend + "\n"
                        + "  default_backend be\n"
                        + "backend be\n"
                        + "  server app 127.0.0.1:" + server.port() + " check inter 200ms send-proxy-v2\n", frontend)) {
            Received r = server.awaitConnection(WAIT);
            String context = r + "\n" + haproxy.output();
            System.out.println("haproxy check send-proxy-v2 sent: " + r);
            ProxyHeader header = r.header();
            assertNotNull(header, context);
            assertEquals(2, header.version(), context);
            assertEquals(Command.LOCAL, header.command(), context);
            assertEquals(AddressFamily.UNSPEC, header.family(), context);
            assertEquals(TransportProtocol.UNSPEC, header.transport(), context);
            assertFalse(header.hasInetAddresses(), context);
            assertNull(header.source(), context);
            assertEquals(16, header.length(), "a LOCAL header with an empty body: " + context);
            assertTrue(header.tlvs().isEmpty(), context);
            assertEquals(0, r.applicationBytes().length, "a plain layer-4 check sends nothing more: " + context);
            // haproxy ends a check connection with a reset (it sets no-linger), after the header:
            // the reader held nothing back, so the reset is all that is left to see
            if (r.failure() != null) {
                assertInstanceOf(SocketException.class, r.failure(), context);
                assertTrue(r.failure().getMessage().contains("reset"), context);
            }
        }
    }
}
