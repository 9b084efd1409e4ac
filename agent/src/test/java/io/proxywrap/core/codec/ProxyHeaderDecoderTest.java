package io.proxywrap.core.codec;

import static io.proxywrap.core.codec.ProxyProtocolException.Reason.CRC_MISMATCH;
import static io.proxywrap.core.codec.ProxyProtocolException.Reason.MALFORMED;
import static io.proxywrap.core.codec.ProxyProtocolException.Reason.TOO_LONG;
import static io.proxywrap.core.codec.ProxyProtocolException.Reason.VERSION_NOT_ALLOWED;
import static io.proxywrap.core.codec.V2.LOCAL;
import static io.proxywrap.core.codec.V2.PROXY;
import static io.proxywrap.core.codec.V2.TCP4;
import static io.proxywrap.core.codec.V2.TCP6;
import static io.proxywrap.core.codec.V2.UDP4;
import static io.proxywrap.core.codec.V2.UDP6;
import static io.proxywrap.core.codec.V2.UNIX_DGRAM;
import static io.proxywrap.core.codec.V2.UNIX_STREAM;
import static io.proxywrap.core.codec.V2.UNSPEC;
import static io.proxywrap.core.codec.V2.concat;
import static io.proxywrap.core.codec.V2.ints;
import static io.proxywrap.core.codec.V2.repeat;
import static io.proxywrap.core.codec.V2.sslValue;
import static io.proxywrap.core.codec.V2.tlvBytes;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.proxywrap.core.codec.ProxyProtocolException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance checklist of BRIEF §4 (v1 and v2) as a table: every case states its input
 * bytes and its exact outcome, either the decoded header rendered by {@link Render} (every field)
 * or the {@link Reason}, the byte offset and whether {@code frame} or {@code decode} rejects it.
 *
 * <p>Each case runs on every {@link BufferKind} (heap, slice with an array offset, direct,
 * read-only, little-endian), and checks {@code frame} on every prefix of the input.
 */
class ProxyHeaderDecoderTest {

    static final ProxyHeaderDecoder BOTH = new ProxyHeaderDecoder();
    static final ProxyHeaderDecoder V1_ONLY = new ProxyHeaderDecoder(true, false, 4096);
    static final ProxyHeaderDecoder V2_ONLY = new ProxyHeaderDecoder(false, true, 4096);
    /** The smallest cap allowed: exactly an AF_UNIX block. */
    static final ProxyHeaderDecoder SMALL = new ProxyHeaderDecoder(true, true, 216);
    static final ProxyHeaderDecoder HUGE = new ProxyHeaderDecoder(true, true, 0xFFFF);

    enum Stage { FRAME, DECODE }

    sealed interface Outcome permits Accept, Reject, NotAHeader {}

    /** Accepted: the header renders as {@code rendered}; {@code trailing} bytes follow it. */
    record Accept(String rendered, int trailing) implements Outcome {}

    record Reject(Stage stage, Reason reason, int offset) implements Outcome {}

    record NotAHeader() implements Outcome {}

    record Case(String name, ProxyHeaderDecoder decoder, byte[] input, Outcome outcome) {
        @Override
        public String toString() {
            return name;
        }
    }

    // ---------------------------------------------------------------- table helpers

    private static final List<Case> TABLE = new ArrayList<>();

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void ok(String name, byte[] input, String rendered) {
        TABLE.add(new Case(name, BOTH, input, new Accept(rendered, 0)));
    }

    private static void ok(String name, ProxyHeaderDecoder d, byte[] input, String rendered) {
        TABLE.add(new Case(name, d, input, new Accept(rendered, 0)));
    }

    private static void okThen(String name, byte[] input, int trailing, String rendered) {
        TABLE.add(new Case(name, BOTH, input, new Accept(rendered, trailing)));
    }

    private static void ok(String name, String v1, String rendered) {
        ok(name, ascii(v1), rendered);
    }

    private static void bad(String name, byte[] input, Stage stage, Reason reason, int offset) {
        TABLE.add(new Case(name, BOTH, input, new Reject(stage, reason, offset)));
    }

    private static void bad(String name, ProxyHeaderDecoder d, byte[] input, Stage stage, Reason reason, int offset) {
        TABLE.add(new Case(name, d, input, new Reject(stage, reason, offset)));
    }

    private static void bad(String name, String v1, Stage stage, Reason reason, int offset) {
        bad(name, ascii(v1), stage, reason, offset);
    }

    private static void notAHeader(String name, byte[] input) {
        TABLE.add(new Case(name, BOTH, input, new NotAHeader()));
    }

    /** The INET block every v2 case uses unless it says otherwise. */
    private static final String INET = "192.0.2.1:56324 > 198.51.100.7:443";
    private static final String V2_INET = "v2 PROXY INET STREAM " + INET;
    /** TLVs start at 16 + 12 after an INET block. */
    private static final int T = 28;

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static final String MAX6 = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
    private static final String GET = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n";

    static {
        v1Accepted();
        v1Rejected();
        v2Accepted();
        v2Rejected();
        v2FixedPartExhaustive();
    }

    // ---------------------------------------------------------------- v1 accepted

    private static void v1Accepted() {
        ok("v1 TCP4", "PROXY TCP4 192.168.0.1 10.0.0.2 56324 443\r\n",
                "v1 PROXY INET STREAM 192.168.0.1:56324 > 10.0.0.2:443");
        ok("v1 TCP4 ports 0 and 65535, addresses 0.0.0.0 and 255.255.255.255",
                "PROXY TCP4 0.0.0.0 255.255.255.255 0 65535\r\n",
                "v1 PROXY INET STREAM 0.0.0.0:0 > 255.255.255.255:65535");
        ok("v1 TCP6 full form, leading zeros in groups, upper case",
                "PROXY TCP6 2001:0db8:0000:0000:0000:ff00:0042:8329 2001:DB8:0:0:0:0:0:1 56324 443\r\n",
                "v1 PROXY INET6 STREAM [2001:db8:0:0:0:ff00:42:8329]:56324 > [2001:db8:0:0:0:0:0:1]:443");
        ok("v1 TCP6 :: and ::1", "PROXY TCP6 :: ::1 1 2\r\n",
                "v1 PROXY INET6 STREAM [0:0:0:0:0:0:0:0]:1 > [0:0:0:0:0:0:0:1]:2");
        ok("v1 TCP6 trailing :: and inner ::", "PROXY TCP6 2001:db8:: fe80::1:2 80 443\r\n",
                "v1 PROXY INET6 STREAM [2001:db8:0:0:0:0:0:0]:80 > [fe80:0:0:0:0:0:1:2]:443");
        ok("v1 TCP6 :: standing for one group", "PROXY TCP6 1:2:3:4:5:6:7:: ::2:3:4:5:6:7:8 80 443\r\n",
                "v1 PROXY INET6 STREAM [1:2:3:4:5:6:7:0]:80 > [0:2:3:4:5:6:7:8]:443");
        // The JDK turns an IPv4-mapped address into an Inet4Address; the family stays INET6.
        ok("v1 TCP6 IPv4-mapped, dotted and hex", "PROXY TCP6 ::ffff:192.0.2.1 ::FFFF:c633:6407 56324 443\r\n",
                "v1 PROXY INET6 STREAM 192.0.2.1:56324 > 198.51.100.7:443");
        ok("v1 TCP6 dotted-quad tail after six groups", "PROXY TCP6 1:2:3:4:5:6:1.2.3.4 ::1.2.3.4 80 443\r\n",
                "v1 PROXY INET6 STREAM [1:2:3:4:5:6:102:304]:80 > [0:0:0:0:0:0:102:304]:443");
        ok("v1 TCP6 longest line (104 bytes)",
                "PROXY TCP6 " + MAX6 + " " + MAX6 + " 65535 65535\r\n",
                "v1 PROXY INET6 STREAM [" + MAX6 + "]:65535 > [" + MAX6 + "]:65535");
        ok("v1 UNKNOWN short form", "PROXY UNKNOWN\r\n", "v1 PROXY UNSPEC UNSPEC");
        ok("v1 UNKNOWN long form", "PROXY UNKNOWN 192.0.2.1 198.51.100.7 56324 443\r\n", "v1 PROXY UNSPEC UNSPEC");
        ok("v1 UNKNOWN anything up to CRLF is ignored", "PROXY UNKNOWN foo  bar 999999 :::: localhost\r\n",
                "v1 PROXY UNSPEC UNSPEC");
        ok("v1 UNKNOWN with a lone space", "PROXY UNKNOWN \r\n", "v1 PROXY UNSPEC UNSPEC");
        String line107 = "PROXY UNKNOWN " + MAX6 + " " + MAX6 + " 65535 65535\r\n";
        assertEquals(107, line107.length());
        ok("v1 exactly 107 bytes accepted", line107, "v1 PROXY UNSPEC UNSPEC");
        okThen("v1 TCP4 followed by a request in the same segment",
                ascii("PROXY TCP4 192.168.0.1 10.0.0.2 56324 443\r\n" + GET), GET.length(),
                "v1 PROXY INET STREAM 192.168.0.1:56324 > 10.0.0.2:443");
        okThen("v1 followed by another v1 line: only the first is the header",
                ascii("PROXY UNKNOWN\r\nPROXY TCP4 1.2.3.4 5.6.7.8 80 443\r\n"), 35, "v1 PROXY UNSPEC UNSPEC");
        ok("v1 on a v1-only decoder", V1_ONLY, ascii("PROXY TCP4 1.2.3.4 5.6.7.8 80 443\r\n"),
                "v1 PROXY INET STREAM 1.2.3.4:80 > 5.6.7.8:443");
    }

