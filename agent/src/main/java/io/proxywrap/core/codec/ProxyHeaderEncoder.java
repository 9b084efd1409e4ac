package io.proxywrap.core.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes PROXY protocol v1 and v2 headers as HAProxy's {@code doc/proxy-protocol.txt} defines
 * them, for a client that checks a server (the {@code send} command), never for the agent itself.
 *
 * <p>Addresses are given as the 4 or 16 bytes of a literal ({@code InetLiterals.parse}), never as
 * names, so nothing here resolves. Anything the spec does not allow, or that
 * {@link ProxyHeaderDecoder} would reject (a UNIQUE_ID over 128 bytes, a second CRC32C), is an
 * {@link IllegalArgumentException} here, so a header this class writes always decodes.
 */
public final class ProxyHeaderEncoder {

    /** §2.2 byte 12: version 2 in the high nibble, the command in the low one. */
    private static final int V2_LOCAL = 0x20;
    private static final int V2_PROXY = 0x21;
    /** §2.2 byte 13: family in the high nibble, transport in the low one; STREAM is 0x1. */
    private static final int V2_UNSPEC = 0x00;
    private static final int V2_TCP4 = 0x11;
    private static final int V2_TCP6 = 0x21;
    private static final int IPV4_LENGTH = 4;
    private static final int IPV6_LENGTH = 16;
    private static final int MAX_PORT = 0xFFFF;
    /** The v2 length field and every TLV length field are 16 bits. */
    private static final int MAX_LENGTH_FIELD = 0xFFFF;
    private static final int CRC32C_LENGTH = 4;

    private final int command;
    private final int familyTransport;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    /** Where in {@link #body} the CRC32C value goes, or -1 when the header has none. */
    private int crcAt = -1;

    private ProxyHeaderEncoder(int command, int familyTransport) {
        this.command = command;
        this.familyTransport = familyTransport;
    }

    // ---------------------------------------------------------------- v1

