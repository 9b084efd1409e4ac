package io.proxywrap.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.core.codec.BufferKind;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link InetLiterals} accepts exactly the literal forms (RFC 4291 §2.2 for IPv6, strict dotted
 * quads for IPv4) and agrees with the JDK's own literal parsing on them. The JDK is only asked
 * about strings known to be literals, which it never resolves.
 */
class InetLiteralsTest {

    @ParameterizedTest(name = "valid \"{0}\"")
    @ValueSource(strings = {
        // IPv4
        "0.0.0.0", "1.2.3.4", "127.0.0.1", "10.0.0.255", "192.168.100.200", "255.255.255.255",
        // IPv6, RFC 4291 §2.2 form 1: eight groups of one to four hex digits
        "1:2:3:4:5:6:7:8", "2001:0db8:0000:0000:0000:ff00:0042:8329", "2001:DB8:0:0:8:800:200C:417A",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "0:0:0:0:0:0:0:0", "0000:0000:0000:0000:0000:0000:0000:0001",
        // form 2: "::" for one or more groups of zeros
        "::", "1::", "::1", "1::8", "1:2:3::7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1::3:4:5:6:7:8",
        "2001:db8::", "fe80::1", "FF01::101", "1:0:0:0:0:0:0:8",
        // form 3: dotted-quad tail
        "::ffff:1.2.3.4", "::FFFF:129.144.52.38", "1:2:3:4:5:6:1.2.3.4", "::13.1.68.3", "1::1.2.3.4",
        "64:ff9b::192.0.2.33", "::ffff:0.0.0.0",
    })
    void valid(String text) throws Exception {
        byte[] parsed = InetLiterals.parse(text);
        assertNotNull(parsed, text);
        assertEquals(text.contains(":") ? 16 : 4, parsed.length, "length for " + text);
        // getByName on a literal parses it without any lookup; getByAddress normalises mapped addresses
        // to Inet4Address on both sides.
        InetAddress jdk = InetAddress.getByName(text);
        assertEquals(jdk, InetAddress.getByAddress(parsed), text);
        if (parsed.length == 16 && jdk.getAddress().length == 16) {
            assertArrayEquals(jdk.getAddress(), parsed, text);
        }

        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        for (BufferKind kind : BufferKind.values()) {
            BufferKind.Placed p = kind.place(ascii);
            if (parsed.length == 4) {
                long v4 = InetLiterals.parseIpv4(p.buf, p.from, p.to);
                assertEquals(jdkValue(jdk.getAddress()), v4, text + " on " + kind);
                assertFalse(InetLiterals.parseIpv6(p.buf, p.from, p.to, new byte[16]), text + " as IPv6 on " + kind);
            } else {
                byte[] dst = new byte[16];
                java.util.Arrays.fill(dst, (byte) 0x5A); // whatever was there must be overwritten
                assertTrue(InetLiterals.parseIpv6(p.buf, p.from, p.to, dst), text + " on " + kind);
                assertArrayEquals(parsed, dst, text + " on " + kind);
                assertEquals(InetLiterals.INVALID, InetLiterals.parseIpv4(p.buf, p.from, p.to), text + " as IPv4 on " + kind);
            }
            p.assertUntouched();
        }
    }

    @ParameterizedTest(name = "invalid \"{0}\"")
    @ValueSource(strings = {
        // IPv6
        ":::", "1:2:3:4:5:6:7:8:9", "12345::", "1::2::3", ":1", "1:", ":", "1:::2", "::1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7:8::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", "::ffff:01.2.3.4",
        "::ffff:256.1.1.1", "::ffff:1.2.3.4.5", "::1.2.3.4:5", "g::", "1:2:3:4:5:6:7:8g", "00000::", "1 ::2",
        "fe80::1%1", "fe80::1%eth0", "[::1]", "::/0", "::1/128",
        // bytes from 0x80 whose low seven bits are '0', 'A', 'a', ':' or '.': never hex digits or separators
        "1::\u00b0", "\u00c1::1", "1::\u00e1:2", "1\u00ba:2:3:4:5:6:7:8", "::\u00ba1", "::ffff:1\u00ae2.3.4",
        // IPv4
        "1.2.3", "256.1.1.1", "01.1.1.1", "1.02.3.4", "1.2.3.00", "1.2.3.4.5", "", "1..2.3", "1.2.3.", ".1.2.3",
        "1.2.3.4 ", " 1.2.3.4", "+1.2.3.4", "1.2.3.-4", "1234.1.1.1", "0x7f.0.0.1", "127.1", "2130706433",
        "1.2.3.4/8", "1.2.3.4:80",
        // host names
        "localhost", "example.com", "cafe.be", "beef",
    })
    void invalid(String text) {
        assertNull(InetLiterals.parse(text), text);
        byte[] ascii = text.getBytes(StandardCharsets.ISO_8859_1);
        for (BufferKind kind : BufferKind.values()) {
            BufferKind.Placed p = kind.place(ascii);
            assertEquals(InetLiterals.INVALID, InetLiterals.parseIpv4(p.buf, p.from, p.to), text + " on " + kind);
            assertFalse(InetLiterals.parseIpv6(p.buf, p.from, p.to, new byte[16]), text + " on " + kind);
            p.assertUntouched();
        }
    }