    // ---------------------------------------------------------------- v1 rejected

    /*
     * Offsets in the template "PROXY TCP4 1.2.3.4 5.6.7.8 80 443\r\n": protocol 6, source 11,
     * destination 19, source port 27, destination port 30, CR 33.
     */
    private static void v1Rejected() {
        String line108 = "PROXY UNKNOWN " + MAX6 + " " + MAX6 + " 65535 655350\r\n";
        assertEquals(108, line108.length());
        bad("v1 108 bytes rejected (CR at byte 106)", line108, Stage.FRAME, TOO_LONG, 107);
        bad("v1 109 bytes rejected (CR past the limit)", "PROXY UNKNOWN " + MAX6 + " " + MAX6 + " 65535 6553500\r\n",
                Stage.FRAME, TOO_LONG, 107);
        bad("v1 107 bytes without CRLF rejected", "PROXY UNKNOWN " + "x".repeat(93), Stage.FRAME, TOO_LONG, 107);
        bad("v1 endless line rejected", "PROXY TCP4 " + "1".repeat(300), Stage.FRAME, TOO_LONG, 107);

        bad("v1 lone CR", "PROXY TCP4 1.2.3.4 5.6.7.8 80 443\rX\n", Stage.FRAME, MALFORMED, 33);
        bad("v1 CR CR LF", "PROXY TCP4 1.2.3.4 5.6.7.8 80 443\r\r\n", Stage.FRAME, MALFORMED, 33);
        bad("v1 lone LF at the end", "PROXY TCP4 1.2.3.4 5.6.7.8 80 443\n", Stage.FRAME, MALFORMED, 33);
        bad("v1 lone LF inside the line", "PROXY TCP4 1.2.3.4\n5.6.7.8 80 443\r\n", Stage.FRAME, MALFORMED, 18);
        bad("v1 lone LF in UNKNOWN's ignored part", "PROXY UNKNOWN foo\nbar\r\n", Stage.FRAME, MALFORMED, 17);
        bad("v1 lone CR in UNKNOWN's ignored part", "PROXY UNKNOWN foo\rbar\r\n", Stage.FRAME, MALFORMED, 17);

        bad("v1 leading zero in source port", "PROXY TCP4 1.2.3.4 5.6.7.8 080 443\r\n", Stage.DECODE, MALFORMED, 27);
        bad("v1 leading zero in destination port", "PROXY TCP4 1.2.3.4 5.6.7.8 80 0443\r\n", Stage.DECODE, MALFORMED, 30);
        bad("v1 port 00", "PROXY TCP4 1.2.3.4 5.6.7.8 00 443\r\n", Stage.DECODE, MALFORMED, 27);
        bad("v1 leading zero in a source IPv4 octet", "PROXY TCP4 01.2.3.4 5.6.7.8 80 443\r\n", Stage.DECODE, MALFORMED, 11);
        bad("v1 leading zero in a destination IPv4 octet", "PROXY TCP4 1.2.3.4 5.6.7.08 80 443\r\n", Stage.DECODE, MALFORMED, 19);
        bad("v1 leading zero in TCP6's dotted tail", "PROXY TCP6 ::ffff:1.2.3.04 ::1 80 443\r\n", Stage.DECODE, MALFORMED, 11);
        bad("v1 port +80", "PROXY TCP4 1.2.3.4 5.6.7.8 +80 443\r\n", Stage.DECODE, MALFORMED, 27);
        bad("v1 port -1", "PROXY TCP4 1.2.3.4 5.6.7.8 -1 443\r\n", Stage.DECODE, MALFORMED, 27);
        bad("v1 port with a letter", "PROXY TCP4 1.2.3.4 5.6.7.8 8a 443\r\n", Stage.DECODE, MALFORMED, 28);
        bad("v1 source port 65536", "PROXY TCP4 1.2.3.4 5.6.7.8 65536 443\r\n", Stage.DECODE, MALFORMED, 27);
        bad("v1 destination port 65536", "PROXY TCP4 1.2.3.4 5.6.7.8 80 65536\r\n", Stage.DECODE, MALFORMED, 30);
        bad("v1 port 99999", "PROXY TCP4 1.2.3.4 5.6.7.8 99999 443\r\n", Stage.DECODE, MALFORMED, 27);
        bad("v1 port of six digits", "PROXY TCP4 1.2.3.4 5.6.7.8 100000 443\r\n", Stage.DECODE, MALFORMED, 27);

        bad("v1 empty destination port", "PROXY TCP4 1.2.3.4 5.6.7.8 80 \r\n", Stage.DECODE, MALFORMED, 30);
        bad("v1 empty line after TCP4", "PROXY TCP4 \r\n", Stage.DECODE, MALFORMED, 11);
        bad("v1 missing destination port", "PROXY TCP4 1.2.3.4 5.6.7.8 80\r\n", Stage.DECODE, MALFORMED, 29);
        bad("v1 missing everything after the source", "PROXY TCP4 1.2.3.4\r\n", Stage.DECODE, MALFORMED, 18);
        bad("v1 nothing after PROXY", "PROXY \r\n", Stage.DECODE, MALFORMED, 6);
        bad("v1 TCP4 without its space", "PROXY TCP4\r\n", Stage.DECODE, MALFORMED, 6);
        bad("v1 extra field", "PROXY TCP4 1.2.3.4 5.6.7.8 80 443 x\r\n", Stage.DECODE, MALFORMED, 33);
        bad("v1 trailing space", "PROXY TCP4 1.2.3.4 5.6.7.8 80 443 \r\n", Stage.DECODE, MALFORMED, 33);
        bad("v1 double space after PROXY", "PROXY  TCP4 1.2.3.4 5.6.7.8 80 443\r\n", Stage.DECODE, MALFORMED, 6);
        bad("v1 double space after TCP4", "PROXY TCP4  1.2.3.4 5.6.7.8 80 443\r\n", Stage.DECODE, MALFORMED, 11);
        bad("v1 double space between addresses", "PROXY TCP4 1.2.3.4  5.6.7.8 80 443\r\n", Stage.DECODE, MALFORMED, 19);
        bad("v1 double space before the source port", "PROXY TCP4 1.2.3.4 5.6.7.8  80 443\r\n", Stage.DECODE, MALFORMED, 27);
        bad("v1 double space between ports", "PROXY TCP4 1.2.3.4 5.6.7.8 80  443\r\n", Stage.DECODE, MALFORMED, 30);
        bad("v1 tab as separator", "PROXY TCP4\t1.2.3.4 5.6.7.8 80 443\r\n", Stage.DECODE, MALFORMED, 6);

        notAHeader("v1 lowercase proxy", ascii("proxy TCP4 1.2.3.4 5.6.7.8 80 443\r\n"));
        notAHeader("v1 Proxy", ascii("Proxy TCP4 1.2.3.4 5.6.7.8 80 443\r\n"));
        notAHeader("v1 PROXYjunk", ascii("PROXYjunk\r\n"));
        notAHeader("v1 PROXY without its space", ascii("PROXY\r\n"));
        notAHeader("an HTTP request", ascii(GET));
        notAHeader("a TLS ClientHello", ints(0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03));
        bad("v1 lowercase tcp4", "PROXY tcp4 1.2.3.4 5.6.7.8 80 443\r\n", Stage.DECODE, MALFORMED, 6);
        bad("v1 TCP5", "PROXY TCP5 1.2.3.4 5.6.7.8 80 443\r\n", Stage.DECODE, MALFORMED, 6);
        bad("v1 UNKNOWNX", "PROXY UNKNOWNX\r\n", Stage.DECODE, MALFORMED, 6);
        bad("v1 UNKNOWN followed by a tab", "PROXY UNKNOWN\t1.2.3.4\r\n", Stage.DECODE, MALFORMED, 6);

        bad("v1 TCP4 carrying IPv6 source", "PROXY TCP4 ::1 ::2 80 443\r\n", Stage.DECODE, MALFORMED, 11);
        bad("v1 TCP4 carrying IPv6 destination", "PROXY TCP4 1.2.3.4 ::1 80 443\r\n", Stage.DECODE, MALFORMED, 19);
        bad("v1 TCP4 carrying IPv4-mapped IPv6", "PROXY TCP4 ::ffff:1.2.3.4 5.6.7.8 80 443\r\n", Stage.DECODE, MALFORMED, 11);
        bad("v1 TCP6 carrying IPv4 source", "PROXY TCP6 1.2.3.4 5.6.7.8 80 443\r\n", Stage.DECODE, MALFORMED, 11);
        bad("v1 TCP6 carrying IPv4 destination", "PROXY TCP6 ::1 5.6.7.8 80 443\r\n", Stage.DECODE, MALFORMED, 15);
        bad("v1 zone id fe80::1%eth0", "PROXY TCP6 fe80::1%eth0 fe80::2 80 443\r\n", Stage.DECODE, MALFORMED, 11);
        bad("v1 numeric zone id on destination", "PROXY TCP6 fe80::1 fe80::2%1 80 443\r\n", Stage.DECODE, MALFORMED, 19);
        bad("v1 bracketed IPv6", "PROXY TCP6 [::1] [::2] 80 443\r\n", Stage.DECODE, MALFORMED, 11);
        bad("v1 IPv4 octet 256", "PROXY TCP4 256.2.3.4 5.6.7.8 80 443\r\n", Stage.DECODE, MALFORMED, 11);
        bad("v1 IPv4 three parts (inet_aton shorthand)", "PROXY TCP4 1.2.3 5.6.7.8 80 443\r\n", Stage.DECODE, MALFORMED, 11);
        bad("v1 IPv4 as one number", "PROXY TCP4 16909060 5.6.7.8 80 443\r\n", Stage.DECODE, MALFORMED, 11);
        bad("v1 IPv4 with a hex octet", "PROXY TCP4 0x7f.0.0.1 5.6.7.8 80 443\r\n", Stage.DECODE, MALFORMED, 11);
        bad("v1 NUL inside an address", ascii("PROXY TCP4 1.2.3.4\0 5.6.7.8 80 443\r\n"), Stage.DECODE, MALFORMED, 11);
        // Hostnames: rejected as not literals. Were they resolved, localhost would succeed.
        bad("v1 TCP4 hostname localhost", "PROXY TCP4 localhost 127.0.0.1 80 443\r\n", Stage.DECODE, MALFORMED, 11);
        bad("v1 TCP4 hostname example.com", "PROXY TCP4 127.0.0.1 example.com 80 443\r\n", Stage.DECODE, MALFORMED, 21);
        bad("v1 TCP6 hostname localhost", "PROXY TCP6 localhost ::1 80 443\r\n", Stage.DECODE, MALFORMED, 11);
        bad("v1 TCP6 hostname example.com", "PROXY TCP6 ::1 example.com 80 443\r\n", Stage.DECODE, MALFORMED, 15);
        bad("v1 TCP6 hostname made of hex digits", "PROXY TCP6 cafe.be ::1 80 443\r\n", Stage.DECODE, MALFORMED, 11);

        bad("v1 on a v2-only decoder", V2_ONLY, ascii("PROXY TCP4 1.2.3.4 5.6.7.8 80 443\r\n"),
                Stage.FRAME, VERSION_NOT_ALLOWED, 0);
        bad("v1 UNKNOWN on a v2-only decoder", V2_ONLY, ascii("PROXY UNKNOWN\r\n"), Stage.FRAME, VERSION_NOT_ALLOWED, 0);
    }

