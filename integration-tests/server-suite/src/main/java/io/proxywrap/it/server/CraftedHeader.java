package io.proxywrap.it.server;

import static io.proxywrap.it.support.ProxyHeaderBytes.tlv;

import io.proxywrap.it.server.echo.EchoText;
import io.proxywrap.it.support.LoopbackPorts;
import io.proxywrap.it.support.ProxyHeaderBytes;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The well-formed headers the tests write by hand, with what the server must then report. Their
 * addresses are from the documentation ranges (RFC 5737, RFC 3849): text in a header, never
 * dialled, and unlike anything real on the machine, so a report of them can only come from the
 * header.
 */
public enum CraftedHeader {
    V1_TCP4(1, source4(), destination4(), Map.of()),
    V1_TCP6(1, source6(), destination6(), Map.of()),
    V2_TCP4(2, source4(), destination4(), Map.of()),
    /** Every TLV the agent turns into an attribute, plus NOOP, an unknown type, and a CRC32C. */
    V2_TCP6_WITH_TLVS(2, source6(), destination6(), Map.of(
            "proxywrap.alpn", "http/1.1",
            "proxywrap.authority", "tenant.example.org",
            "proxywrap.unique_id", "uid-4f2a",
            "proxywrap.ssl.version", "TLSv1.3",
            "proxywrap.ssl.cipher", "TLS_AES_128_GCM_SHA256",
            "proxywrap.ssl.cn", "client.example.org",
            "proxywrap.aws.vpce_id", "vpce-0123456789abcdef0",
            // 0xFEDCBA98 as Azure sends it, little-endian; unsigned in decimal
            "proxywrap.azure.link_id", "4275878552",
            // 0xFEDCBA9876543210 as GCP sends it, big-endian; unsigned in decimal
            "proxywrap.gcp.psc_connection_id", "18364758544493064720"));

    public final int version;
    public final InetSocketAddress source;
    public final InetSocketAddress destination;
    /** The TLV attributes this header must produce (the addresses' attributes aside). */
    public final Map<String, String> tlvAttributes;

    CraftedHeader(int version, InetSocketAddress source, InetSocketAddress destination,
            Map<String, String> tlvAttributes) {
        this.version = version;
        this.source = source;
        this.destination = destination;
        this.tlvAttributes = tlvAttributes;
    }

    public byte[] bytes() {
        if (version == 1) {
            return ProxyHeaderBytes.v1(source, destination);
        }
        ProxyHeaderBytes.V2 v2 = ProxyHeaderBytes.v2().addresses(source, destination);
        if (this == V2_TCP6_WITH_TLVS) {
            v2.append(tlv(ProxyHeaderBytes.TLV_ALPN, "http/1.1"))
                    .append(tlv(ProxyHeaderBytes.TLV_AUTHORITY, "tenant.example.org"))
                    .append(tlv(ProxyHeaderBytes.TLV_UNIQUE_ID, "uid-4f2a"))
                    .append(ProxyHeaderBytes.sslTlv(ProxyHeaderBytes.SSL_CLIENT_SSL, 0,
                            tlv(ProxyHeaderBytes.TLV_SSL_VERSION, "TLSv1.3"),
                            tlv(ProxyHeaderBytes.TLV_SSL_CIPHER, "TLS_AES_128_GCM_SHA256"),
                            tlv(ProxyHeaderBytes.TLV_SSL_CN, "client.example.org")))
                    .append(tlv(ProxyHeaderBytes.TLV_AWS, concat(new byte[] {0x01}, ascii("vpce-0123456789abcdef0"))))
                    .append(tlv(ProxyHeaderBytes.TLV_AZURE, new byte[] {0x01, (byte) 0x98, (byte) 0xBA, (byte) 0xDC,
                        (byte) 0xFE}))
                    .append(tlv(ProxyHeaderBytes.TLV_GCP, ByteBuffer.allocate(8).putLong(0xFEDCBA9876543210L).array()))
                    .append(tlv(ProxyHeaderBytes.TLV_NOOP, new byte[3]))
                    .append(tlv(0x31, ascii("unknown type, kept raw, no attribute")))
                    .crc32c();
        }
        return v2.build();
    }

    /**
     * The address as the server under test itself reports a peer ({@link ServerFamily#addressText}):
     * from {@code InetAddress.getHostAddress()}, which writes IPv6 in full
     * ({@code 2001:db8:0:0:0:0:0:23}) where a PROXY header may use {@code ::}.
     */
    public String sourceText() {
        return ServerFamily.underTest().addressText(source.getAddress());
    }

    public String destinationText() {
        return ServerFamily.underTest().addressText(destination.getAddress());
    }

    /**
     * The request a test client sent right after this header reports the header's addresses, its
     * attributes, and the scheme it implies (with the {@code transport} the client used after it).
     */
    public void assertReported(Echo echo, Transport transport, RawClient client) {
        echo.assertRemote(sourceText(), source.getPort())
                .assertLocal(destinationText(), destination.getPort())
                .assertField("protocol", "HTTP/1.1")
                .assertScheme(transport.scheme(this))
                .assertField("proxywrap.version", Integer.toString(version))
                // the real peer: this client, not a balancer
                .assertField("proxywrap.proxy.address", LoopbackPorts.CLIENT_ADDRESS.getHostAddress())
                .assertField("proxywrap.proxy.port", Integer.toString(client.localPort()));
        for (String attribute : EchoText.ATTRIBUTES) {
            if (!attribute.startsWith("proxywrap.proxy.") && !attribute.equals("proxywrap.version")) {
                echo.assertField(attribute, tlvAttributes.get(attribute));
            }
        }
    }

    /** The SSL TLV says the client spoke TLS to the balancer: the request is secure on any port. */
    public boolean saysClientUsedTls() {
        return this == V2_TCP6_WITH_TLVS;
    }

    private static InetSocketAddress source4() {
        return address("198.51.100.23", 41234);
    }

    private static InetSocketAddress destination4() {
        return address("203.0.113.80", 4443);
    }

    private static InetSocketAddress source6() {
        return address("2001:db8::23", 41236);
    }

    private static InetSocketAddress destination6() {
        return address("2001:db8::80", 4446);
    }

    /** From a literal: InetAddress.getByName parses literals and never asks DNS about them. */
    private static InetSocketAddress address(String literal, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(literal), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(literal, e);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
