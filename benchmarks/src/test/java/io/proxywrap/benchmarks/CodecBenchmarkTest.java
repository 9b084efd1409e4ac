package io.proxywrap.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyTLV;
import io.proxywrap.core.codec.ProxyHeader;
import io.proxywrap.core.codec.Tlv;
import io.proxywrap.core.net.InetLiterals;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Both decoders read every benchmark input the same way, so the benchmark compares equal work;
 * and every benchmark op leaves the shared input buffer and channel as it found them.
 */
class CodecBenchmarkTest {

    private static final int NOOP = 0x04;

    static Stream<Arguments> inputs() {
        List<Arguments> args = new ArrayList<>();
        for (String input : CodecInputs.ALL) {
            for (String buffer : new String[] {"heap", "direct"}) {
                args.add(Arguments.of(input, buffer));
            }
        }
        return args.stream();
    }

    private static CodecBenchmark benchmark(String input, String buffer) {
        CodecBenchmark b = new CodecBenchmark();
        b.input = input;
        b.buffer = buffer;
        b.setUp();
        return b;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("inputs")
    void bothDecodersAgree(String input, String buffer) throws Exception {
        CodecBenchmark b = benchmark(input, buffer);
        ProxyHeader ours = b.decodeOurs();
        HAProxyMessage netty = b.decodeNetty();
        try {
            assertEquals(input.startsWith("v1") ? 1 : 2, ours.version());
            assertEquals(CodecInputs.bytes(input).length, ours.length());
            assertSameEndpoint(netty.sourceAddress(), netty.sourcePort(), ours.source());
            assertSameEndpoint(netty.destinationAddress(), netty.destinationPort(), ours.destination());

            // Netty lists SSL sub-TLVs again after the SSL TLV and keeps NOOP padding; we nest
            // the sub-TLVs and drop the padding. The same TLVs, in the same order:
            List<Integer> nettyTypes = new ArrayList<>();
            for (HAProxyTLV tlv : netty.tlvs()) {
                int type = tlv.typeByteValue() & 0xFF;
                if (type != NOOP) {
                    nettyTypes.add(type);
                }
            }
            List<Integer> ourTypes = new ArrayList<>();
            for (Tlv tlv : ours.tlvs()) {
                ourTypes.add(tlv.type());
                if (tlv instanceof Tlv.Ssl) {
                    for (Tlv sub : ((Tlv.Ssl) tlv).subTlvs()) {
                        ourTypes.add(sub.type());
                    }
                }
            }
            assertEquals(nettyTypes, ourTypes);
        } finally {
            assertTrue(netty.release());
        }
        assertEquals(1, b.nettyBuffer().refCnt());
        b.tearDown();
    }

    private static void assertSameEndpoint(String nettyAddress, int nettyPort, InetSocketAddress ours) {
        assertNotNull(ours);
        assertTrue(ours.isUnresolved() == false && ours.getAddress() != null);
        byte[] expected = InetLiterals.parse(nettyAddress);
        assertNotNull(expected, "Netty's address is not a literal: " + nettyAddress);
        assertArrayEquals(expected, ours.getAddress().getAddress(), nettyAddress);
        assertEquals(nettyPort, ours.getPort());
    }

    @Test
    void theTlvValuesMatchToo() throws Exception {
        CodecBenchmark b = benchmark(CodecInputs.V2_AWS, "heap");
        ProxyHeader ours = b.decodeOurs();
        HAProxyMessage netty = b.decodeNetty();
        try {
            Tlv aws = ours.tlv(Tlv.AWS);
            assertEquals(CodecInputs.AWS_VPCE_ID, ((Tlv.AwsVpcEndpointId) aws).vpcEndpointId());
            HAProxyTLV nettyAws = netty.tlvs().stream()
                    .filter(t -> (t.typeByteValue() & 0xFF) == Tlv.AWS).findFirst().orElseThrow();
            assertEquals("\u0001" + CodecInputs.AWS_VPCE_ID, nettyAws.content().toString(StandardCharsets.US_ASCII));
            assertEquals(16 + CodecInputs.AWS_LENGTH, ours.length());
        } finally {
            netty.release();
        }
        b.tearDown();

        b = benchmark(CodecInputs.V2_HAPROXY_SSL, "direct");
        ours = b.decodeOurs();
        netty = b.decodeNetty();
        try {
            Tlv.Ssl ssl = ours.ssl();
            assertTrue(ssl.clientUsedSsl());
            assertEquals("TLSv1.3", ssl.version());
            assertEquals("TLS_AES_256_GCM_SHA384", ssl.cipher());
            HAProxyTLV nettyAuthority = netty.tlvs().stream()
                    .filter(t -> t.type() == HAProxyTLV.Type.PP2_TYPE_AUTHORITY).findFirst().orElseThrow();
            assertEquals("test.local", nettyAuthority.content().toString(StandardCharsets.US_ASCII));
            assertEquals("test.local", ((Tlv.Text) ours.tlv(Tlv.AUTHORITY)).value());
        } finally {
            netty.release();
        }
        b.tearDown();
    }

    /** Runs the benchmark methods themselves: they must not leak, over-release or leave state. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("inputs")
    void benchmarkOpsAreRepeatable(String input, String buffer) throws Exception {
        CodecBenchmark b = benchmark(input, buffer);
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        for (int i = 0; i < 1000; i++) {
            b.ours(bh);
            b.nettyDecoder(bh);
            b.nettyPipeline(bh);
        }
        assertEquals(1, b.nettyBuffer().refCnt());
        assertNull(b.channel().pipeline().get(HAProxyMessageDecoder.class), "decoder removed itself");
        assertNull(b.channel().readInbound());
        assertFalse(b.channel().finish());
        b.tearDown(); // checks refCnt == 1 and releases
        bh.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
    }

    /** The SSL header constant is the captured haproxy bytes, header part only. */
    @Test
    void sslVectorIsTheCapturedOne() throws IOException {
        String file = System.getProperty("test.proxywrap.vectors");
        assertNotNull(file, "system property test.proxywrap.vectors (set by benchmarks/pom.xml) is missing");
        assertTrue(Files.isRegularFile(Paths.get(file)), "no vectors file at " + file);
        Path path = Paths.get(file);
        String captured = null;
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            String[] cols = line.split("\t");
            if (cols[0].equals("haproxy-v2-ssl-sni")) {
                captured = cols[2];
            }
            if (cols[0].equals("haproxy-v2")) {
                assertEquals(cols[2], CodecInputs.HAPROXY_V2_HEX);
            }
        }
        assertNotNull(captured);
        byte[] header = CodecInputs.bytes(CodecInputs.V2_HAPROXY_SSL);
        assertEquals(16 + 0x76, header.length);
        assertEquals(captured.substring(0, 2 * header.length), ByteBufUtil.hexDump(header));
        assertTrue(captured.length() > 2 * header.length, "the capture has a request after the header");
    }
}