    // ---------------------------------------------------------------- v2 accepted

    private static void v2Accepted() {
        ok("v2 PROXY INET STREAM", V2.proxy(TCP4).inet().build(), V2_INET);
        ok("v2 PROXY INET DGRAM", V2.proxy(UDP4).inet().build(), "v2 PROXY INET DGRAM " + INET);
        ok("v2 PROXY INET ports 0 and 65535", V2.proxy(TCP4).addresses("0.0.0.0", 0, "255.255.255.255", 65535).build(),
                "v2 PROXY INET STREAM 0.0.0.0:0 > 255.255.255.255:65535");
        ok("v2 PROXY INET6 STREAM", V2.proxy(TCP6).addresses("2001:db8::1", 65535, "2001:db8::2:0", 1).build(),
                "v2 PROXY INET6 STREAM [2001:db8:0:0:0:0:0:1]:65535 > [2001:db8:0:0:0:0:2:0]:1");
        ok("v2 PROXY INET6 DGRAM", V2.proxy(UDP6).addresses("::1", 53, "fe80::1", 5353).build(),
                "v2 PROXY INET6 DGRAM [0:0:0:0:0:0:0:1]:53 > [fe80:0:0:0:0:0:0:1]:5353");
        ok("v2 PROXY INET6 with IPv4-mapped addresses",
                V2.proxy(TCP6).addresses("::ffff:192.0.2.1", 56324, "::ffff:198.51.100.7", 443).build(),
                "v2 PROXY INET6 STREAM " + INET);
        ok("v2 PROXY UNIX STREAM", V2.proxy(UNIX_STREAM).unix("/var/run/client.sock", "/var/run/haproxy.sock").build(),
                "v2 PROXY UNIX STREAM /var/run/client.sock > /var/run/haproxy.sock");
        ok("v2 PROXY UNIX DGRAM", V2.proxy(UNIX_DGRAM).unix("/tmp/a", "/tmp/b").build(),
                "v2 PROXY UNIX DGRAM /tmp/a > /tmp/b");
        ok("v2 PROXY UNIX paths of 108 bytes without NUL",
                V2.proxy(UNIX_STREAM).bytes(repeat('a', 108)).bytes(repeat('b', 108)).build(),
                "v2 PROXY UNIX STREAM " + "a".repeat(108) + " > " + "b".repeat(108));
        ok("v2 PROXY UNIX path up to its first NUL", V2.proxy(UNIX_STREAM)
                        .ascii("/a").zeros(1).ascii("junk").zeros(101).ascii("/b").zeros(106).build(),
                "v2 PROXY UNIX STREAM /a > /b");
        ok("v2 PROXY UNIX abstract-namespace paths (leading NUL) read as empty",
                V2.proxy(UNIX_STREAM).zeros(1).ascii("abstract").zeros(99).zeros(108).build(),
                "v2 PROXY UNIX STREAM  > ");
        ok("v2 PROXY INET6 then TLVs at 52", V2.proxy(TCP6).addresses("::1", 1, "::2", 2).tlv(Tlv.ALPN, "h2").build(),
                "v2 PROXY INET6 STREAM [0:0:0:0:0:0:0:1]:1 > [0:0:0:0:0:0:0:2]:2 [ALPN h2]");
        ok("v2 PROXY UNIX then TLVs at 232", V2.proxy(UNIX_STREAM).unix("/a", "/b").tlv(Tlv.AUTHORITY, "x.test").build(),
                "v2 PROXY UNIX STREAM /a > /b [AUTHORITY x.test]");

        ok("v2 LOCAL UNSPEC, length 0 (haproxy health check)", V2.local(UNSPEC).build(), "v2 LOCAL UNSPEC UNSPEC");
        ok("v2 LOCAL with a non-empty body skipped", V2.local(UNSPEC).bytes(repeat('z', 20)).build(),
                "v2 LOCAL UNSPEC UNSPEC");
        ok("v2 LOCAL INET: addresses discarded", V2.local(TCP4).inet().build(), "v2 LOCAL INET STREAM");
        ok("v2 LOCAL INET6 DGRAM with a short body", V2.local(UDP6).zeros(3).build(), "v2 LOCAL INET6 DGRAM");
        ok("v2 LOCAL body with broken TLVs and a wrong CRC is not parsed",
                V2.local(TCP4).inet().crc(0xDEADBEEF).tlvDeclaring(Tlv.ALPN, 999, ascii("h2")).build(),
                "v2 LOCAL INET STREAM");
        okThen("v2 PROXY followed by a request in the same segment",
                V2.proxy(TCP4).inet().tlv(Tlv.ALPN, "http/1.1").then(ascii(GET)).build(), GET.length(),
                V2_INET + " [ALPN http/1.1]");
        ok("v2 LOCAL with a correct CRC32C (haproxy check send-proxy-v2 + crc32c)", V2.local(UNSPEC).crc().build(),
                "v2 LOCAL UNSPEC UNSPEC");
        bad("v2 LOCAL with a wrong CRC32C", V2.local(UNSPEC).crc(0x01020304).build(), Stage.DECODE, CRC_MISMATCH, 16 + 3);
        bad("v2 LOCAL INET with a wrong CRC32C after its addresses", V2.local(TCP4).inet().tlv(Tlv.ALPN, "h2")
                .crc(0x01020304).build(), Stage.DECODE, CRC_MISMATCH, 16 + 12 + 5 + 3);
        okThen("v2 LOCAL followed by a TLS ClientHello",
                V2.local(UNSPEC).then(ints(0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5)).build(), 10,
                "v2 LOCAL UNSPEC UNSPEC");
        ok("v2 on a v2-only decoder", V2_ONLY, V2.proxy(TCP4).inet().build(), V2_INET);

        // Length limits: the cap is on the length field, i.e. the bytes after the 16 fixed ones.
        ok("v2 length exactly the default maximum 4096",
                V2.proxy(TCP4).inet().tlv(Tlv.NOOP, new byte[4096 - 12 - 3]).build(), V2_INET);
        ok("v2 length exactly a 216-byte maximum", SMALL, V2.proxy(UNIX_STREAM).unix("/a", "/b").build(),
                "v2 PROXY UNIX STREAM /a > /b");
        ok("v2 length 65535 on a decoder allowing it", HUGE,
                V2.proxy(TCP4).inet().tlv(0xFF, new byte[0xFFFF - 12 - 3]).build(),
                V2_INET + " [RAW 0xff " + "00".repeat(0xFFFF - 15) + "]");

        // TLVs.
        ok("v2 ALPN", V2.proxy(TCP4).inet().tlv(Tlv.ALPN, "h2").build(), V2_INET + " [ALPN h2]");
        ok("v2 AUTHORITY", V2.proxy(TCP4).inet().tlv(Tlv.AUTHORITY, "example.com").build(),
                V2_INET + " [AUTHORITY example.com]");
        ok("v2 AUTHORITY in UTF-8", V2.proxy(TCP4).inet().tlv(Tlv.AUTHORITY, "bücher.example".getBytes(StandardCharsets.UTF_8)).build(),
                V2_INET + " [AUTHORITY bücher.example]");
        ok("v2 UNIQUE_ID", V2.proxy(TCP4).inet().tlv(Tlv.UNIQUE_ID, "abc123").build(), V2_INET + " [UNIQUE_ID abc123]");
        ok("v2 UNIQUE_ID of 128 bytes", V2.proxy(TCP4).inet().tlv(Tlv.UNIQUE_ID, repeat('u', 128)).build(),
                V2_INET + " [UNIQUE_ID " + "u".repeat(128) + "]");
        ok("v2 UNIQUE_ID empty", V2.proxy(TCP4).inet().tlv(Tlv.UNIQUE_ID, new byte[0]).build(), V2_INET + " [UNIQUE_ID ]");
        ok("v2 NETNS", V2.proxy(TCP4).inet().tlv(Tlv.NETNS, "blue").build(), V2_INET + " [NETNS blue]");
        ok("v2 NOOP padding dropped", V2.proxy(TCP4).inet().tlv(Tlv.ALPN, "h2").tlv(Tlv.NOOP, new byte[0])
                        .tlv(Tlv.NOOP, repeat('p', 10)).tlv(Tlv.AUTHORITY, "example.com").build(),
                V2_INET + " [ALPN h2, AUTHORITY example.com]");
        ok("v2 only NOOP padding", V2.proxy(TCP4).inet().tlv(Tlv.NOOP, 0, 0, 0).build(), V2_INET);
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        ok("v2 unknown TLV kept raw byte for byte", V2.proxy(TCP4).inet().tlv(0x06, all).build(),
                V2_INET + " [RAW 0x06 " + hex(all) + "]");
        ok("v2 unknown TLV types 0x00, 0x31, 0xE1, 0xFF kept raw", V2.proxy(TCP4).inet().tlv(0x00, new byte[0])
                        .tlv(0x31, 1).tlv(0xE1, 0xAB, 0xCD).tlv(0xFF, "z").build(),
                V2_INET + " [RAW 0x00, RAW 0x31 01, RAW 0xe1 abcd, RAW 0xff 7a]");
        ok("v2 sub-TLV types at top level are unknown, kept raw", V2.proxy(TCP4).inet().tlv(Tlv.SSL_VERSION, "TLSv1.3").build(),
                V2_INET + " [RAW 0x21 " + hex(ascii("TLSv1.3")) + "]");
        ok("v2 TLVs kept in order, duplicates too", V2.proxy(TCP4).inet().tlv(Tlv.AUTHORITY, "a.test")
                        .tlv(Tlv.ALPN, "h2").tlv(Tlv.AUTHORITY, "b.test").build(),
                V2_INET + " [AUTHORITY a.test, ALPN h2, AUTHORITY b.test]");

        V2 crc = V2.proxy(TCP4).inet().crc();
        ok("v2 CRC32C correct", crc.build(), V2_INET + String.format(" [CRC32C %08x]", crc.crcValue()));
        V2 crcLast = V2.proxy(TCP4).inet().tlv(Tlv.ALPN, "h2").tlv(Tlv.NOOP, 0, 0).crc();
        ok("v2 CRC32C correct after other TLVs and padding", crcLast.build(),
                V2_INET + String.format(" [ALPN h2, CRC32C %08x]", crcLast.crcValue()));
        V2 crc6 = V2.proxy(TCP6).addresses("2001:db8::1", 1, "2001:db8::2", 2).crc().tlv(Tlv.UNIQUE_ID, "id");
        ok("v2 CRC32C correct in INET6", crc6.build(), String.format(
                "v2 PROXY INET6 STREAM [2001:db8:0:0:0:0:0:1]:1 > [2001:db8:0:0:0:0:0:2]:2 [CRC32C %08x, UNIQUE_ID id]",
                crc6.crcValue()));
        V2 crcUnix = V2.proxy(UNIX_STREAM).unix("/s", "/d").crc();
        ok("v2 CRC32C correct in UNIX", crcUnix.build(),
                String.format("v2 PROXY UNIX STREAM /s > /d [CRC32C %08x]", crcUnix.crcValue()));
        V2 crcThen = V2.proxy(TCP4).inet().crc().then(ascii(GET));
        okThen("v2 CRC32C covers the header only, not the request after it", crcThen.build(), GET.length(),
                V2_INET + String.format(" [CRC32C %08x]", crcThen.crcValue()));

        byte[] ssl = sslValue(0x07, 0,
                tlvBytes(Tlv.SSL_VERSION, "TLSv1.3"),
                tlvBytes(Tlv.SSL_CN, "client.example".getBytes(StandardCharsets.UTF_8)),
                tlvBytes(Tlv.SSL_CIPHER, "TLS_AES_256_GCM_SHA384"),
                tlvBytes(Tlv.SSL_SIG_ALG, "RSA-SHA256"),
                tlvBytes(Tlv.SSL_KEY_ALG, "RSA2048"),
                tlvBytes(0x26, ints(0xAA, 0xBB)),
                tlvBytes(Tlv.ALPN, "h2"),
                tlvBytes(Tlv.NOOP, ints(0)));
        ok("v2 SSL with client bits, verify, all sub-TLVs and unknown ones raw", V2.proxy(TCP4).inet().tlv(Tlv.SSL, ssl).build(),
                V2_INET + " [SSL{client=0x07 verify=0x00000000 [VERSION TLSv1.3, CN client.example, "
                        + "CIPHER TLS_AES_256_GCM_SHA384, SIG_ALG RSA-SHA256, KEY_ALG RSA2048, RAW 0x26 aabb, "
                        + "RAW 0x01 6832, RAW 0x04 00]}]");
        ok("v2 SSL verify is a big-endian u32", V2.proxy(TCP4).inet().tlv(Tlv.SSL, sslValue(0x01, 0x80000102)).build(),
                V2_INET + " [SSL{client=0x01 verify=0x80000102 []}]");
        ok("v2 SSL client bit clear", V2.proxy(TCP4).inet().tlv(Tlv.SSL, sslValue(0x00, 1)).build(),
                V2_INET + " [SSL{client=0x00 verify=0x00000001 []}]");
        ok("v2 SSL CN in UTF-8", V2.proxy(TCP4).inet().tlv(Tlv.SSL, sslValue(0x03, 0,
                        tlvBytes(Tlv.SSL_CN, "Jürgen".getBytes(StandardCharsets.UTF_8)))).build(),
                V2_INET + " [SSL{client=0x03 verify=0x00000000 [CN Jürgen]}]");
        byte[] inner = sslValue(0x01, 0, tlvBytes(Tlv.SSL_VERSION, "TLSv1.2"));
        ok("v2 SSL nested in SSL kept raw, not recursed into",
                V2.proxy(TCP4).inet().tlv(Tlv.SSL, sslValue(0x01, 0, tlvBytes(Tlv.SSL, inner))).build(),
                V2_INET + " [SSL{client=0x01 verify=0x00000000 [RAW 0x20 " + hex(inner) + "]}]");
        ok("v2 SSL nested in SSL is not checked either: a 2-byte inner SSL is kept raw",
                V2.proxy(TCP4).inet().tlv(Tlv.SSL, sslValue(0x01, 0, tlvBytes(Tlv.SSL, ints(1, 2)))).build(),
                V2_INET + " [SSL{client=0x01 verify=0x00000000 [RAW 0x20 0102]}]");
        ok("v2 CRC32C inside SSL is only a raw sub-TLV",
                V2.proxy(TCP4).inet().tlv(Tlv.SSL, sslValue(0x01, 0, tlvBytes(Tlv.CRC32C, ints(1, 2, 3)))).build(),
                V2_INET + " [SSL{client=0x01 verify=0x00000000 [RAW 0x03 010203]}]");

        ok("v2 AWS VPC endpoint id (subtype 0x01)",
                V2.proxy(TCP4).inet().tlv(Tlv.AWS, concat(ints(0x01), ascii("vpce-08d2bf15fac5001c9"))).build(),
                V2_INET + " [AWS_VPCE vpce-08d2bf15fac5001c9]");
        ok("v2 AWS other subtype kept raw", V2.proxy(TCP4).inet().tlv(Tlv.AWS, 0x02, 0x41, 0x42).build(),
                V2_INET + " [RAW 0xea 024142]");
        ok("v2 AWS empty kept raw", V2.proxy(TCP4).inet().tlv(Tlv.AWS, new byte[0]).build(), V2_INET + " [RAW 0xea]");
        // 0x12345678 little-endian; big-endian would read 0x78563412 = 2018915346.
        ok("v2 Azure LINKID little-endian", V2.proxy(TCP4).inet().tlv(Tlv.AZURE, 0x01, 0x78, 0x56, 0x34, 0x12).build(),
                V2_INET + " [AZURE_LINKID 305419896]");
        // 0xFE000001 little-endian: unsigned 4261412865; big-endian would read 0x010000FE = 16777470.
        ok("v2 Azure LINKID above 2^31 stays unsigned",
                V2.proxy(TCP4).inet().tlv(Tlv.AZURE, 0x01, 0x01, 0x00, 0x00, 0xFE).build(),
                V2_INET + " [AZURE_LINKID 4261412865]");
        ok("v2 Azure other subtype kept raw", V2.proxy(TCP4).inet().tlv(Tlv.AZURE, 0x02, 1, 2, 3, 4, 5, 6).build(),
                V2_INET + " [RAW 0xee 02010203040506]");
        ok("v2 GCP PSC connection id above Long.MAX_VALUE",
                V2.proxy(TCP4).inet().tlv(Tlv.GCP, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE).build(),
                V2_INET + " [GCP_PSC 18446744073709551614]");
        ok("v2 GCP PSC connection id big-endian",
                V2.proxy(TCP4).inet().tlv(Tlv.GCP, 1, 2, 3, 4, 5, 6, 7, 8).build(),
                V2_INET + " [GCP_PSC 72623859790382856]");

        V2 everything = V2.proxy(TCP4).inet().crc().tlv(Tlv.ALPN, "h2").tlv(Tlv.AUTHORITY, "example.com")
                .tlv(Tlv.UNIQUE_ID, "id-1").tlv(Tlv.SSL, sslValue(0x01, 0, tlvBytes(Tlv.SSL_VERSION, "TLSv1.3")))
                .tlv(Tlv.NETNS, "ns").tlv(Tlv.GCP, 0, 0, 0, 0, 0, 0, 0, 42)
                .tlv(Tlv.AWS, concat(ints(1), ascii("vpce-1"))).tlv(Tlv.AZURE, 1, 42, 0, 0, 0).tlv(Tlv.NOOP, 0);
        ok("v2 every TLV type together, with CRC32C", everything.build(), V2_INET + String.format(
                " [CRC32C %08x, ALPN h2, AUTHORITY example.com, UNIQUE_ID id-1, "
                        + "SSL{client=0x01 verify=0x00000000 [VERSION TLSv1.3]}, NETNS ns, GCP_PSC 42, "
                        + "AWS_VPCE vpce-1, AZURE_LINKID 42]", everything.crcValue()));
    }

