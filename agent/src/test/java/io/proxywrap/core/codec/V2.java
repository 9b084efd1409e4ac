package io.proxywrap.core.codec;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Builds PROXY v2 headers for tests, byte by byte as proxy-protocol.txt §2.2 lays them out, so a
 * case reads like the header it sends. The length field is computed unless overridden, and a
 * CRC32C TLV added with {@link #crc()} is filled in last with {@link java.util.zip.CRC32C} over the
 * whole header with the checksum field zero (§2.2.5).
 *
 * <p>Offsets for the common layouts, handy when a case expects an error at a byte: the address
 * block starts at 16; TLVs start at 28 after INET, 52 after INET6, 232 after UNIX.
 */
public final class V2 {

    public static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    public static final int LOCAL = 0x20;
    public static final int PROXY = 0x21;
    public static final int UNSPEC = 0x00;
    public static final int TCP4 = 0x11;
    public static final int UDP4 = 0x12;
    public static final int TCP6 = 0x21;
    public static final int UDP6 = 0x22;
    public static final int UNIX_STREAM = 0x31;
    public static final int UNIX_DGRAM = 0x32;

    private final int versionCommand;
    private final int familyTransport;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int lengthOverride = -1;
    private int crcAt = -1;
    private Integer crcValue;
    private byte[] trailing = {};

    private V2(int versionCommand, int familyTransport) {
        this.versionCommand = versionCommand;
        this.familyTransport = familyTransport;
    }

    /** Byte 12 = 0x21 (version 2, PROXY), byte 13 as given. */
    public static V2 proxy(int familyTransport) {
        return new V2(PROXY, familyTransport);
    }

    /** Byte 12 = 0x20 (version 2, LOCAL), byte 13 as given. */
    public static V2 local(int familyTransport) {
        return new V2(LOCAL, familyTransport);
    }

    /** Any byte 12 and byte 13. */
    public static V2 raw(int versionCommand, int familyTransport) {
        return new V2(versionCommand, familyTransport);
    }

    /** An INET or INET6 address block: source address, destination address, source port, destination port. */
    public V2 addresses(String src, int sport, String dst, int dport) {
        bytes(literal(src));
        bytes(literal(dst));
        u16(sport);
        u16(dport);
        return this;
    }

    /** The usual INET block used by most cases: 192.0.2.1:56324 -> 198.51.100.7:443. */
    public V2 inet() {
        return addresses("192.0.2.1", 56324, "198.51.100.7", 443);
    }

    /** An AF_UNIX block: two 108-byte NUL-padded paths. */
    public V2 unix(String src, String dst) {
        bytes(path(src));
        bytes(path(dst));
        return this;
    }

    public V2 bytes(byte... b) {
        body.write(b, 0, b.length);
        return this;
    }

    public V2 bytes(int... b) {
        for (int x : b) {
            body.write(x);
        }
        return this;
    }

    public V2 zeros(int n) {
        return bytes(new byte[n]);
    }

    public V2 ascii(String s) {
        return bytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    public V2 u16(int v) {
        return bytes(v >>> 8, v & 0xFF);
    }

    /** A TLV with its true length. */
    public V2 tlv(int type, byte[] value) {
        return bytes(tlvBytes(type, value));
    }

    public V2 tlv(int type, String ascii) {
        return tlv(type, ascii.getBytes(StandardCharsets.US_ASCII));
    }

    public V2 tlv(int type, int... value) {
        return tlv(type, ints(value));
    }

    /** A TLV whose length field says {@code declared} but carries {@code value}. */
    public V2 tlvDeclaring(int type, int declared, byte[] value) {
        bytes(type);
        u16(declared);
        return bytes(value);
    }

    /** A CRC32C TLV whose value is computed when the header is built. */
    public V2 crc() {
        bytes(Tlv.CRC32C);
        u16(4);
        crcAt = body.size();
        return zeros(4);
    }

    /** A CRC32C TLV with a given (normally wrong) value. */
    public V2 crc(int value) {
        return tlv(Tlv.CRC32C, be32(value));
    }

    /** Overrides the computed length field (bytes 14-15). */
    public V2 length(int length) {
        lengthOverride = length;
        return this;
    }

    /** Bytes after the header, in the same segment (e.g. a request). */
    public V2 then(byte[] after) {
        trailing = after.clone();
        return this;
    }

    public byte[] build() {
        byte[] b = body.toByteArray();
        int length = lengthOverride >= 0 ? lengthOverride : b.length;
        if (length > 0xFFFF) {
            throw new IllegalStateException("body of " + length + " bytes does not fit the 16-bit length field");
        }
        byte[] header = new byte[16 + b.length];
        System.arraycopy(SIGNATURE, 0, header, 0, 12);
        header[12] = (byte) versionCommand;
        header[13] = (byte) familyTransport;
        header[14] = (byte) (length >>> 8);
        header[15] = (byte) length;
        System.arraycopy(b, 0, header, 16, b.length);
        if (crcAt >= 0) {
            CRC32C crc = new CRC32C();
            crc.update(header, 0, header.length);
            crcValue = (int) crc.getValue();
            System.arraycopy(be32(crcValue), 0, header, 16 + crcAt, 4);
        }
        byte[] all = new byte[header.length + trailing.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(trailing, 0, all, header.length, trailing.length);
        return all;
    }

    /** The CRC32C that {@link #build()} filled in. */
    public int crcValue() {
        if (crcValue == null) {
            throw new IllegalStateException("build() first, with crc()");
        }
        return crcValue;
    }

    // ---------------------------------------------------------------- static helpers

    public static byte[] tlvBytes(int type, byte[] value) {
        byte[] t = new byte[3 + value.length];
        t[0] = (byte) type;
        t[1] = (byte) (value.length >>> 8);
        t[2] = (byte) value.length;
        System.arraycopy(value, 0, t, 3, value.length);
        return t;
    }

    public static byte[] tlvBytes(int type, String ascii) {
        return tlvBytes(type, ascii.getBytes(StandardCharsets.US_ASCII));
    }

    /** A PP2_TYPE_SSL value: client (1 byte), verify (4 bytes, big-endian), then sub-TLVs. */
    public static byte[] sslValue(int client, int verify, byte[]... subTlvs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(client);
        out.write(be32(verify), 0, 4);
        for (byte[] sub : subTlvs) {
            out.write(sub, 0, sub.length);
        }
        return out.toByteArray();
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    public static byte[] be32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    public static byte[] ints(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    public static byte[] repeat(char c, int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) c);
        return b;
    }

    private static byte[] path(String p) {
        byte[] text = p.getBytes(StandardCharsets.UTF_8);
        if (text.length > 108) {
            throw new IllegalArgumentException("path longer than 108 bytes");
        }
        byte[] b = new byte[108];
        System.arraycopy(text, 0, b, 0, text.length);
        return b;
    }

    /** Test-side parsing of a literal; the JDK does not resolve literals. Mapped IPv6 kept as 16 bytes. */
    private static byte[] literal(String s) {
        try {
            byte[] a = InetAddress.getByName(s).getAddress();
            if (s.contains(":") && a.length == 4) {
                byte[] m = new byte[16];
                m[10] = (byte) 0xFF;
                m[11] = (byte) 0xFF;
                System.arraycopy(a, 0, m, 12, 4);
                return m;
            }
            return a;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }
}
