package io.proxywrap.it.support;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * PROXY protocol headers as bytes, built by hand for tests that send what no real sender would:
 * exact v1 lines, and v2 headers with any version, command, family, length and TLVs, including a
 * CRC32C computed the way haproxy's {@code doc/proxy-protocol.txt} §2.2.3 says (over the whole
 * header with the checksum field zero). Deliberately independent of the agent's own codec, so a
 * test never checks the codec against itself.
 */
public final class ProxyHeaderBytes {

    /** §2.2: the 12-byte v2 signature. */
    public static final byte[] V2_SIGNATURE = {
        0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    public static final int VERSION_2 = 0x20;
    public static final int COMMAND_LOCAL = 0x00;
    public static final int COMMAND_PROXY = 0x01;
    /** §2.2: the address family (high nibble) and transport (low nibble) byte. */
    public static final int UNSPEC = 0x00;
    public static final int TCP4 = 0x11;
    public static final int TCP6 = 0x21;

    /** §2.2.1–2.2.7: TLV types. */
    public static final int TLV_ALPN = 0x01;
    public static final int TLV_AUTHORITY = 0x02;
    public static final int TLV_CRC32C = 0x03;
    public static final int TLV_NOOP = 0x04;
    public static final int TLV_UNIQUE_ID = 0x05;
    public static final int TLV_SSL = 0x20;
    public static final int TLV_SSL_VERSION = 0x21;
    public static final int TLV_SSL_CN = 0x22;
    public static final int TLV_SSL_CIPHER = 0x23;
    /** Vendor TLVs: GCP PSC connection id, AWS (subtype 0x01: VPC endpoint id), Azure (0x01: link id). */
    public static final int TLV_GCP = 0xE0;
    public static final int TLV_AWS = 0xEA;
    public static final int TLV_AZURE = 0xEE;
    /** §2.2.6: the SSL TLV's client field bit for "the client connected over SSL/TLS". */
    public static final int SSL_CLIENT_SSL = 0x01;

    private ProxyHeaderBytes() {
    }

    /** A v1 line, given whole with its CRLF, as US-ASCII bytes. */
    public static byte[] v1(String line) {
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code PROXY TCP4|TCP6 src dst sport dport\r\n} for two addresses of the same family. */
    public static byte[] v1(InetSocketAddress source, InetSocketAddress destination) {
        String family = source.getAddress() instanceof Inet6Address ? "TCP6" : "TCP4";
        return v1("PROXY " + family + " " + source.getAddress().getHostAddress() + " "
                + destination.getAddress().getHostAddress() + " " + source.getPort() + " " + destination.getPort()
                + "\r\n");
    }

    /** One TLV (or SSL sub-TLV): type, 16-bit big-endian length, value. */
    public static byte[] tlv(int type, byte[] value) {
        ByteBuffer b = ByteBuffer.allocate(3 + value.length);
        b.put((byte) type).putShort((short) value.length).put(value);
        return b.array();
    }

    public static byte[] tlv(int type, String asciiValue) {
        return tlv(type, asciiValue.getBytes(StandardCharsets.US_ASCII));
    }

    /** §2.2.6: the SSL TLV: client bits, 32-bit verify result, then sub-TLVs. */
    public static byte[] sslTlv(int client, int verify, byte[]... subTlvs) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        value.write(client);
        value.writeBytes(ByteBuffer.allocate(4).putInt(verify).array());
        for (byte[] sub : subTlvs) {
            value.writeBytes(sub);
        }
        return tlv(TLV_SSL, value.toByteArray());
    }

    /** A v2 header under construction; {@link #build()} returns its bytes. */
    public static V2 v2() {
        return new V2();
    }

    /** Builder for v2 headers, well-formed unless told otherwise. */
    public static final class V2 {
        private int versionCommand = VERSION_2 | COMMAND_PROXY;
        private int familyTransport = UNSPEC;
        private byte[] addresses = new byte[0];
        private final ByteArrayOutputStream tlvs = new ByteArrayOutputStream();
        private boolean crc32c;
        private Integer fixedCrc32c;
        private Integer lengthField;

        private V2() {
        }

        /** The 13th byte as given, e.g. a wrong version nibble or an undefined command. */
        public V2 versionCommand(int value) {
            versionCommand = value;
            return this;
        }

        public V2 local() {
            return versionCommand(VERSION_2 | COMMAND_LOCAL);
        }

        /** The 14th byte as given; {@link #addresses} sets it from the address family. */
        public V2 familyTransport(int value) {
            familyTransport = value;
            return this;
        }

        /** TCP over IPv4 or IPv6 (both addresses of one family): the family byte and address block. */
        public V2 addresses(InetSocketAddress source, InetSocketAddress destination) {
            boolean inet4 = source.getAddress() instanceof Inet4Address;
            ByteBuffer b = ByteBuffer.allocate(inet4 ? 12 : 36);
            b.put(source.getAddress().getAddress()).put(destination.getAddress().getAddress());
            b.putShort((short) source.getPort()).putShort((short) destination.getPort());
            addresses = b.array();
            familyTransport = inet4 ? TCP4 : TCP6;
            return this;
        }

        /** Appends bytes after the address block: TLVs from {@link #tlv}, or deliberately broken ones. */
        public V2 append(byte[] bytes) {
            tlvs.writeBytes(bytes);
            return this;
        }

        /** Ends the TLVs with a CRC32C TLV holding the header's correct checksum. */
        public V2 crc32c() {
            crc32c = true;
            return this;
        }

        /** Ends the TLVs with a CRC32C TLV holding {@code value}, right or not. */
        public V2 crc32c(int value) {
            crc32c = true;
            fixedCrc32c = value;
            return this;
        }

        /** The 16-bit length field as given instead of the real length of what follows it. */
        public V2 lengthField(int value) {
            lengthField = value;
            return this;
        }

        public byte[] build() {
            byte[] body = tlvs.toByteArray();
            int length = addresses.length + body.length + (crc32c ? 7 : 0);
            ByteBuffer b = ByteBuffer.allocate(16 + length);
            b.put(V2_SIGNATURE).put((byte) versionCommand).put((byte) familyTransport);
            b.putShort((short) (lengthField != null ? lengthField : length));
            b.put(addresses).put(body);
            if (crc32c) {
                int valueAt = b.position() + 3;
                b.put(tlv(TLV_CRC32C, new byte[4]));
                CRC32C checksum = new CRC32C();
                checksum.update(b.array(), 0, b.position());
                // §2.2.3: the checksum of the whole header with this field zero, in network order
                b.putInt(valueAt, fixedCrc32c != null ? fixedCrc32c : (int) checksum.getValue());
            }
            return b.array();
        }
    }
}
