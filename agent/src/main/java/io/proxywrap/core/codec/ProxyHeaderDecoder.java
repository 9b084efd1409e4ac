package io.proxywrap.core.codec;

import io.proxywrap.core.codec.ProxyHeader.AddressFamily;
import io.proxywrap.core.codec.ProxyHeader.Command;
import io.proxywrap.core.codec.ProxyHeader.TransportProtocol;
import io.proxywrap.core.codec.ProxyProtocolException.Reason;
import io.proxywrap.core.net.InetLiterals;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Decodes PROXY protocol v1 and v2 headers as HAProxy's {@code doc/proxy-protocol.txt} defines
 * them, strictly: anything the spec does not define is rejected, addresses are literals and never
 * resolved, and every limit is a named constant.
 *
 * <p>Works on absolute indices of any {@link ByteBuffer}, heap or direct, without changing its
 * position or limit, so it can read a header straight out of a server's own read buffer. In two
 * steps: {@link #frame} looks at however many bytes have arrived and says whether they hold a
 * complete header (and how long it is), need more, or cannot be one; {@link #decode} turns a
 * framed header into a {@link ProxyHeader}. A decoder is immutable and may be shared.
 */
public final class ProxyHeaderDecoder {

    /**
     * The longest v1 line, CRLF included (§2.1): {@code "PROXY UNKNOWN "} (14) + two IPv6
     * addresses of 39 + a space each (80) + two ports of 5 + a space (11) + CRLF (2) = 107.
     */
    public static final int V1_MAX_LENGTH = 107;
    /** The v2 signature (§2.2); the encoder writes it too. Never handed out, so never changed. */
    static final byte[] V2_SIGNATURE = {
        0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
    };
    /** Signature, version/command, family/transport and the 16-bit length: 12 + 1 + 1 + 2. */
    public static final int V2_FIXED_LENGTH = 16;
    /** Address blocks (§2.2): 2 × 4-byte address + 2 × 2-byte port; 2 × 16 + 2 × 2; 2 × 108-byte path. */
    static final int V2_INET_BLOCK = 12;
    static final int V2_INET6_BLOCK = 36;
    static final int V2_UNIX_BLOCK = 216;
    /** Default cap on the v2 length field; real senders need a few hundred bytes at most. */
    public static final int DEFAULT_V2_MAX_LENGTH = 4096;
    /** A smaller cap could not even hold an AF_UNIX address block. */
    public static final int V2_MIN_MAX_LENGTH = V2_UNIX_BLOCK;
    /** The length field is 16 bits. */
    public static final int V2_MAX_MAX_LENGTH = 0xFFFF;
    /** §2.2.5: PP2_TYPE_UNIQUE_ID "may not be longer than 128 bytes". */
    static final int UNIQUE_ID_MAX_LENGTH = 128;
    /** PP2_TYPE_SSL's fixed part: 1-byte client + 4-byte verify. */
    private static final int SSL_FIXED_LENGTH = 5;
    /**
     * Room for the top-level TLVs of a header: haproxy with every {@code proxy-v2-options} sends
     * six (CRC32C, ALPN, AUTHORITY, UNIQUE_ID, SSL, NETNS), so the list need not grow and leave
     * garbage; more still work.
     */
    private static final int TLV_CAPACITY = 6;
    /** Every TLV starts with type (1) and length (2). */
    private static final int TLV_HEADER_LENGTH = 3;

    /** {@link #frame} result: the bytes cannot be the start of a PROXY header. */
    public static final int NOT_A_HEADER = Integer.MIN_VALUE;

    private static final byte[] V1_PREFIX = {'P', 'R', 'O', 'X', 'Y', ' '};
    /** How many first bytes identify a v1 header: {@code "PROXY "}. */
    public static final int V1_SIGNATURE_LENGTH = V1_PREFIX.length;
    /** How many first bytes identify a v2 header. */
    public static final int V2_SIGNATURE_LENGTH = 12;
    private static final int V1_AFTER_PREFIX = V1_PREFIX.length;
    /** {@code "TCP4 "} or {@code "TCP6 "}. */
    private static final int V1_TCP_LENGTH = 5;
    private static final byte[] V1_UNKNOWN = {'U', 'N', 'K', 'N', 'O', 'W', 'N'};
    private static final int MAX_PORT = 0xFFFF;
    private static final int MAX_PORT_DIGITS = 5;

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final boolean acceptV1;
    private final boolean acceptV2;
    private final int v2MaxLength;

    /**
     * @param v2MaxLength the largest v2 length field accepted, from {@link #V2_MIN_MAX_LENGTH} to
     *     {@link #V2_MAX_MAX_LENGTH}
     */
    public ProxyHeaderDecoder(boolean acceptV1, boolean acceptV2, int v2MaxLength) {
        if (!acceptV1 && !acceptV2) {
            throw new IllegalArgumentException("at least one of v1 and v2 must be accepted");
        }
        if (v2MaxLength < V2_MIN_MAX_LENGTH || v2MaxLength > V2_MAX_MAX_LENGTH) {
            throw new IllegalArgumentException("v2MaxLength " + v2MaxLength + " outside "
                    + V2_MIN_MAX_LENGTH + ".." + V2_MAX_MAX_LENGTH);
        }
        this.acceptV1 = acceptV1;
        this.acceptV2 = acceptV2;
        this.v2MaxLength = v2MaxLength;
    }

    /** Accepts v1 and v2 with the default v2 length cap. */
    public ProxyHeaderDecoder() {
        this(true, true, DEFAULT_V2_MAX_LENGTH);
    }

    /** The largest header this decoder accepts: what a per-connection buffer may need. */
    public int maxHeaderLength() {
        return Math.max(acceptV1 ? V1_MAX_LENGTH : 0, acceptV2 ? V2_FIXED_LENGTH + v2MaxLength : 0);
    }

    /**
     * Looks at the first bytes of a connection, {@code buf[from, to)}.
     *
     * @return a positive length when a complete header of that length starts at {@code from};
     *     {@link #NOT_A_HEADER} when the bytes cannot start a PROXY header of either version;
     *     otherwise (zero or negative) the header is incomplete and {@code -result} is how many
     *     bytes are worth gathering before asking again (at most {@link #maxHeaderLength()}; for v1
     *     always the longest line, so call again after every read rather than wait for that many)
     * @throws ProxyProtocolException when the bytes start a header that is already known to be
     *     bad: a version this decoder does not accept, a v1 line too long or with a lone CR or LF,
     *     or a v2 fixed part that is malformed or announces too long a header
     */
    public int frame(ByteBuffer buf, int from, int to) throws ProxyProtocolException {
        int available = to - from;
        if (available <= 0) {
            return -V2_FIXED_LENGTH;
        }
        byte first = buf.get(from);
        if (first == V1_PREFIX[0]) {
            if (!startsWith(buf, from, to, V1_PREFIX)) {
                return NOT_A_HEADER;
            }
            if (available < V1_PREFIX.length) {
                return -V1_MAX_LENGTH;
            }
            if (!acceptV1) {
                throw new ProxyProtocolException(Reason.VERSION_NOT_ALLOWED,
                        "PROXY v1 header on a port that accepts only v2", 0);
            }
            return frameV1(buf, from, to);
        }
        if (first == V2_SIGNATURE[0]) {
            if (!startsWith(buf, from, to, V2_SIGNATURE)) {
                return NOT_A_HEADER;
            }
            if (available < V2_SIGNATURE.length) {
                return -V2_FIXED_LENGTH;
            }
            if (!acceptV2) {
                throw new ProxyProtocolException(Reason.VERSION_NOT_ALLOWED,
                        "PROXY v2 header on a port that accepts only v1", 0);
            }
            return frameV2(buf, from, to);
        }
        return NOT_A_HEADER;
    }

    /** Compares the available bytes (at most {@code prefix.length}) with the prefix. */
    private static boolean startsWith(ByteBuffer buf, int from, int to, byte[] prefix) {
        int n = Math.min(to - from, prefix.length);
        for (int i = 0; i < n; i++) {
            if (buf.get(from + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** §2.1: the line ends at the first CRLF, within {@link #V1_MAX_LENGTH} bytes. */
    private static int frameV1(ByteBuffer buf, int from, int to) throws ProxyProtocolException {
        int end = Math.min(to, from + V1_MAX_LENGTH);
        for (int i = from + V1_AFTER_PREFIX; i < end; i++) {
            byte b = buf.get(i);
            if (b > CR) {
                // Every byte of a valid line but its CRLF (LF < CR): one test a byte instead of
                // two took framing a v1 TCP6 line from 30 to 24 ns (JMH, JDK 17). Bytes from 0x80
                // are negative here and go through the tests below, which pass them to decode.
                continue;
            }
            if (b == LF) {
                throw new ProxyProtocolException(Reason.MALFORMED, "v1 line has a LF without CR", i - from);
            }
            if (b == CR) {
                if (i + 1 == from + V1_MAX_LENGTH) {
                    break; // the LF would be byte 108
                }
                if (i + 1 == to) {
                    return -V1_MAX_LENGTH;
                }
                if (buf.get(i + 1) != LF) {
                    throw new ProxyProtocolException(Reason.MALFORMED, "v1 line has a CR without LF", i - from);
                }
                return i + 2 - from;
            }
        }
        if (to - from >= V1_MAX_LENGTH) {
            throw new ProxyProtocolException(Reason.TOO_LONG,
                    "v1 line has no CRLF within " + V1_MAX_LENGTH + " bytes", V1_MAX_LENGTH);
        }
        return -V1_MAX_LENGTH;
    }

    private int frameV2(ByteBuffer buf, int from, int to) throws ProxyProtocolException {
        if (to - from < V2_FIXED_LENGTH) {
            return -V2_FIXED_LENGTH;
        }
        int length = checkV2Fixed(buf, from);
        int total = V2_FIXED_LENGTH + length;
        return to - from >= total ? total : -total;
    }

    /** Validates bytes 12-15 of a v2 header and returns its length field. */
    private int checkV2Fixed(ByteBuffer buf, int from) throws ProxyProtocolException {
        int versionCommand = buf.get(from + 12) & 0xFF;
        if (versionCommand >>> 4 != 2) {
            throw new ProxyProtocolException(Reason.MALFORMED,
                    "v2 version is " + (versionCommand >>> 4) + ", not 2", 12);
        }
        int command = versionCommand & 0x0F;
        if (command > 1) {
            throw new ProxyProtocolException(Reason.MALFORMED,
                    "v2 command 0x" + Integer.toHexString(command) + " is neither LOCAL nor PROXY", 12);
        }
        int familyTransport = buf.get(from + 13) & 0xFF;
        int addressBlock = addressBlockLength(familyTransport);
        if (command == 1 && familyTransport == 0x00) {
            // §2.2: UNSPEC is for LOCAL; a relayed connection must say which addresses it carries.
            throw new ProxyProtocolException(Reason.MALFORMED, "v2 PROXY command with AF_UNSPEC", 13);
        }
        int length = u16(buf, from + 14);
        if (length > v2MaxLength) {
            throw new ProxyProtocolException(Reason.TOO_LONG,
                    "v2 length " + length + " exceeds the maximum of " + v2MaxLength, 14);
        }
        if (command == 1 && length < addressBlock) {
            throw new ProxyProtocolException(Reason.MALFORMED, "v2 length " + length
                    + " is shorter than the " + addressBlock + "-byte address block", 14);
        }
        return length;
    }

    /**
     * The address block length for a family/transport byte (§2.2, byte 14), rejecting every
     * value the spec does not define.
     */
    private static int addressBlockLength(int familyTransport) throws ProxyProtocolException {
        switch (familyTransport) {
            case 0x00: return 0;
            case 0x11: case 0x12: return V2_INET_BLOCK;
            case 0x21: case 0x22: return V2_INET6_BLOCK;
            case 0x31: case 0x32: return V2_UNIX_BLOCK;
            default:
                throw new ProxyProtocolException(Reason.MALFORMED, "v2 family/transport 0x"
                        + Integer.toHexString(familyTransport) + " is not defined", 13);
        }
    }

    /**
     * Decodes the header that {@link #frame} found at {@code buf[from, from + length)}.
     *
     * @throws ProxyProtocolException when the header is malformed or its CRC32C does not match
     * @throws IllegalArgumentException when {@code length} is not what {@link #frame} returned
     */
    public ProxyHeader decode(ByteBuffer buf, int from, int length) throws ProxyProtocolException {
        if (length >= V1_PREFIX.length && buf.get(from) == V1_PREFIX[0]) {
            return decodeV1(buf, from, length);
        }
        if (length >= V2_FIXED_LENGTH) {
            return decodeV2(buf, from, length);
        }
        throw new IllegalArgumentException("not a framed header: length " + length);
    }

    // ---------------------------------------------------------------- v1

    private static ProxyHeader decodeV1(ByteBuffer buf, int from, int length) throws ProxyProtocolException {
        int end = from + length - 2; // before CRLF
        if (buf.get(end) != CR || buf.get(end + 1) != LF) {
            throw new IllegalArgumentException("not a framed v1 header: no CRLF at the end");
        }
        int p = from + V1_AFTER_PREFIX;
        AddressFamily family = null;
        // "TCP4 " and "TCP6 " differ only in the digit: read them as one.
        if (end - p >= V1_TCP_LENGTH && buf.get(p) == 'T' && buf.get(p + 1) == 'C' && buf.get(p + 2) == 'P'
                && buf.get(p + 4) == ' ') {
            byte version = buf.get(p + 3);
            family = version == '4' ? AddressFamily.INET : version == '6' ? AddressFamily.INET6 : null;
        }
        if (family != null) {
            p += V1_TCP_LENGTH;
        } else if (matches(buf, p, end, V1_UNKNOWN)) {
            // §2.1: "the receiver must ignore anything presented before the CRLF is found" after
            // UNKNOWN, and use the real connection's addresses.
            int after = p + V1_UNKNOWN.length;
            if (after != end && buf.get(after) != ' ') {
                throw new ProxyProtocolException(Reason.MALFORMED,
                        "v1 protocol is not TCP4, TCP6 or UNKNOWN", V1_AFTER_PREFIX);
            }
            return new ProxyHeader(1, Command.PROXY, AddressFamily.UNSPEC, TransportProtocol.UNSPEC,
                    null, 0, null, 0, null, null, Collections.<Tlv>emptyList(), length);
        } else {
            throw new ProxyProtocolException(Reason.MALFORMED,
                    "v1 protocol is not TCP4, TCP6 or UNKNOWN", V1_AFTER_PREFIX);
        }
        // One pass: each field is parsed up to the byte that ends it, which must be the single
        // space before the next field, or the CR after the last one.
        byte[] source;
        byte[] destination;
        if (family == AddressFamily.INET) {
            long parsed = InetLiterals.parseIpv4Prefix(buf, p, end);
            p = v1AddressEnd(buf, from, p, end, v4End(parsed), family, "source", "destination address") + 1;
            source = ipv4(InetLiterals.ipv4Address(parsed));
            parsed = InetLiterals.parseIpv4Prefix(buf, p, end);
            p = v1AddressEnd(buf, from, p, end, v4End(parsed), family, "destination", "source port") + 1;
            destination = ipv4(InetLiterals.ipv4Address(parsed));
        } else {
            source = new byte[16];
            int after = InetLiterals.parseIpv6Prefix(buf, p, end, source);
            p = v1AddressEnd(buf, from, p, end, after, family, "source", "destination address") + 1;
            destination = new byte[16];
            after = InetLiterals.parseIpv6Prefix(buf, p, end, destination);
            p = v1AddressEnd(buf, from, p, end, after, family, "destination", "source port") + 1;
        }
        long sport = v1Port(buf, from, p, end, "source", false);
        long dport = v1Port(buf, from, portEnd(sport) + 1, end, "destination", true);
        return new ProxyHeader(1, Command.PROXY, family, TransportProtocol.STREAM,
                source, portValue(sport), destination, portValue(dport),
                null, null, Collections.<Tlv>emptyList(), length);
    }

    private static boolean matches(ByteBuffer buf, int p, int end, byte[] token) {
        return end - p >= token.length && startsWith(buf, p, end, token);
    }

    /**
     * Checks the {@code which} address field that starts at {@code start} and whose literal was
     * parsed up to {@code after} (-1 if it was not a literal of the family).
     *
     * @return the index of the space that ends it
     */
    private static int v1AddressEnd(ByteBuffer buf, int from, int start, int end, int after,
            AddressFamily family, String which, String next) throws ProxyProtocolException {
        // A literal is never empty, so one that ends at a space before the end is the whole field.
        if (after > start && after < end && buf.get(after) == ' ') {
            return after;
        }
        throw v1AddressError(buf, from, start, end, after, family, which, next);
    }

    /** Why {@link #v1AddressEnd} rejected the field. */
    private static ProxyProtocolException v1AddressError(ByteBuffer buf, int from, int start, int end, int after,
            AddressFamily family, String which, String next) {
        if (start == end || buf.get(start) == ' ') {
            return new ProxyProtocolException(Reason.MALFORMED, "v1 " + which + " address is empty", start - from);
        }
        if (after < 0 || (after < end && buf.get(after) != ' ')) {
            boolean v4 = family == AddressFamily.INET;
            return new ProxyProtocolException(Reason.MALFORMED, "v1 " + (v4 ? "TCP4 " : "TCP6 ") + which
                    + " address is not an " + (v4 ? "IPv4" : "IPv6") + " literal", start - from);
        }
        return new ProxyProtocolException(Reason.MALFORMED,
                "v1 line ends after the " + which + " address, without the " + next, end - from);
    }

    private static int v4End(long parsedIpv4) {
        return parsedIpv4 == InetLiterals.INVALID ? -1 : InetLiterals.literalEnd(parsedIpv4);
    }

    /**
     * Parses a port at {@code start}: decimal 0-65535 (§2.1); like haproxy we also refuse leading
     * zeros and signs. The source port must be followed by a space, the destination port by the
     * end of the line.
     *
     * @return the port and the index just after it, read with {@link #portValue(long)} and
     *     {@link #portEnd(long)}
     */
    private static long v1Port(ByteBuffer buf, int from, int start, int end, String which, boolean last)
            throws ProxyProtocolException {
        int i = start;
        int port = 0;
        while (i < end && i - start <= MAX_PORT_DIGITS) {
            int d = buf.get(i) - '0';
            if (d < 0 || d > 9) {
                break;
            }
            port = port * 10 + d;
            i++;
        }
        int digits = i - start;
        // Every rule at once; v1PortError tells which one failed. Kept apart so that this method
        // is small enough for the JIT to inline (the messages alone are most of the bytecode).
        if (digits == 0 || digits > MAX_PORT_DIGITS || port > MAX_PORT || (digits > 1 && buf.get(start) == '0')
                || (last ? i != end : (i == end || buf.get(i) != ' '))) {
            throw v1PortError(buf, from, start, end, i, port, which, last);
        }
        return (long) i << 16 | port;
    }

    /** Why {@link #v1Port} rejected the digits it read from {@code start} to {@code i}. */
    private static ProxyProtocolException v1PortError(ByteBuffer buf, int from, int start, int end, int i,
            int port, String which, boolean last) {
        int digits = i - start;
        boolean atSeparator = i == end || buf.get(i) == ' ';
        if (digits == 0 && atSeparator) {
            return new ProxyProtocolException(Reason.MALFORMED, "v1 " + which + " port is empty", start - from);
        }
        if (digits > MAX_PORT_DIGITS) {
            return new ProxyProtocolException(Reason.MALFORMED, "v1 " + which + " port is too long", start - from);
        }
        if (!atSeparator) {
            return new ProxyProtocolException(Reason.MALFORMED,
                    "v1 " + which + " port is not a decimal number", i - from);
        }
        if (digits > 1 && buf.get(start) == '0') {
            return new ProxyProtocolException(Reason.MALFORMED,
                    "v1 " + which + " port has a leading zero", start - from);
        }
        if (port > MAX_PORT) {
            return new ProxyProtocolException(Reason.MALFORMED,
                    "v1 " + which + " port " + port + " is above 65535", start - from);
        }
        if (last) {
            return new ProxyProtocolException(Reason.MALFORMED,
                    "v1 line has a field after the destination port", i - from);
        }
        return new ProxyProtocolException(Reason.MALFORMED,
                "v1 line ends after the source port, without the destination port", end - from);
    }

    private static int portValue(long parsedPort) {
        return (int) (parsedPort & 0xFFFF);
    }

    private static int portEnd(long parsedPort) {
        return (int) (parsedPort >>> 16);
    }

    // ---------------------------------------------------------------- v2

    private ProxyHeader decodeV2(ByteBuffer buf, int from, int length) throws ProxyProtocolException {
        int declared = checkV2Fixed(buf, from);
        if (V2_FIXED_LENGTH + declared != length) {
            throw new IllegalArgumentException("not a framed v2 header: length " + length);
        }
        Command command = (buf.get(from + 12) & 0x0F) == 0 ? Command.LOCAL : Command.PROXY;
        int familyTransport = buf.get(from + 13) & 0xFF;
        AddressFamily family = FAMILIES[familyTransport >>> 4];
        TransportProtocol transport = TRANSPORTS[familyTransport & 0x0F];
        if (command == Command.LOCAL) {
            // §2.2: for LOCAL "the receiver must accept this connection as valid and must use the
            // real connection endpoints and discard the protocol block including the family".
            // But a CRC32C mismatch "MUST" invalidate the connection (§2.2.3), and haproxy adds
            // one to LOCAL health checks too: when what follows the address block is a
            // well-formed TLV list with a CRC32C, check it; anything else stays unread.
            int addressBlock = addressBlockLength(familyTransport);
            if (length - V2_FIXED_LENGTH >= addressBlock) {
                verifyCrc32c(buf, from, length, localCrc32cAt(buf, from + V2_FIXED_LENGTH + addressBlock, from + length));
            }
            return new ProxyHeader(2, Command.LOCAL, family, transport,
                    null, 0, null, 0, null, null, Collections.<Tlv>emptyList(), length);
        }
        int a = from + V2_FIXED_LENGTH;
        byte[] source = null;
        byte[] destination = null;
        int sourcePort = 0;
        int destinationPort = 0;
        String sourcePath = null;
        String destinationPath = null;
        int tlvStart;
        switch (family) {
            case INET:
                source = ipv4(i32(buf, a) & 0xFFFFFFFFL);
                destination = ipv4(i32(buf, a + 4) & 0xFFFFFFFFL);
                sourcePort = port(buf, a + 8);
                destinationPort = port(buf, a + 10);
                tlvStart = a + V2_INET_BLOCK;
                break;
            case INET6:
                source = copy(buf, a, 16);
                destination = copy(buf, a + 16, 16);
                sourcePort = port(buf, a + 32);
                destinationPort = port(buf, a + 34);
                tlvStart = a + V2_INET6_BLOCK;
                break;
            default: // UNIX
                sourcePath = unixPath(buf, a);
                destinationPath = unixPath(buf, a + V2_UNIX_BLOCK / 2);
                tlvStart = a + V2_UNIX_BLOCK;
                break;
        }
        List<Tlv> tlvs = tlvStart < from + length
                ? new ArrayList<Tlv>(TLV_CAPACITY) : Collections.<Tlv>emptyList();
        int crcAt = readTlvs(buf, from, tlvStart, from + length, tlvs, false);
        verifyCrc32c(buf, from, length, crcAt);
        return new ProxyHeader(2, Command.PROXY, family, transport,
                source, sourcePort, destination, destinationPort, sourcePath, destinationPath, tlvs, length);
    }

    /** Checks the CRC32C whose value is at {@code crcAt} (-1: none) against the whole header. */
    private static void verifyCrc32c(ByteBuffer buf, int from, int length, int crcAt) throws ProxyProtocolException {
        if (crcAt < 0) {
            return;
        }
        int expected = i32(buf, crcAt);
        int actual = Crc32c.compute(buf, from, from + length, crcAt);
        if (expected != actual) {
            throw new ProxyProtocolException(Reason.CRC_MISMATCH, String.format(
                    "v2 CRC32C is %08x but the header's bytes give %08x", expected, actual), crcAt - from);
        }
    }

    /**
     * Where the CRC32C value of a LOCAL body is, if {@code buf[start, end)} is a well-formed TLV
     * list with exactly one CRC32C of length 4; otherwise -1 (the body is then not ours to read).
     */
    private static int localCrc32cAt(ByteBuffer buf, int start, int end) {
        int crcAt = -1;
        int p = start;
        while (p < end) {
            if (end - p < TLV_HEADER_LENGTH) {
                return -1;
            }
            int type = buf.get(p) & 0xFF;
            int length = u16(buf, p + 1);
            int v = p + TLV_HEADER_LENGTH;
            if (length > end - v) {
                return -1;
            }
            if (type == Tlv.CRC32C) {
                if (length != 4 || crcAt >= 0) {
                    return -1;
                }
                crcAt = v;
            }
            p = v + length;
        }
        return crcAt;
    }

    private static final AddressFamily[] FAMILIES = AddressFamily.values();
    private static final TransportProtocol[] TRANSPORTS = TransportProtocol.values();

    /**
     * Reads the TLVs in {@code buf[start, end)} into {@code out}.
     *
     * @param inSsl true for the sub-TLVs of PP2_TYPE_SSL, which are read one level deep only:
     *     an SSL TLV nested in another is kept raw, never recursed into
     * @return the index of the CRC32C value, or -1 if there is none
     */
    private static int readTlvs(ByteBuffer buf, int from, int start, int end, List<Tlv> out, boolean inSsl)
            throws ProxyProtocolException {
        int crcAt = -1;
        int p = start;
        while (p < end) {
            if (end - p < TLV_HEADER_LENGTH) {
                throw new ProxyProtocolException(Reason.MALFORMED, "v2 TLV ends after " + (end - p)
                        + " of its " + TLV_HEADER_LENGTH + " type and length bytes", p - from);
            }
            int type = buf.get(p) & 0xFF;
            int length = u16(buf, p + 1);
            int v = p + TLV_HEADER_LENGTH;
            if (length > end - v) {
                throw new ProxyProtocolException(Reason.MALFORMED, "v2 TLV 0x" + Integer.toHexString(type)
                        + " of length " + length + " overruns its container by " + (length - (end - v))
                        + " bytes", p + 1 - from);
            }
            if (inSsl) {
                out.add(sslSubTlv(buf, type, v, length));
            } else if (type == Tlv.CRC32C) {
                if (length != 4) {
                    throw new ProxyProtocolException(Reason.MALFORMED,
                            "v2 CRC32C TLV has length " + length + ", not 4", p + 1 - from);
                }
                if (crcAt >= 0) {
                    throw new ProxyProtocolException(Reason.MALFORMED, "v2 header has two CRC32C TLVs", p - from);
                }
                crcAt = v;
                out.add(new Tlv.Crc32c(i32(buf, v)));
            } else if (type != Tlv.NOOP) {
                out.add(tlv(buf, from, type, p, v, length));
            }
            p = v + length;
        }
        return crcAt;
    }

    private static Tlv tlv(ByteBuffer buf, int from, int type, int p, int v, int length)
            throws ProxyProtocolException {
        switch (type) {
            case Tlv.ALPN:
                return new Tlv.Alpn(copy(buf, v, length));
            case Tlv.AUTHORITY:
                return new Tlv.Text(type, copy(buf, v, length), StandardCharsets.UTF_8);
            case Tlv.UNIQUE_ID:
                if (length > UNIQUE_ID_MAX_LENGTH) {
                    throw new ProxyProtocolException(Reason.MALFORMED, "v2 UNIQUE_ID TLV is " + length
                            + " bytes, more than " + UNIQUE_ID_MAX_LENGTH, p + 1 - from);
                }
                return new Tlv.UniqueId(copy(buf, v, length));
            case Tlv.SSL: {
                if (length < SSL_FIXED_LENGTH) {
                    throw new ProxyProtocolException(Reason.MALFORMED, "v2 SSL TLV is " + length
                            + " bytes, shorter than its " + SSL_FIXED_LENGTH + "-byte client and verify fields",
                            p + 1 - from);
                }
                List<Tlv> subTlvs = new ArrayList<Tlv>(6);
                readTlvs(buf, from, v + SSL_FIXED_LENGTH, v + length, subTlvs, true);
                return new Tlv.Ssl(buf.get(v) & 0xFF, i32(buf, v + 1), subTlvs);
            }
            case Tlv.NETNS:
                return new Tlv.Text(type, copy(buf, v, length), StandardCharsets.US_ASCII);
            // 0xE0-0xEF are reserved for applications (§2.2.8): the cloud vendors' formats are
            // recognised by their shape, and anything else another application sends with those
            // types (haproxy 2.9+ set-proxy-v2-tlv-fmt, say) is an unknown TLV and kept raw.
            case Tlv.GCP:
                // GCP Private Service Connect: the connection id, 8 bytes big-endian.
                if (length == 8) {
                    return new Tlv.GcpPscConnectionId((long) i32(buf, v) << 32 | i32(buf, v + 4) & 0xFFFFFFFFL);
                }
                break;
            case Tlv.AWS:
                // AWS NLB: subtype 0x01 PP2_SUBTYPE_AWS_VPCE_ID, then the id in US-ASCII.
                if (length >= 1 && buf.get(v) == 0x01) {
                    return new Tlv.AwsVpcEndpointId(copy(buf, v + 1, length - 1));
                }
                break;
            case Tlv.AZURE:
                // Azure Private Link: subtype 0x01 PP2_SUBTYPE_AZURE_PRIVATEENDPOINT_LINKID, u32 LE.
                if (length == 5 && buf.get(v) == 0x01) {
                    long linkId = Integer.reverseBytes(i32(buf, v + 1)) & 0xFFFFFFFFL;
                    return new Tlv.AzureLinkId(linkId);
                }
                break;
            default:
                break;
        }
        return new Tlv.Raw(type, copy(buf, v, length));
    }

    private static Tlv sslSubTlv(ByteBuffer buf, int type, int v, int length) {
        switch (type) {
            case Tlv.SSL_CN:
                return new Tlv.Text(type, copy(buf, v, length), StandardCharsets.UTF_8);
            case Tlv.SSL_VERSION:
            case Tlv.SSL_CIPHER:
            case Tlv.SSL_SIG_ALG:
            case Tlv.SSL_KEY_ALG:
                return new Tlv.Text(type, copy(buf, v, length), StandardCharsets.US_ASCII);
            default:
                return new Tlv.Raw(type, copy(buf, v, length));
        }
    }

    // ---------------------------------------------------------------- helpers

    private static int port(ByteBuffer buf, int at) {
        return u16(buf, at);
    }

    /*
     * The wire format is big-endian (network order). getShort and getInt follow the buffer's own
     * byte order, and a server may hand us a buffer it set to little-endian, which we must not
     * change: so the value read is swapped when the buffer is little-endian. One getInt costs a
     * single index check, where four get(i) cost four: on a direct buffer, where each check costs
     * more, that was most of why a header with TLVs decoded slower than from a heap buffer.
     */

    private static int u16(ByteBuffer buf, int at) {
        short value = buf.getShort(at);
        return (buf.order() == ByteOrder.BIG_ENDIAN ? value : Short.reverseBytes(value)) & 0xFFFF;
    }

    private static int i32(ByteBuffer buf, int at) {
        int value = buf.getInt(at);
        return buf.order() == ByteOrder.BIG_ENDIAN ? value : Integer.reverseBytes(value);
    }

    /** An AF_UNIX path: 108 bytes, NUL-padded (§2.2). */
    private static String unixPath(ByteBuffer buf, int at) {
        int n = 0;
        while (n < V2_UNIX_BLOCK / 2 && buf.get(at + n) != 0) {
            n++;
        }
        return text(buf, at, n, StandardCharsets.UTF_8);
    }

    private static byte[] copy(ByteBuffer buf, int at, int length) {
        byte[] bytes = new byte[length];
        Buffers.copy(buf, at, bytes, 0, length);
        return bytes;
    }

    private static String text(ByteBuffer buf, int at, int length, Charset charset) {
        if (buf.hasArray()) {
            return new String(buf.array(), buf.arrayOffset() + at, length, charset);
        }
        return new String(copy(buf, at, length), charset);
    }

    /**
     * An IPv4 address held as an unsigned 32-bit value, as its 4 bytes: read with one i32 and
     * written at constant indices, rather than copied out of the buffer (four bytes from a direct
     * buffer cost more to copy than to assemble).
     */
    private static byte[] ipv4(long address) {
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }
}
