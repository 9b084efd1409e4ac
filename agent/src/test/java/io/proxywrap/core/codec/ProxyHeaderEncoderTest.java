package io.proxywrap.core.codec;

import static io.proxywrap.core.codec.V2.TCP4;
import static io.proxywrap.core.codec.V2.TCP6;
import static io.proxywrap.core.codec.V2.UNSPEC;
import static io.proxywrap.core.codec.V2.repeat;
import static io.proxywrap.core.codec.V2.sslValue;
import static io.proxywrap.core.codec.V2.tlvBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.core.codec.ProxyProtocolException.Reason;
import io.proxywrap.core.net.InetLiterals;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every header the encoder writes is, byte for byte, the one the independent test builder
 * {@link V2} (or a literal v1 line) spells out, and {@link ProxyHeaderDecoder} reads it back to
 * the same addresses and TLVs, rendered by {@link Render}.
 */
class ProxyHeaderEncoderTest {

    private static final ProxyHeaderDecoder DECODER = new ProxyHeaderDecoder();
    private static final String SSL_TEXT = "SSL{client=0x07 verify=0x00000000 [VERSION TLSv1.3, "
            + "CIPHER TLS_AES_128_GCM_SHA256, CN client.example]}";

    /**
     * @param encoded what the encoder writes
     * @param expected the same header built independently
     * @param rendered how the decoded header renders; {@code %08x} stands for the CRC32C, taken from
     *     the independent build
     */
    record Case(String name, Supplier<byte[]> encoded, V2OrBytes expected, String rendered) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The expected bytes: a v1 line, or a {@link V2} whose CRC32C (if any) renders into the text. */
    record V2OrBytes(byte[] bytes, V2 v2) {
        static V2OrBytes line(String v1) {
            return new V2OrBytes(v1.getBytes(StandardCharsets.US_ASCII), null);
        }

        static V2OrBytes of(V2 v2) {
            return new V2OrBytes(v2.build(), v2);
        }
    }

