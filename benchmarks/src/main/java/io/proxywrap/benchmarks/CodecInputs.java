package io.proxywrap.benchmarks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The five headers {@link CodecBenchmark} decodes, each exactly one complete PROXY header and
 * nothing after it. Shared with the test that checks both decoders read them the same way.
 */
public final class CodecInputs {

    /** The {@code @Param} values of {@link CodecBenchmark#input}, in table order. */
    public static final String V1_TCP4 = "v1-tcp4";
    public static final String V1_TCP6 = "v1-tcp6";
    public static final String V2_INET = "v2-inet";
    public static final String V2_HAPROXY_SSL = "v2-haproxy-ssl";
    public static final String V2_AWS = "v2-aws";
    public static final String[] ALL = {V1_TCP4, V1_TCP6, V2_INET, V2_HAPROXY_SSL, V2_AWS};

    /**
     * {@code shared/vectors/senders.tsv} row {@code haproxy-v2} (haproxy 2.6, {@code send-proxy-v2}):
     * PROXY INET STREAM 127.0.0.1:59276 -> 127.0.0.1:18002, no TLVs. 28 bytes.
     */
    static final String HAPROXY_V2_HEX = "0d0a0d0a000d0a515549540a2111000c7f0000017f000001e78c4652";

    /**
     * {@code shared/vectors/senders.tsv} row {@code haproxy-v2-ssl-sni}, the header part only (the
     * first 16 + 0x76 = 134 bytes; the captured HTTP request after it is left out). haproxy 2.6
     * terminating TLS, {@code send-proxy-v2-ssl-cn}, {@code proxy-v2-options
     * crc32c,unique-id,authority,ssl-cipher,cert-sig,cert-key}: 127.0.0.1:46700 -> 127.0.0.1:18003;
     * TLVs CRC32C, ALPN http/1.1, AUTHORITY test.local, UNIQUE_ID abc123, SSL{client=0x01 verify=0;
     * VERSION TLSv1.3, KEY_ALG RSA2048, SIG_ALG RSA-SHA256, CIPHER TLS_AES_256_GCM_SHA384}.
     */
    static final String HAPROXY_V2_SSL_SNI_HEX = "0d0a0d0a000d0a515549540a211100767f0000017f000001b66c"
            + "4653030004b823785d010008687474702f312e3102000a746573742e6c6f63616c0500066162633132332000"
            + "3f0100000000210007544c5376312e332500075253413230343824000a5253412d5348413235362300165"
            + "44c535f4145535f3235365f47434d5f534841333834";

    /** The VPC endpoint id in the AWS-style header. */
    public static final String AWS_VPCE_ID = "vpce-0123456789abcdef0";
    /**
     * The AWS-style header's length field. Headers captured from AWS NLBs (e.g. the fixtures of
     * go-proxyproto and node proxy-protocol libraries) carry length 0x54: the 12-byte INET
     * block, a CRC32C TLV and NOOP padding up to that size. We keep that size and put the
     * PrivateLink 0xEA TLV between the CRC32C and the padding.
     */
    static final int AWS_LENGTH = 0x54;

    private CodecInputs() {
    }

    /** The bytes of one input, by its {@code @Param} name. */
    public static byte[] bytes(String input) {
        switch (input) {
            case V1_TCP4:
                // The spec's own v1 example (proxy-protocol.txt §2.1).
                return ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n");
            case V1_TCP6:
                // Both addresses compressed, as haproxy and nginx print them.
                return ascii("PROXY TCP6 2001:db8:85a3::8a2e:370:7334 2001:db8::1 56324 443\r\n");
            case V2_INET:
                return hex(HAPROXY_V2_HEX);
            case V2_HAPROXY_SSL:
                return hex(HAPROXY_V2_SSL_SNI_HEX);
            case V2_AWS:
                return aws();
            default:
                throw new IllegalArgumentException("no such input: " + input);
        }
    }

    /**
     * An AWS NLB-style v2 header: PROXY INET STREAM 10.0.1.23:51234 -> 10.0.2.45:443, then TLVs
     * CRC32C (computed over the whole header with the checksum field zeroed, §2.2.5), 0xEA
     * subtype 0x01 (PP2_SUBTYPE_AWS_VPCE_ID) {@value #AWS_VPCE_ID}, and NOOP padding to a
     * length field of {@link #AWS_LENGTH}.
     */
    static byte[] aws() {
        byte[] vpce = ascii(AWS_VPCE_ID);
        ByteBuffer b = ByteBuffer.allocate(16 + AWS_LENGTH);
        b.put(hex("0d0a0d0a000d0a515549540a")).put((byte) 0x21).put((byte) 0x11).putShort((short) AWS_LENGTH);
        b.put(new byte[] {10, 0, 1, 23}).put(new byte[] {10, 0, 2, 45});
        b.putShort((short) 51234).putShort((short) 443);
        int crcAt = b.position() + 3;
        b.put((byte) 0x03).putShort((short) 4).putInt(0);
        b.put((byte) 0xEA).putShort((short) (1 + vpce.length)).put((byte) 0x01).put(vpce);
        int padding = b.remaining() - 3;
        if (padding < 0) {
            throw new AssertionError("AWS TLVs do not fit in " + AWS_LENGTH + " bytes");
        }
        b.put((byte) 0x04).putShort((short) padding).put(new byte[padding]);
        byte[] header = b.array();
        CRC32C crc = new CRC32C();
        crc.update(header, 0, header.length);
        ByteBuffer.wrap(header).putInt(crcAt, (int) crc.getValue());
        return header;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] hex(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