    /**
     * A v1 line (§2.1), {@code PROXY TCP4|TCP6 <src> <dst> <sport> <dport>\r\n}, the family
     * chosen by the address length; IPv6 is written in full, which every receiver must read.
     *
     * @param source 4 or 16 bytes, the same length as {@code destination}
     */
    public static byte[] v1(byte[] source, int sourcePort, byte[] destination, int destinationPort) {
        checkAddresses(source, sourcePort, destination, destinationPort);
        StringBuilder line = new StringBuilder("PROXY ").append(source.length == IPV4_LENGTH ? "TCP4 " : "TCP6 ");
        appendLiteral(line, source).append(' ');
        appendLiteral(line, destination).append(' ');
        line.append(sourcePort).append(' ').append(destinationPort).append("\r\n");
        return line.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code PROXY UNKNOWN\r\n} (§2.1, short form): the receiver keeps the socket's own addresses. */
    public static byte[] v1Unknown() {
        return "PROXY UNKNOWN\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    // ---------------------------------------------------------------- v2

    /**
     * A v2 {@code PROXY} header over TCP (INET or INET6 by the address length, STREAM), to which
     * TLVs can be added before {@link #encode()}.
     */
    public static ProxyHeaderEncoder v2Proxy(byte[] source, int sourcePort, byte[] destination, int destinationPort) {
        checkAddresses(source, sourcePort, destination, destinationPort);
        ProxyHeaderEncoder header = new ProxyHeaderEncoder(V2_PROXY, source.length == IPV4_LENGTH ? V2_TCP4 : V2_TCP6);
        header.body.write(source, 0, source.length);
        header.body.write(destination, 0, destination.length);
        header.u16(sourcePort);
        header.u16(destinationPort);
        return header;
    }

    /**
     * A v2 {@code LOCAL} header (a balancer's own connection, e.g. a health check): family
     * UNSPEC, no addresses; TLVs may follow, as haproxy adds a CRC32C.
     */
    public static ProxyHeaderEncoder v2Local() {
        return new ProxyHeaderEncoder(V2_LOCAL, V2_UNSPEC);
    }

    /**
     * Adds a TLV with this value, in order.
     *
     * @throws IllegalArgumentException for CRC32C (use {@link #crc32c()}: its value depends on the
     *     whole header), a UNIQUE_ID over 128 bytes (§2.2.5), or a value over 65535 bytes
     */
    public ProxyHeaderEncoder tlv(int type, byte[] value) {
        if (type == Tlv.CRC32C) {
            throw new IllegalArgumentException("a CRC32C TLV is added with crc32c(), which computes it");
        }
        if (type == Tlv.UNIQUE_ID && value.length > ProxyHeaderDecoder.UNIQUE_ID_MAX_LENGTH) {
            throw new IllegalArgumentException("a UNIQUE_ID TLV is at most " + ProxyHeaderDecoder.UNIQUE_ID_MAX_LENGTH
                    + " bytes, not " + value.length);
        }
        byte[] encoded = tlvBytes(type, value);
        body.write(encoded, 0, encoded.length);
        return this;
    }

    /**
     * Adds a CRC32C TLV here (§2.2.5), computed by {@link #encode()} over the whole header with
     * its own value zero.
     */
    public ProxyHeaderEncoder crc32c() {
        if (crcAt >= 0) {
            throw new IllegalArgumentException("a header has at most one CRC32C TLV");
        }
        body.write(Tlv.CRC32C);
        u16(CRC32C_LENGTH);
        crcAt = body.size();
        body.write(new byte[CRC32C_LENGTH], 0, CRC32C_LENGTH);
        return this;
    }

    /**
     * The header's bytes.
     *
     * @throws IllegalArgumentException when what follows the fixed part exceeds the 16-bit length
     */
    public byte[] encode() {
        int length = body.size();
        if (length > MAX_LENGTH_FIELD) {
            throw new IllegalArgumentException("a v2 header carries at most " + MAX_LENGTH_FIELD
                    + " bytes after its fixed part, not " + length);
        }
        ByteBuffer header = ByteBuffer.allocate(ProxyHeaderDecoder.V2_FIXED_LENGTH + length);
        header.put(ProxyHeaderDecoder.V2_SIGNATURE).put((byte) command).put((byte) familyTransport)
                .put((byte) (length >>> 8)).put((byte) length).put(body.toByteArray());
        if (crcAt >= 0) {
            int at = ProxyHeaderDecoder.V2_FIXED_LENGTH + crcAt;
            header.putInt(at, Crc32c.compute(header, 0, header.capacity(), at));
        }
        return header.array();
    }

    // ---------------------------------------------------------------- TLV values

    /** One TLV as bytes: type, 16-bit length, value; e.g. an SSL sub-TLV for {@link #sslValue}. */
    public static byte[] tlvBytes(int type, byte[] value) {
        if (type < 0 || type > 0xFF) {
            throw new IllegalArgumentException("a TLV type is one byte, not " + type);
        }
        if (value.length > MAX_LENGTH_FIELD) {
            throw new IllegalArgumentException("a TLV value is at most " + MAX_LENGTH_FIELD + " bytes, not "
                    + value.length);
        }
        byte[] tlv = new byte[3 + value.length];
        tlv[0] = (byte) type;
        tlv[1] = (byte) (value.length >>> 8);
        tlv[2] = (byte) value.length;
        System.arraycopy(value, 0, tlv, 3, value.length);
        return tlv;
    }

    /**
     * The value of a PP2_TYPE_SSL TLV (§2.2.6): the {@code client} bit field
     * ({@link Tlv.Ssl#CLIENT_SSL} and the certificate bits), {@code verify} (0 only for a client
     * certificate that was verified), then sub-TLVs made with {@link #tlvBytes}.
     */
    public static byte[] sslValue(int client, int verify, byte[]... subTlvs) {
        if (client < 0 || client > 0xFF) {
            throw new IllegalArgumentException("the SSL client field is one byte, not " + client);
        }
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        value.write(client);
        value.write(verify >>> 24);
        value.write(verify >>> 16);
        value.write(verify >>> 8);
        value.write(verify);
        for (byte[] subTlv : subTlvs) {
            value.write(subTlv, 0, subTlv.length);
        }
        return value.toByteArray();
    }

    // ---------------------------------------------------------------- helpers

    private void u16(int value) {
        body.write(value >>> 8);
        body.write(value);
    }

    private static void checkAddresses(byte[] source, int sourcePort, byte[] destination, int destinationPort) {
        if (source.length != IPV4_LENGTH && source.length != IPV6_LENGTH) {
            throw new IllegalArgumentException("an address is 4 or 16 bytes, not " + source.length);
        }
        if (destination.length != source.length) {
            throw new IllegalArgumentException("source and destination must be the same family (both IPv4 or both "
                    + "IPv6), not " + source.length + " and " + destination.length + " bytes");
        }
        checkPort(sourcePort);
        checkPort(destinationPort);
    }

    private static void checkPort(int port) {
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("a port is 0-65535, not " + port);
        }
    }

    /** Dotted quad, or eight hex groups without leading zeros (RFC 4291 §2.2, form 1). */
    private static StringBuilder appendLiteral(StringBuilder text, byte[] address) {
        if (address.length == IPV4_LENGTH) {
            for (int i = 0; i < IPV4_LENGTH; i++) {
                text.append(i == 0 ? "" : ".").append(address[i] & 0xFF);
            }
        } else {
            for (int i = 0; i < IPV6_LENGTH; i += 2) {
                text.append(i == 0 ? "" : ":").append(Integer.toHexString((address[i] & 0xFF) << 8 | address[i + 1] & 0xFF));
            }
        }
        return text;
    }
}
