package io.proxywrap.core.net;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

    /** The value of each byte as a hex digit, or -1: one load instead of three range tests a byte. */
    private static final byte[] HEX_VALUES = new byte[256];

    static {
        Arrays.fill(HEX_VALUES, (byte) -1);
        for (int d = 0; d < 10; d++) {
            HEX_VALUES['0' + d] = (byte) d;
        }
        for (int d = 0; d < 6; d++) {
            HEX_VALUES['a' + d] = (byte) (10 + d);
            HEX_VALUES['A' + d] = (byte) (10 + d);
        }
    }

    private InetLiterals() {
    }

    /**
     * Parses a dotted quad in {@code buf[from, to)} (absolute indices).
     *
     * @return the address as an unsigned 32-bit value, or {@link #INVALID}
     */
    public static long parseIpv4(ByteBuffer buf, int from, int to) {
        long parsed = parseIpv4Prefix(buf, from, to);
        return parsed != INVALID && literalEnd(parsed) == to ? ipv4Address(parsed) : INVALID;
    }

    /**
     * Parses the dotted quad that starts at {@code from} and ends at the first byte that cannot
     * continue it (or at {@code to}), so a caller can parse a field and find its end in one pass.
     *
     * @return {@link #INVALID}, or the address and where it ended, to be read with
     *     {@link #ipv4Address} and {@link #literalEnd}
     */
    public static long parseIpv4Prefix(ByteBuffer buf, int from, int to) {
        // One flat loop over the bytes with the state in locals: the nested per-part loop this
        // replaced took twice as long, and every v1 TCP4 header goes through here twice.
        long address = 0;
        int dots = 0;
        int value = 0;
        int digits = 0;
        int i = from;
        for (; i < to; i++) {
            int b = buf.get(i);
            int digit = b - '0';
            if (digit >= 0 && digit <= 9) {
                if (digits == 1 && value == 0) {
                    return INVALID; // a leading zero: 01 might be meant as octal, 010 as 8 or 10
                }
                value = value * 10 + digit;
                if (++digits > 3) {
                    return INVALID;
                }
            } else if (b == '.' && dots < 3) {
                if (digits == 0 || value > 255) {
                    return INVALID;
                }
                address = address << 8 | value;
                dots++;
                value = 0;
                digits = 0;
            } else {
                break;
            }
        }
        if (dots != 3 || digits == 0 || value > 255) {
            return INVALID;
        }
        return (long) i << 32 | address << 8 | value;
    }

    /** The address in a {@link #parseIpv4Prefix} result, as an unsigned 32-bit value. */
    public static long ipv4Address(long parsed) {
        return parsed & 0xFFFFFFFFL;
    }

    /** The index just after the literal in a {@link #parseIpv4Prefix} result. */
    public static int literalEnd(long parsed) {
        return (int) (parsed >>> 32);
    }

    /**
     * Parses an IPv6 literal in {@code buf[from, to)} into the 16 bytes of {@code dst}.
     *
     * @return false if the text is not an IPv6 literal ({@code dst} is then undefined)
     */
    public static boolean parseIpv6(ByteBuffer buf, int from, int to, byte[] dst) {
        return parseIpv6Prefix(buf, from, to, dst) == to;
    }

    /**
     * Parses the IPv6 literal that starts at {@code from} and ends at the first byte that cannot
     * continue it (or at {@code to}) into the 16 bytes of {@code dst}.
     *
     * @return the index just after the literal, or -1 if it is not an IPv6 literal
     */
    public static int parseIpv6Prefix(ByteBuffer buf, int from, int to, byte[] dst) {
        // One flat loop, like parseIpv4Prefix. The groups are shifted into a 128-bit number, hi:lo,
        // as they are read; at "::" the groups so far are set aside as the head and the number
        // starts again for the tail, and at the end the head is shifted over the zero groups onto
        // the tail. dst is written once, at constant indices: storing each group at a computed
        // index and moving the tail past the gap took 20-25% longer, and an IPv6 literal is
        // parsed twice for every v1 TCP6 header.
        long hi = 0;
        long lo = 0;
        long headHi = 0;
        long headLo = 0;
        int groups = 0;
        int gapAt = -1;
        int value = 0;
        int digits = 0;
        int groupStart = from;
        int i = from;
        if (to - from >= 2 && buf.get(from) == ':' && buf.get(from + 1) == ':') {
            gapAt = 0;
            i = from + 2;
            groupStart = i;
        }
        boolean dottedTail = false;
        for (; i < to; i++) {
            byte b = buf.get(i);
            int digit = HEX_VALUES[b & 0xFF];
            if (digit >= 0) {
                if (++digits > 4) {
                    return -1;
                }
                value = value << 4 | digit;
            } else if (b == ':') {
                if (digits == 0) {
                    // The second ':' of "::" (a lone leading ':' or a second "::" is invalid).
                    if (i == from || gapAt >= 0) {
                        return -1;
                    }
                    gapAt = groups;
                    headHi = hi;
                    headLo = lo;
                    hi = 0;
                    lo = 0;
                } else {
                    if (groups == 8) {
                        return -1;
                    }
                    hi = hi << 16 | lo >>> 48;
                    lo = lo << 16 | value;
                    groups++;
                    value = 0;
                    digits = 0;
                }
                groupStart = i + 1;
            } else if (b == '.') {
                // RFC 4291 §2.2 form 3: the last 32 bits as a dotted quad, e.g. ::ffff:10.0.0.1
                long v4 = parseIpv4Prefix(buf, groupStart, to);
                if (digits == 0 || groups > 6 || v4 == INVALID) {
                    return -1;
                }
                hi = hi << 32 | lo >>> 32;
                lo = lo << 32 | ipv4Address(v4);
                groups += 2;
                i = literalEnd(v4);
                dottedTail = true;
                break;
            } else {
                break;
            }
        }
        if (!dottedTail) {
            if (digits > 0) {
                if (groups == 8) {
                    return -1;
                }
                hi = hi << 16 | lo >>> 48;
                lo = lo << 16 | value;
                groups++;
            } else if (gapAt != groups || i - from < 2 || buf.get(i - 1) != ':' || buf.get(i - 2) != ':') {
                return -1; // empty, or ends in a single ':'
            }
        }
        if (gapAt < 0) {
            if (groups != 8) {
                return -1;
            }
        } else {
            if (groups > 7) {
                return -1; // '::' stands for at least one group
            }
            if (gapAt > 0) {
                // The head's gapAt groups go to the top, past the zero groups and the tail.
                int shift = (8 - gapAt) * 16; // 16..112
                if (shift >= 64) {
                    hi |= headLo << (shift - 64);
                } else {
                    hi |= headHi << shift | headLo >>> (64 - shift);
                    lo |= headLo << shift;
                }
            }
        }
        putLong(dst, 0, hi);
        putLong(dst, 8, lo);
        return i;
    }

    /** Writes {@code value} big-endian to {@code dst[at, at + 8)}. */
    private static void putLong(byte[] dst, int at, long value) {
        dst[at] = (byte) (value >>> 56);
        dst[at + 1] = (byte) (value >>> 48);
        dst[at + 2] = (byte) (value >>> 40);
        dst[at + 3] = (byte) (value >>> 32);
        dst[at + 4] = (byte) (value >>> 24);
        dst[at + 5] = (byte) (value >>> 16);
        dst[at + 6] = (byte) (value >>> 8);
        dst[at + 7] = (byte) value;
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
}