    // ---------------------------------------------------------------- v2 rejected

    private static void v2Rejected() {
        byte[] badSig = V2.proxy(TCP4).inet().build();
        badSig[11] = 0x0B;
        notAHeader("v2 signature with its last byte wrong", badSig);
        byte[] badSig4 = V2.proxy(TCP4).inet().build();
        badSig4[4] = 0x01;
        notAHeader("v2 signature with byte 4 not NUL", badSig4);

        bad("v2 PROXY UNSPEC rejected", V2.proxy(UNSPEC).build(), Stage.FRAME, MALFORMED, 13);
        bad("v2 PROXY UNSPEC with a body rejected", V2.proxy(UNSPEC).inet().build(), Stage.FRAME, MALFORMED, 13);

        bad("v2 INET length 11, shorter than the address block", V2.proxy(TCP4).zeros(11).build(), Stage.FRAME, MALFORMED, 14);
        bad("v2 INET length 0", V2.proxy(TCP4).build(), Stage.FRAME, MALFORMED, 14);
        bad("v2 INET6 length 35", V2.proxy(TCP6).zeros(35).build(), Stage.FRAME, MALFORMED, 14);
        bad("v2 UNIX DGRAM length 215", V2.proxy(UNIX_DGRAM).zeros(215).build(), Stage.FRAME, MALFORMED, 14);
        bad("v2 INET length 11 known from the 16 fixed bytes alone", V2.proxy(TCP4).length(11).build(),
                Stage.FRAME, MALFORMED, 14);

        bad("v2 length above the default maximum, from the 16 fixed bytes alone", V2.proxy(TCP4).length(4097).build(),
                Stage.FRAME, TOO_LONG, 14);
        bad("v2 length above the default maximum, whole header present",
                V2.proxy(TCP4).inet().tlv(Tlv.NOOP, new byte[4097 - 15]).build(), Stage.FRAME, TOO_LONG, 14);
        bad("v2 length 65535 above the default maximum", V2.proxy(TCP4).length(0xFFFF).build(), Stage.FRAME, TOO_LONG, 14);
        bad("v2 LOCAL length above the maximum", V2.local(UNSPEC).length(4097).build(), Stage.FRAME, TOO_LONG, 14);
        bad("v2 length 217 above a 216-byte maximum", SMALL, V2.proxy(UNIX_STREAM).length(217).build(),
                Stage.FRAME, TOO_LONG, 14);

        bad("v2 TLV ending with 1 byte of its header", V2.proxy(TCP4).inet().bytes(Tlv.ALPN).build(),
                Stage.DECODE, MALFORMED, T);
        bad("v2 TLV ending with 2 bytes of its header", V2.proxy(TCP4).inet().bytes(Tlv.ALPN, 0).build(),
                Stage.DECODE, MALFORMED, T);
        bad("v2 TLV ending mid-header after a good TLV", V2.proxy(TCP4).inet().tlv(Tlv.ALPN, "h2").bytes(0x02, 0).build(),
                Stage.DECODE, MALFORMED, T + 5);
        bad("v2 TLV value overrunning the header by 3", V2.proxy(TCP4).inet().tlvDeclaring(Tlv.ALPN, 5, ascii("h2")).build(),
                Stage.DECODE, MALFORMED, T + 1);
        bad("v2 TLV value overrunning by 1 in a 65535-byte header", HUGE,
                V2.proxy(TCP4).inet().tlvDeclaring(0xFF, 0xFFFF - 14, new byte[0xFFFF - 15]).build(),
                Stage.DECODE, MALFORMED, T + 1);
        bad("v2 TLV overrunning after good TLVs", V2.proxy(TCP4).inet().tlv(Tlv.ALPN, "h2").tlvDeclaring(0xE5, 2, ints(1)).build(),
                Stage.DECODE, MALFORMED, T + 6);
        bad("v2 NOOP overrunning", V2.proxy(TCP4).inet().tlvDeclaring(Tlv.NOOP, 4, ints(0, 0)).build(),
                Stage.DECODE, MALFORMED, T + 1);

        // SSL at 28: type 28, length 29-30, client 31, verify 32-35, first sub-TLV at 36.
        bad("v2 SSL sub-TLV overrunning the SSL TLV though not the header",
                V2.proxy(TCP4).inet().tlv(Tlv.SSL, concat(sslValue(1, 0), ints(Tlv.SSL_VERSION, 0, 10), ascii("TLSv1.3")))
                        .tlv(Tlv.NOOP, new byte[10]).build(),
                Stage.DECODE, MALFORMED, 37);
        bad("v2 SSL sub-TLV ending mid-header", V2.proxy(TCP4).inet().tlv(Tlv.SSL, concat(sslValue(1, 0), ints(Tlv.SSL_VERSION, 0)))
                        .build(), Stage.DECODE, MALFORMED, 36);
        bad("v2 SSL shorter than 5 bytes", V2.proxy(TCP4).inet().tlv(Tlv.SSL, 1, 0, 0, 0).build(), Stage.DECODE, MALFORMED, T + 1);
        bad("v2 SSL empty", V2.proxy(TCP4).inet().tlv(Tlv.SSL, new byte[0]).build(), Stage.DECODE, MALFORMED, T + 1);

        // CRC32C value at 31 when the CRC32C TLV comes first.
        bad("v2 CRC32C wrong", V2.proxy(TCP4).inet().crc(0xDEADBEEF).build(), Stage.DECODE, CRC_MISMATCH, T + 3);
        byte[] flipped = V2.proxy(TCP4).inet().crc().tlv(Tlv.ALPN, "h2").build();
        flipped[flipped.length - 1] ^= 0x20; // "h2" -> "hR"
        bad("v2 CRC32C over a header changed after it was computed", flipped, Stage.DECODE, CRC_MISMATCH, T + 3);
        byte[] addrFlipped = V2.proxy(TCP4).inet().crc().build();
        addrFlipped[16] ^= 1;
        bad("v2 CRC32C over a changed address", addrFlipped, Stage.DECODE, CRC_MISMATCH, T + 3);
        bad("v2 CRC32C wrong when it is not the first TLV",
                V2.proxy(TCP4).inet().tlv(Tlv.ALPN, "h2").crc(0).build(), Stage.DECODE, CRC_MISMATCH, T + 5 + 3);
        bad("v2 CRC32C of length 3", V2.proxy(TCP4).inet().tlv(Tlv.CRC32C, 1, 2, 3).build(), Stage.DECODE, MALFORMED, T + 1);
        bad("v2 CRC32C of length 5", V2.proxy(TCP4).inet().tlv(Tlv.CRC32C, 1, 2, 3, 4, 5).build(), Stage.DECODE, MALFORMED, T + 1);
        bad("v2 CRC32C of length 0", V2.proxy(TCP4).inet().tlv(Tlv.CRC32C, new byte[0]).build(), Stage.DECODE, MALFORMED, T + 1);
        bad("v2 two CRC32C TLVs", V2.proxy(TCP4).inet().crc(0x11111111).crc(0x22222222).build(),
                Stage.DECODE, MALFORMED, T + 7);
        bad("v2 two CRC32C TLVs, the first correct", V2.proxy(TCP4).inet().crc().crc(0).build(),
                Stage.DECODE, MALFORMED, T + 7);

        bad("v2 UNIQUE_ID of 129 bytes", V2.proxy(TCP4).inet().tlv(Tlv.UNIQUE_ID, repeat('u', 129)).build(),
                Stage.DECODE, MALFORMED, T + 1);
        // 0xE0-0xEF belong to any application (§2.2.8): not the vendor's shape means another
        // application's TLV, kept raw, never a reason to drop the connection.
        ok("v2 0xEE subtype 1 of length 4 is not Azure's: kept raw", V2.proxy(TCP4).inet().tlv(Tlv.AZURE, 1, 2, 3, 4).build(),
                V2_INET + " [RAW 0xee 01020304]");
        ok("v2 0xEE subtype 1 of length 6 is not Azure's: kept raw", V2.proxy(TCP4).inet().tlv(Tlv.AZURE, 1, 2, 3, 4, 5, 6).build(),
                V2_INET + " [RAW 0xee 010203040506]");
        ok("v2 0xEE subtype 1 alone is not Azure's: kept raw", V2.proxy(TCP4).inet().tlv(Tlv.AZURE, 1).build(),
                V2_INET + " [RAW 0xee 01]");
        ok("v2 0xE0 of length 7 is not GCP's: kept raw", V2.proxy(TCP4).inet().tlv(Tlv.GCP, 1, 2, 3, 4, 5, 6, 7).build(),
                V2_INET + " [RAW 0xe0 01020304050607]");
        ok("v2 0xE0 of length 9 is not GCP's: kept raw", V2.proxy(TCP4).inet().tlv(Tlv.GCP, 1, 2, 3, 4, 5, 6, 7, 8, 9).build(),
                V2_INET + " [RAW 0xe0 010203040506070809]");
        ok("v2 empty 0xE0 is not GCP's: kept raw", V2.proxy(TCP4).inet().tlv(Tlv.GCP, new byte[0]).build(),
                V2_INET + " [RAW 0xe0]");

        bad("v2 on a v1-only decoder", V1_ONLY, V2.proxy(TCP4).inet().build(), Stage.FRAME, VERSION_NOT_ALLOWED, 0);
        bad("v2 LOCAL on a v1-only decoder", V1_ONLY, V2.local(UNSPEC).build(), Stage.FRAME, VERSION_NOT_ALLOWED, 0);
        bad("v2 signature alone on a v1-only decoder", V1_ONLY, V2.SIGNATURE, Stage.FRAME, VERSION_NOT_ALLOWED, 0);
    }