    private static byte[] ip(String literal) {
        byte[] address = InetLiterals.parse(literal);
        assertTrue(address != null, literal);
        return address;
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ProxyHeaderEncoder proxy4() {
        return ProxyHeaderEncoder.v2Proxy(ip("203.0.113.7"), 4242, ip("198.51.100.1"), 443);
    }

    private static V2 v2Proxy4() {
        return V2.proxy(TCP4).addresses("203.0.113.7", 4242, "198.51.100.1", 443);
    }

    private static final String INET = "203.0.113.7:4242 > 198.51.100.1:443";

    static Stream<Case> cases() {
        byte[] ssl = ProxyHeaderEncoder.sslValue(Tlv.Ssl.CLIENT_SSL | Tlv.Ssl.CLIENT_CERT_CONN | Tlv.Ssl.CLIENT_CERT_SESS,
                0, ProxyHeaderEncoder.tlvBytes(Tlv.SSL_VERSION, text("TLSv1.3")),
                ProxyHeaderEncoder.tlvBytes(Tlv.SSL_CIPHER, text("TLS_AES_128_GCM_SHA256")),
                ProxyHeaderEncoder.tlvBytes(Tlv.SSL_CN, text("client.example")));
        byte[] independentSsl = sslValue(0x07, 0, tlvBytes(Tlv.SSL_VERSION, "TLSv1.3"),
                tlvBytes(Tlv.SSL_CIPHER, "TLS_AES_128_GCM_SHA256"), tlvBytes(Tlv.SSL_CN, "client.example"));
        String uniqueId = "u".repeat(128);
        return Stream.of(
                new Case("v1 TCP4", () -> ProxyHeaderEncoder.v1(ip("203.0.113.7"), 4242, ip("198.51.100.1"), 443),
                        V2OrBytes.line("PROXY TCP4 203.0.113.7 198.51.100.1 4242 443\r\n"),
                        "v1 PROXY INET STREAM " + INET),
                new Case("v1 TCP4 extreme addresses and ports",
                        () -> ProxyHeaderEncoder.v1(ip("0.0.0.0"), 0, ip("255.255.255.255"), 65535),
                        V2OrBytes.line("PROXY TCP4 0.0.0.0 255.255.255.255 0 65535\r\n"),
                        "v1 PROXY INET STREAM 0.0.0.0:0 > 255.255.255.255:65535"),
                new Case("v1 TCP6, written in full", () -> ProxyHeaderEncoder.v1(ip("2001:db8::1"), 4242,
                                ip("2001:db8:0:ff00:42:8329:abcd:ffff"), 8443),
                        V2OrBytes.line("PROXY TCP6 2001:db8:0:0:0:0:0:1 2001:db8:0:ff00:42:8329:abcd:ffff 4242 8443\r\n"),
                        "v1 PROXY INET6 STREAM [2001:db8:0:0:0:0:0:1]:4242 > [2001:db8:0:ff00:42:8329:abcd:ffff]:8443"),
                // Sixteen bytes stay TCP6; the JDK then presents the mapped address as IPv4.
                new Case("v1 TCP6 IPv4-mapped", () -> ProxyHeaderEncoder.v1(ip("::ffff:192.0.2.1"), 1, ip("::1"), 2),
                        V2OrBytes.line("PROXY TCP6 0:0:0:0:0:ffff:c000:201 0:0:0:0:0:0:0:1 1 2\r\n"),
                        "v1 PROXY INET6 STREAM 192.0.2.1:1 > [0:0:0:0:0:0:0:1]:2"),
                new Case("v1 UNKNOWN", ProxyHeaderEncoder::v1Unknown, V2OrBytes.line("PROXY UNKNOWN\r\n"),
                        "v1 PROXY UNSPEC UNSPEC"),
                new Case("v2 INET", () -> proxy4().encode(), V2OrBytes.of(v2Proxy4()), "v2 PROXY INET STREAM " + INET),
                new Case("v2 INET6", () -> ProxyHeaderEncoder.v2Proxy(ip("2001:db8::7"), 65535, ip("::1"), 0).encode(),
                        V2OrBytes.of(V2.proxy(TCP6).addresses("2001:db8::7", 65535, "::1", 0)),
                        "v2 PROXY INET6 STREAM [2001:db8:0:0:0:0:0:7]:65535 > [0:0:0:0:0:0:0:1]:0"),
                new Case("v2 LOCAL", () -> ProxyHeaderEncoder.v2Local().encode(), V2OrBytes.of(V2.local(UNSPEC)),
                        "v2 LOCAL UNSPEC UNSPEC"),
                new Case("v2 LOCAL with a CRC32C, as haproxy's health checks",
                        () -> ProxyHeaderEncoder.v2Local().crc32c().encode(), V2OrBytes.of(V2.local(UNSPEC).crc()),
                        "v2 LOCAL UNSPEC UNSPEC"),
                new Case("v2 text TLVs in order",
                        () -> proxy4().tlv(Tlv.AUTHORITY, text("example.com")).tlv(Tlv.ALPN, text("h2"))
                                .tlv(Tlv.UNIQUE_ID, text(uniqueId)).tlv(Tlv.NETNS, text("blue")).encode(),
                        V2OrBytes.of(v2Proxy4().tlv(Tlv.AUTHORITY, "example.com").tlv(Tlv.ALPN, "h2")
                                .tlv(Tlv.UNIQUE_ID, uniqueId).tlv(Tlv.NETNS, "blue")),
                        "v2 PROXY INET STREAM " + INET + " [AUTHORITY example.com, ALPN h2, UNIQUE_ID " + uniqueId
                                + ", NETNS blue]"),
                new Case("v2 UTF-8 authority", () -> proxy4().tlv(Tlv.AUTHORITY, text("bücher.example")).encode(),
                        V2OrBytes.of(v2Proxy4().tlv(Tlv.AUTHORITY, text("bücher.example"))),
                        "v2 PROXY INET STREAM " + INET + " [AUTHORITY bücher.example]"),
                new Case("v2 SSL with sub-TLVs", () -> proxy4().tlv(Tlv.SSL, ssl).encode(),
                        V2OrBytes.of(v2Proxy4().tlv(Tlv.SSL, independentSsl)),
                        "v2 PROXY INET STREAM " + INET + " [" + SSL_TEXT + "]"),
                new Case("v2 CRC32C first, as haproxy sends it",
                        () -> proxy4().crc32c().tlv(Tlv.ALPN, text("h2")).tlv(Tlv.SSL, ssl).encode(),
                        V2OrBytes.of(v2Proxy4().crc().tlv(Tlv.ALPN, "h2").tlv(Tlv.SSL, independentSsl)),
                        "v2 PROXY INET STREAM " + INET + " [CRC32C %08x, ALPN h2, " + SSL_TEXT + "]"),
                new Case("v2 CRC32C last, INET6",
                        () -> ProxyHeaderEncoder.v2Proxy(ip("::1"), 1, ip("::2"), 2).tlv(Tlv.AUTHORITY, text("a"))
                                .crc32c().encode(),
                        V2OrBytes.of(V2.proxy(TCP6).addresses("::1", 1, "::2", 2).tlv(Tlv.AUTHORITY, "a").crc()),
                        "v2 PROXY INET6 STREAM [0:0:0:0:0:0:0:1]:1 > [0:0:0:0:0:0:0:2]:2 [AUTHORITY a, CRC32C %08x]"),
                new Case("v2 vendor and unknown TLVs as raw bytes",
                        () -> proxy4().tlv(Tlv.AWS, text("\u0001vpce-0abc")).tlv(0x42, new byte[] {0, (byte) 0xFF})
                                .tlv(Tlv.NOOP, new byte[3]).encode(),
                        V2OrBytes.of(v2Proxy4().tlv(Tlv.AWS, "\u0001vpce-0abc").tlv(0x42, 0, 0xFF)
                                .tlv(Tlv.NOOP, new byte[3])),
                        "v2 PROXY INET STREAM " + INET + " [AWS_VPCE vpce-0abc, RAW 0x42 00ff]"),
                new Case("v2 empty TLV value", () -> proxy4().tlv(0x42, new byte[0]).encode(),
                        V2OrBytes.of(v2Proxy4().tlv(0x42, new byte[0])), "v2 PROXY INET STREAM " + INET + " [RAW 0x42]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writesWhatTheSpecSaysAndDecodesBack(Case c) throws ProxyProtocolException {
        byte[] encoded = c.encoded().get();
        assertEquals(HexFormat.of().formatHex(c.expected().bytes()), HexFormat.of().formatHex(encoded));
        ByteBuffer buf = ByteBuffer.wrap(encoded);
        assertEquals(encoded.length, DECODER.frame(buf, 0, encoded.length));
        ProxyHeader decoded = DECODER.decode(buf, 0, encoded.length);
        String rendered = c.rendered().contains("%08x") ? String.format(c.rendered(), c.expected().v2().crcValue())
                : c.rendered();
        assertEquals(rendered, Render.header(decoded));
        assertEquals(encoded.length, decoded.length());
    }

    /**
     * The decoder verifies the CRC32C: changing any address, checksum or value byte after
     * encoding fails it. Layout: addresses at 16-27, the CRC32C TLV at 28 (value 31-34), the
     * AUTHORITY TLV at 35 (value 38-48); type and length bytes are left out, as changing them
     * breaks the TLV list before the checksum is compared.
     */
    @Test
    void crc32cCoversTheWholeHeader() throws ProxyProtocolException {
        byte[] encoded = proxy4().crc32c().tlv(Tlv.AUTHORITY, text("example.com")).encode();
        assertEquals(49, encoded.length);
        DECODER.decode(ByteBuffer.wrap(encoded), 0, encoded.length);
        int[] checked = IntStream.concat(IntStream.concat(IntStream.range(16, 28), IntStream.range(31, 35)),
                IntStream.range(38, 49)).toArray();
        for (int i : checked) {
            byte[] changed = encoded.clone();
            changed[i] ^= 0x01;
            ByteBuffer buf = ByteBuffer.wrap(changed);
            ProxyProtocolException e = assertThrows(ProxyProtocolException.class,
                    () -> DECODER.decode(buf, 0, changed.length), "byte " + i);
            assertEquals(Reason.CRC_MISMATCH, e.reason(), "byte " + i);
        }
    }

    static Stream<Arguments> refused() {
        byte[] v4 = new byte[4];
        byte[] v6 = new byte[16];
        return Stream.of(
                Arguments.of("v1 families differ", (Executable) () -> ProxyHeaderEncoder.v1(v4, 1, v6, 2),
                        "source and destination must be the same family (both IPv4 or both IPv6), not 4 and 16 bytes"),
                Arguments.of("v2 families differ", (Executable) () -> ProxyHeaderEncoder.v2Proxy(v6, 1, v4, 2),
                        "source and destination must be the same family (both IPv4 or both IPv6), not 16 and 4 bytes"),
                Arguments.of("not an address", (Executable) () -> ProxyHeaderEncoder.v1(new byte[5], 1, new byte[5], 2),
                        "an address is 4 or 16 bytes, not 5"),
                Arguments.of("port above 65535", (Executable) () -> ProxyHeaderEncoder.v1(v4, 65536, v4, 2),
                        "a port is 0-65535, not 65536"),
                Arguments.of("negative port", (Executable) () -> ProxyHeaderEncoder.v2Proxy(v4, 1, v4, -1),
                        "a port is 0-65535, not -1"),
                Arguments.of("CRC32C as a plain TLV", (Executable) () -> proxy4().tlv(Tlv.CRC32C, new byte[4]),
                        "a CRC32C TLV is added with crc32c(), which computes it"),
                Arguments.of("two CRC32C", (Executable) () -> proxy4().crc32c().crc32c(),
                        "a header has at most one CRC32C TLV"),
                Arguments.of("UNIQUE_ID of 129 bytes", (Executable) () -> proxy4().tlv(Tlv.UNIQUE_ID, repeat('u', 129)),
                        "a UNIQUE_ID TLV is at most 128 bytes, not 129"),
                Arguments.of("type above a byte", (Executable) () -> ProxyHeaderEncoder.tlvBytes(256, new byte[0]),
                        "a TLV type is one byte, not 256"),
                Arguments.of("value above 65535 bytes", (Executable) () -> proxy4().tlv(0x42, new byte[65536]),
                        "a TLV value is at most 65535 bytes, not 65536"),
                Arguments.of("SSL client field above a byte", (Executable) () -> ProxyHeaderEncoder.sslValue(256, 0),
                        "the SSL client field is one byte, not 256"),
                // 12 (addresses) + 65532 (TLV value) + 3 (TLV type and length) = 65547.
                Arguments.of("header above 65535 bytes", (Executable) () -> proxy4().tlv(0x42, new byte[65532]).encode(),
                        "a v2 header carries at most 65535 bytes after its fixed part, not 65547"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWhatNoReceiverWouldAccept(String name, Executable encode, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, encode).getMessage());
    }

    /** The largest header the 16-bit length allows is written, and decodes with the largest cap. */
    @Test
    void writesTheLongestV2Header() throws ProxyProtocolException {
        byte[] encoded = proxy4().tlv(0x42, new byte[65535 - 12 - 3]).encode();
        assertEquals(16 + 65535, encoded.length);
        ProxyHeaderDecoder huge = new ProxyHeaderDecoder(true, true, 0xFFFF);
        ProxyHeader decoded = huge.decode(ByteBuffer.wrap(encoded), 0, encoded.length);
        assertArrayEquals(new byte[65520], ((Tlv.Raw) decoded.tlv(0x42)).value());
    }
}