    /**
     * Many generated near-literals (groups of zero to six hex digits, "::" anywhere, dotted-quad
     * tails with parts out of range or with leading zeros, stray bytes), with a fixed seed: every
     * IPv6 literal we accept is one the JDK reads as the same address, and every kind of buffer
     * (direct, little-endian, junk after the text) gets the same verdict. The JDK is given it in
     * brackets, so it only ever parses: a bracketed host that is not an IPv6 literal is an
     * {@code UnknownHostException}, never a lookup. (The JDK accepts more, e.g. zone ids, so
     * the converse is left to {@link #invalid}.)
     */
    @Test
    void everyAcceptedIpv6LiteralIsTheAddressTheJdkReads() throws Exception {
        Random random = new Random(0x1F6);
        int accepted = 0;
        for (int n = 0; n < 20_000; n++) {
            String text = nearIpv6Literal(random);
            byte[] parsed = InetLiterals.parse(text);
            boolean ipv6 = parsed != null && parsed.length == 16;
            // The same verdict and address wherever a server's buffer has the text, junk after it.
            byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
            for (BufferKind kind : BufferKind.values()) {
                BufferKind.Placed p = kind.place(bytes);
                byte[] dst = new byte[16];
                assertEquals(ipv6, InetLiterals.parseIpv6(p.buf, p.from, p.to, dst), text + " on " + kind);
                if (ipv6) {
                    assertArrayEquals(parsed, dst, text + " on " + kind);
                }
            }
            if (!ipv6) {
                continue;
            }
            accepted++;
            assertEquals(InetAddress.getByName("[" + text + "]"), InetAddress.getByAddress(parsed), text);
        }
        assertTrue(accepted > 2_000, "only " + accepted + " of the generated texts were literals");
    }

    private static String nearIpv6Literal(Random random) {
        String hex = "0123456789abcdefABCDEF";
        StringBuilder s = new StringBuilder();
        int groups = random.nextInt(10);
        int gapAt = random.nextInt(12);
        for (int g = 0; g < groups; g++) {
            if (g > 0) {
                s.append(g == gapAt ? "::" : ":");
            }
            int digits = random.nextInt(10) == 0 ? random.nextInt(7) : 1 + random.nextInt(4);
            for (int d = 0; d < digits; d++) {
                s.append(hex.charAt(random.nextInt(hex.length())));
            }
        }
        if (gapAt >= groups && random.nextBoolean()) {
            s.append("::");
        }
        if (random.nextInt(4) == 0) {
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            int parts = 3 + random.nextInt(3);
            for (int p = 0; p < parts; p++) {
                s.append(p > 0 ? "." : "").append(random.nextInt(8) == 0 ? "0" : "").append(random.nextInt(300));
            }
        }
        if (random.nextInt(8) == 0) {
            // Stray bytes, among them some from 0x80 that are ':', '.', '0' or 'a' on their low seven bits.
            String stray = ":.g%/\u00ba\u00ae\u00b0\u00e1";
            s.insert(random.nextInt(s.length() + 1), stray.charAt(random.nextInt(stray.length())));
        }
        return s.toString();
    }

    private static long jdkValue(byte[] a) {
        return ((a[0] & 0xFFL) << 24) | ((a[1] & 0xFF) << 16) | ((a[2] & 0xFF) << 8) | (a[3] & 0xFF);
    }
}