    // ---------------------------------------------------------------- bytes 12 and 13, exhaustively

    private static void v2FixedPartExhaustive() {
        for (int version = 0; version < 16; version++) {
            if (version != 2) {
                bad(String.format("v2 version nibble %d rejected (byte 12 = 0x%02x)", version, version << 4 | 1),
                        V2.raw(version << 4 | 1, TCP4).inet().build(), Stage.FRAME, MALFORMED, 12);
            }
        }
        for (int command = 2; command < 16; command++) {
            bad(String.format("v2 command 0x%x neither LOCAL nor PROXY", command),
                    V2.raw(0x20 | command, TCP4).inet().build(), Stage.FRAME, MALFORMED, 12);
        }
        for (int ft = 0; ft < 256; ft++) {
            String fam = String.format("0x%02x", ft);
            switch (ft) {
                case 0x00:
                    ok("v2 LOCAL family/transport " + fam, V2.local(ft).build(), "v2 LOCAL UNSPEC UNSPEC");
                    bad("v2 PROXY family/transport " + fam, V2.proxy(ft).build(), Stage.FRAME, MALFORMED, 13);
                    break;
                case 0x11:
                case 0x12: {
                    String t = ft == 0x11 ? "STREAM" : "DGRAM";
                    ok("v2 LOCAL family/transport " + fam, V2.local(ft).inet().build(), "v2 LOCAL INET " + t);
                    ok("v2 PROXY family/transport " + fam, V2.proxy(ft).inet().build(), "v2 PROXY INET " + t + " " + INET);
                    break;
                }
                case 0x21:
                case 0x22: {
                    String t = ft == 0x21 ? "STREAM" : "DGRAM";
                    byte[] h = V2.proxy(ft).addresses("2001:db8::7", 7, "2001:db8::8", 8).build();
                    ok("v2 LOCAL family/transport " + fam, V2.local(ft).zeros(36).build(), "v2 LOCAL INET6 " + t);
                    ok("v2 PROXY family/transport " + fam, h,
                            "v2 PROXY INET6 " + t + " [2001:db8:0:0:0:0:0:7]:7 > [2001:db8:0:0:0:0:0:8]:8");
                    break;
                }
                case 0x31:
                case 0x32: {
                    String t = ft == 0x31 ? "STREAM" : "DGRAM";
                    ok("v2 LOCAL family/transport " + fam, V2.local(ft).zeros(216).build(), "v2 LOCAL UNIX " + t);
                    ok("v2 PROXY family/transport " + fam, V2.proxy(ft).unix("/x", "/y").build(),
                            "v2 PROXY UNIX " + t + " /x > /y");
                    break;
                }
                default:
                    bad("v2 LOCAL family/transport " + fam + " undefined", V2.local(ft).zeros(216).build(),
                            Stage.FRAME, MALFORMED, 13);
                    bad("v2 PROXY family/transport " + fam + " undefined", V2.proxy(ft).zeros(216).build(),
                            Stage.FRAME, MALFORMED, 13);
            }
        }
    }

