package io.proxywrap.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One canonical line per decoded header, so a table case can state every field it expects:
 * {@code v2 PROXY INET STREAM 192.0.2.1:56324 > 198.51.100.7:443 [ALPN h2, CRC32C 1a2b3c4d]}.
 * IPv6 addresses are bracketed; an IPv4 address in an INET6 header means the JDK turned an
 * IPv4-mapped address into an {@code Inet4Address}. TLVs render by their Java class, so a TLV
 * decoded into the wrong class (e.g. ALPN kept raw) renders differently. Rendering also checks
 * the invariants between accessors.
 */
public final class Render {

    private Render() {
    }

    public static String header(ProxyHeader h) {
        StringBuilder s = new StringBuilder();
        s.append('v').append(h.version()).append(' ').append(h.command()).append(' ')
                .append(h.family()).append(' ').append(h.transport());
        assertEquals(h.source() != null, h.hasInetAddresses());
        assertEquals(h.source() != null, h.destination() != null);
        assertEquals(h.sourcePath() != null, h.destinationPath() != null);
        if (h.source() != null) {
            assertNull(h.sourcePath());
            s.append(' ').append(address(h.source())).append(" > ").append(address(h.destination()));
        }
        if (h.sourcePath() != null) {
            s.append(' ').append(h.sourcePath()).append(" > ").append(h.destinationPath());
        }
        List<Tlv> tlvs = h.tlvs();
        if (!tlvs.isEmpty()) {
            s.append(' ').append(tlvs.stream().map(Render::tlv).collect(Collectors.joining(", ", "[", "]")));
        }
        for (Tlv t : tlvs) {
            assertSame(tlvs.stream().filter(x -> x.type() == t.type()).findFirst().get(), h.tlv(t.type()));
            assertFalse(t.type() == Tlv.NOOP, "NOOP must be dropped");
        }
        Tlv ssl = h.tlv(Tlv.SSL);
        assertSame(ssl instanceof Tlv.Ssl ? ssl : null, h.ssl());
        return s.toString();
    }

    /** An address as text, checking it carries no host name (it was never resolved). */
    public static String address(InetSocketAddress a) {
        assertFalse(a.isUnresolved());
        InetAddress ia = a.getAddress();
        assertNotNull(ia);
        // A literal-only InetAddress reports its address as its host string; one that went
        // through name resolution (or was given a name) would report the name.
        assertEquals(ia.getHostAddress(), a.getHostString(), "address carries a host name");
        String text = ia instanceof Inet6Address ? "[" + ia.getHostAddress() + "]" : ia.getHostAddress();
        return text + ":" + a.getPort();
    }

    public static String tlv(Tlv t) {
        if (t instanceof Tlv.Alpn) {
            assertEquals(Tlv.ALPN, t.type());
            return "ALPN " + ((Tlv.Alpn) t).protocol();
        }
        if (t instanceof Tlv.Crc32c) {
            assertEquals(Tlv.CRC32C, t.type());
            return String.format("CRC32C %08x", ((Tlv.Crc32c) t).checksum());
        }
        if (t instanceof Tlv.UniqueId) {
            Tlv.UniqueId u = (Tlv.UniqueId) t;
            assertEquals(Tlv.UNIQUE_ID, t.type());
            assertEquals(u.idAsString(), new String(u.id(), java.nio.charset.StandardCharsets.ISO_8859_1));
            return "UNIQUE_ID " + u.idAsString();
        }
        if (t instanceof Tlv.Text) {
            return textName(t.type()) + " " + ((Tlv.Text) t).value();
        }
        if (t instanceof Tlv.Ssl) {
            Tlv.Ssl s = (Tlv.Ssl) t;
            assertEquals(Tlv.SSL, t.type());
            assertEquals((s.client() & 1) != 0, s.clientUsedSsl());
            assertEquals(firstText(s, Tlv.SSL_VERSION), s.version());
            assertEquals(firstText(s, Tlv.SSL_CN), s.commonName());
            assertEquals(firstText(s, Tlv.SSL_CIPHER), s.cipher());
            assertEquals(firstText(s, Tlv.SSL_SIG_ALG), s.signatureAlgorithm());
            assertEquals(firstText(s, Tlv.SSL_KEY_ALG), s.keyAlgorithm());
            return String.format("SSL{client=0x%02x verify=0x%08x %s}", s.client(), s.verify(),
                    s.subTlvs().stream().map(Render::tlv).collect(Collectors.joining(", ", "[", "]")));
        }
        if (t instanceof Tlv.AwsVpcEndpointId) {
            assertEquals(Tlv.AWS, t.type());
            return "AWS_VPCE " + ((Tlv.AwsVpcEndpointId) t).vpcEndpointId();
        }
        if (t instanceof Tlv.AzureLinkId) {
            assertEquals(Tlv.AZURE, t.type());
            long id = ((Tlv.AzureLinkId) t).linkId();
            assertTrue(id >= 0 && id <= 0xFFFFFFFFL);
            return "AZURE_LINKID " + id;
        }
        if (t instanceof Tlv.GcpPscConnectionId) {
            Tlv.GcpPscConnectionId g = (Tlv.GcpPscConnectionId) t;
            assertEquals(Tlv.GCP, t.type());
            assertEquals(Long.toUnsignedString(g.connectionId()), g.connectionIdAsString());
            return "GCP_PSC " + g.connectionIdAsString();
        }
        if (t instanceof Tlv.Raw) {
            return String.format("RAW 0x%02x %s", t.type(), HexFormat.of().formatHex(((Tlv.Raw) t).value())).trim();
        }
        throw new AssertionError("unexpected TLV class " + t.getClass());
    }

    private static String firstText(Tlv.Ssl s, int type) {
        return s.subTlvs().stream().filter(x -> x.type() == type && x instanceof Tlv.Text)
                .map(x -> ((Tlv.Text) x).value()).findFirst().orElse(null);
    }

    private static String textName(int type) {
        switch (type) {
            case Tlv.AUTHORITY: return "AUTHORITY";
            case Tlv.NETNS: return "NETNS";
            case Tlv.SSL_VERSION: return "VERSION";
            case Tlv.SSL_CN: return "CN";
            case Tlv.SSL_CIPHER: return "CIPHER";
            case Tlv.SSL_SIG_ALG: return "SIG_ALG";
            case Tlv.SSL_KEY_ALG: return "KEY_ALG";
            default: throw new AssertionError("Text TLV of unexpected type 0x" + Integer.toHexString(type));
        }
    }
}
