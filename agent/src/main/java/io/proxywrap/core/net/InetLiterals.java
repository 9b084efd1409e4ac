package io.proxywrap.core.net;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Strict parsing of IPv4 and IPv6 address literals, with no name resolution ever.
 *
 * <p>{@code InetAddress.getByName} resolves anything that is not a literal, so neither the
 * PROXY v1 codec nor the {@code trusted} configuration may call it: a header naming a host
 * would make us send DNS queries chosen by the peer. Instead the text is parsed here into
 * bytes, which {@code InetAddress.getByAddress} turns into an address without any lookup.
 *
 * <p>Accepted forms: IPv4 dotted quad with decimal parts 0-255 and no leading zeros (so
 * {@code 010.0.0.1} is rejected rather than read as octal or decimal); IPv6 as RFC 4291 §2.2
 * defines it: eight groups of one to four hex digits, at most one {@code ::}, an optional
 * dotted-quad tail. Zone ids ({@code %eth0}), brackets and prefixes are not literals and are
 * rejected.
 */
public final class InetLiterals {

    /** Returned by {@link #parseIpv4} for text that is not a dotted quad. */
    public static final long INVALID = -1L;

    private InetLiterals() {
    }

    /**
     * Parses a dotted quad in {@code buf[from, to)} (absolute indices).
     *
     * @return the address as an unsigned 32-bit value, or {@link #INVALID}
     */
    public static long parseIpv4(ByteBuffer buf, int from, int to) {
        long address = 0;
        int part = 0;
        int i = from;
        while (true) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 3) {
                int digit = buf.get(i) - '0';
                if (digit < 0 || digit > 9) {
                    break;
                }
                value = value * 10 + digit;
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && buf.get(start) == '0')) {
                return INVALID;
            }
            address = (address << 8) | value;
            part++;
            if (part == 4) {
                return i == to ? address : INVALID;
            }
            if (i == to || buf.get(i) != '.') {
                return INVALID;
            }
            i++;
        }
    }

    /**
     * Parses an IPv6 literal in {@code buf[from, to)} into the 16 bytes of {@code dst}.
     *
     * @return false if the text is not an IPv6 literal ({@code dst} is then undefined)
     */
    public static boolean parseIpv6(ByteBuffer buf, int from, int to, byte[] dst) {
        if (to - from < 2) {
            return false;
        }
        int i = from;
        int groups = 0;
        int gapAt = -1;
        if (buf.get(i) == ':') {
            if (buf.get(i + 1) != ':') {
                return false;
            }
            gapAt = 0;
            i += 2;
        }
        while (i < to) {
            if (groups == 8) {
                return false;
            }
            int start = i;
            int value = 0;
            while (i < to && i - start < 5) {
                int digit = hexValue(buf.get(i));
                if (digit < 0) {
                    break;
                }
                value = (value << 4) | digit;
                i++;
            }
            if (i < to && buf.get(i) == '.') {
                // RFC 4291 §2.2 form 3: the last 32 bits as a dotted quad, e.g. ::ffff:10.0.0.1
                if (groups > 6) {
                    return false;
                }
                long v4 = parseIpv4(buf, start, to);
                if (v4 == INVALID) {
                    return false;
                }
                dst[groups * 2] = (byte) (v4 >>> 24);
                dst[groups * 2 + 1] = (byte) (v4 >>> 16);
                dst[groups * 2 + 2] = (byte) (v4 >>> 8);
                dst[groups * 2 + 3] = (byte) v4;
                groups += 2;
                i = to;
                break;
            }
            int digits = i - start;
            if (digits == 0 || digits > 4) {
                return false;
            }
            dst[groups * 2] = (byte) (value >>> 8);
            dst[groups * 2 + 1] = (byte) value;
            groups++;
            if (i == to) {
                break;
            }
            if (buf.get(i) != ':') {
                return false;
            }
            i++;
            if (i == to) {
                return false; // a single trailing ':'
            }
            if (buf.get(i) == ':') {
                if (gapAt >= 0) {
                    return false; // a second '::'
                }
                gapAt = groups;
                i++;
            }
        }
        if (gapAt < 0) {
            return groups == 8;
        }
        if (groups > 7) {
            return false; // '::' stands for at least one group
        }
        // Move the groups after the gap to the end and zero the gap.
        int tailBytes = (groups - gapAt) * 2;
        int zeroBytes = 16 - groups * 2;
        System.arraycopy(dst, gapAt * 2, dst, gapAt * 2 + zeroBytes, tailBytes);
        for (int z = gapAt * 2; z < gapAt * 2 + zeroBytes; z++) {
            dst[z] = 0;
        }
        return true;
    }

    /**
     * Parses an IPv4 or IPv6 literal.
     *
     * @return 4 or 16 bytes, or null if {@code text} is not a literal address
     */
    public static byte[] parse(String text) {
        ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
        int to = buf.limit();
        if (text.indexOf(':') < 0) {
            long v4 = parseIpv4(buf, 0, to);
            if (v4 == INVALID) {
                return null;
            }
            return new byte[] {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4};
        }
        byte[] v6 = new byte[16];
        return parseIpv6(buf, 0, to, v6) ? v6 : null;
    }

    private static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