    // ---------------------------------------------------------------- running a case

    static Stream<Case> cases() {
        return TABLE.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void conformance(Case c) {
        List<Executable> perKind = new ArrayList<>();
        for (BufferKind kind : BufferKind.values()) {
            perKind.add(() -> run(c, kind));
        }
        assertAll(c.name(), perKind.stream());
    }

    private static void run(Case c, BufferKind kind) throws Exception {
        BufferKind.Placed p = kind.place(c.input());
        String where = c.name() + " on " + kind;
        ProxyHeaderDecoder d = c.decoder();
        Outcome o = c.outcome();
        if (o instanceof NotAHeader) {
            assertEquals(ProxyHeaderDecoder.NOT_A_HEADER, d.frame(p.buf, p.from, p.to), where);
            checkPrefixesOfNonHeader(c, p, where);
        } else if (o instanceof Reject r && r.stage() == Stage.FRAME) {
            ProxyProtocolException e = assertThrows(ProxyProtocolException.class, () -> d.frame(p.buf, p.from, p.to), where);
            assertRejection(r, e, where);
            checkPrefixesOfFrameReject(c, p, r, where);
        } else {
            int trailing = o instanceof Accept a ? a.trailing() : 0;
            int headerLength = c.input().length - trailing;
            assertEquals(headerLength, d.frame(p.buf, p.from, p.to), where + ": frame");
            checkPrefixesOfHeader(c, p, headerLength, where);
            if (o instanceof Accept a) {
                ProxyHeader h = d.decode(p.buf, p.from, headerLength);
                assertEquals(a.rendered(), Render.header(h), where);
                assertEquals(headerLength, h.length(), where + ": length()");
            } else {
                Reject rr = (Reject) o;
                ProxyProtocolException e = assertThrows(ProxyProtocolException.class,
                        () -> d.decode(p.buf, p.from, headerLength), where);
                assertRejection(rr, e, where);
            }
        }
        p.assertUntouched();
    }

    private static void assertRejection(Reject expected, ProxyProtocolException e, String where) {
        assertEquals(expected.reason() + " at " + expected.offset(), e.reason() + " at " + e.offset(),
                where + ": " + e.getMessage());
        assertTrue(e.getMessage().endsWith(" at byte " + e.offset()), e.getMessage());
    }

    /** Every strict prefix of a header is "incomplete" with a hint beyond it and within the maximum. */
    private static void checkPrefixesOfHeader(Case c, BufferKind.Placed p, int headerLength, String where) throws Exception {
        int max = c.decoder().maxHeaderLength();
        for (int k = 0; k < headerLength; k++) {
            int r = c.decoder().frame(p.buf, p.from, p.from + k);
            if (r > 0 || r == ProxyHeaderDecoder.NOT_A_HEADER || -r <= k || -r > max) {
                fail(where + ": prefix of " + k + " bytes framed as " + r + " (max " + max + ")");
            }
        }
    }

    /** Prefixes are incomplete until the bad byte is there, then fail the same way for good. */
    private static void checkPrefixesOfFrameReject(Case c, BufferKind.Placed p, Reject r, String where) {
        boolean thrown = false;
        for (int k = 0; k <= c.input().length; k++) {
            try {
                int n = c.decoder().frame(p.buf, p.from, p.from + k);
                if (thrown || n > 0 || n == ProxyHeaderDecoder.NOT_A_HEADER || -n <= k || -n > c.decoder().maxHeaderLength()) {
                    fail(where + ": prefix of " + k + " bytes framed as " + n);
                }
            } catch (ProxyProtocolException e) {
                assertRejection(r, e, where + " (prefix of " + k + " bytes)");
                thrown = true;
            }
        }
    }

    private static void checkPrefixesOfNonHeader(Case c, BufferKind.Placed p, String where) throws Exception {
        boolean rejected = false;
        for (int k = 0; k <= c.input().length; k++) {
            int n = c.decoder().frame(p.buf, p.from, p.from + k);
            if (n == ProxyHeaderDecoder.NOT_A_HEADER) {
                rejected = true;
            } else if (rejected || n > 0 || -n <= k) {
                fail(where + ": prefix of " + k + " bytes framed as " + n);
            }
        }
    }

    // ---------------------------------------------------------------- NOT_A_HEADER at the first differing byte

    static Stream<Arguments> signaturePositions() {
        byte[] v1 = ascii("PROXY ");
        return Stream.concat(
                IntStream.range(0, v1.length).mapToObj(k -> Arguments.of("v1 \"PROXY \"", v1, k)),
                IntStream.range(0, 12).mapToObj(k -> Arguments.of("v2 signature", V2.SIGNATURE, k)));
    }

    /** Any other byte at position k of "PROXY " or the v2 signature makes frame() say NOT_A_HEADER. */
    @ParameterizedTest(name = "{0} byte {2}")
    @MethodSource("signaturePositions")
    void firstDifferingByteIsNotAHeader(String what, byte[] prefix, int k) throws Exception {
        byte[] valid = prefix.length == 12 ? V2.proxy(TCP4).inet().build() : ascii("PROXY TCP4 1.2.3.4 5.6.7.8 80 443\r\n");
        for (ProxyHeaderDecoder d : List.of(BOTH, V1_ONLY, V2_ONLY)) {
            for (int b = 0; b < 256; b++) {
                if ((byte) b == prefix[k] || (k == 0 && (b == 'P' || b == 0x0D))) {
                    continue;
                }
                byte[] shortInput = Arrays.copyOf(prefix, k + 1);
                shortInput[k] = (byte) b;
                byte[] longInput = valid.clone();
                longInput[k] = (byte) b;
                for (byte[] input : List.of(shortInput, longInput)) {
                    for (BufferKind kind : BufferKind.values()) {
                        BufferKind.Placed p = kind.place(input);
                        assertEquals(ProxyHeaderDecoder.NOT_A_HEADER, d.frame(p.buf, p.from, p.to),
                                what + " byte " + k + " = " + b + " on " + kind);
                        p.assertUntouched();
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- the decoder's own contract

    @Test
    void constructorLimits() {
        assertThrows(IllegalArgumentException.class, () -> new ProxyHeaderDecoder(false, false, 4096));
        assertThrows(IllegalArgumentException.class, () -> new ProxyHeaderDecoder(true, true, 215));
        assertThrows(IllegalArgumentException.class, () -> new ProxyHeaderDecoder(true, true, 0x10000));
        assertEquals(16 + 4096, BOTH.maxHeaderLength());
        assertEquals(107, V1_ONLY.maxHeaderLength());
        assertEquals(16 + 4096, V2_ONLY.maxHeaderLength());
        assertEquals(16 + 216, SMALL.maxHeaderLength());
        assertEquals(16 + 0xFFFF, HUGE.maxHeaderLength());
    }

    @Test
    void emptyInputIsIncomplete() throws Exception {
        for (ProxyHeaderDecoder d : List.of(BOTH, V1_ONLY, V2_ONLY, SMALL)) {
            int r = d.frame(java.nio.ByteBuffer.allocate(0), 0, 0);
            assertTrue(r < 0 && r != ProxyHeaderDecoder.NOT_A_HEADER && -r <= d.maxHeaderLength(), "got " + r);
        }
    }

    @Test
    void decodeRefusesLengthsFrameDidNotReturn() {
        byte[] v1 = ascii("PROXY TCP4 1.2.3.4 5.6.7.8 80 443\r\n");
        byte[] v2 = V2.proxy(TCP4).inet().build();
        assertThrows(IllegalArgumentException.class, () -> BOTH.decode(java.nio.ByteBuffer.wrap(v1), 0, 3));
        assertThrows(IllegalArgumentException.class, () -> BOTH.decode(java.nio.ByteBuffer.wrap(v1), 0, 20));
        assertThrows(IllegalArgumentException.class, () -> BOTH.decode(java.nio.ByteBuffer.wrap(v2), 0, 27));
        assertThrows(IllegalArgumentException.class, () -> BOTH.decode(java.nio.ByteBuffer.wrap(v2), 0, 10));
    }

    @Test
    void tableIsComplete() {
        // Guards against a refactoring that silently drops the generated cases.
        assertTrue(TABLE.size() > 600, "only " + TABLE.size() + " cases");
        assertEquals(TABLE.size(), TABLE.stream().map(Case::name).distinct().count(), "case names must be unique");
        assertNotEquals(0, TABLE.stream().filter(c -> c.outcome() instanceof NotAHeader).count());
    }
}
