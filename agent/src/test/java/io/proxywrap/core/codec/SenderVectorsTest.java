package io.proxywrap.core.codec;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import io.proxywrap.core.testing.SenderVectors;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bytes real haproxy, nginx and curl sent ({@code shared/vectors/senders.tsv}, path in the
 * system property {@code test.proxywrap.vectors}) decode to exactly what the file's fourth column
 * says, and {@code frame} stops at the end of the header so the bytes after it stay intact.
 *
 * <p>The fourth column is read with a small grammar ({@link Expected#parse}); a row whose
 * description it cannot read fails, so a new row is never silently skipped.
 */
class SenderVectorsTest {

    @Test
    void fileHasTheCapturedRows() throws IOException {
        List<SenderVectors> rows = SenderVectors.all();
        assertTrue(rows.size() >= 8, "only " + rows.size() + " rows");
        assertEquals(rows.size(), rows.stream().map(SenderVectors::name).distinct().count(), "row names must be unique");
        // Every description must be readable, including "...as above" references.
        Expected previous = null;
        for (SenderVectors r : rows) {
            previous = Expected.parse(r.decodesTo(), previous);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.proxywrap.core.testing.SenderVectors#all")
    void decodesAsDescribed(SenderVectors row) throws IOException {
        Expected expected = expectationFor(row);
        int headerLength = headerLength(row.bytes());
        byte[] after = Arrays.copyOfRange(row.bytes(), headerLength, row.bytes().length);
        if (expected.trailing == null) {
            assertEquals(0, after.length, "bytes after the header, but the description mentions none");
        } else {
            assertTrue(expected.trailing.startsWith("a plain HTTP GET"), "unknown trailing: " + expected.trailing);
            String text = new String(after, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("GET / HTTP/1.1\r\n") && text.endsWith("\r\n\r\n"), text);
        }

        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
        List<Executable> perKind = new ArrayList<>();
        for (BufferKind kind : BufferKind.values()) {
            perKind.add(() -> {
                BufferKind.Placed p = kind.place(row.bytes());
                String where = row.name() + " on " + kind;
                for (int k = 0; k < headerLength; k++) {
                    int r = decoder.frame(p.buf, p.from, p.from + k);
                    assertTrue(r <= 0 && r != ProxyHeaderDecoder.NOT_A_HEADER && -r > k,
                            where + ": prefix of " + k + " bytes framed as " + r);
                }
                assertEquals(headerLength, decoder.frame(p.buf, p.from, p.to), where + ": frame");
                ProxyHeader h = decoder.decode(p.buf, p.from, headerLength);
                expected.check(h, where);
                p.assertUntouched();
                byte[] rest = new byte[p.to - p.from - headerLength];
                for (int i = 0; i < rest.length; i++) {
                    rest[i] = p.buf.get(p.from + headerLength + i);
                }
                assertArrayEquals(after, rest, where + ": bytes after the header");
            });
        }
        assertAll(row.name(), perKind.stream());

        // The CRC32C in the file, checked with the JDK's own implementation too.
        if (expected.crc != null) {
            assertEquals(expected.crc, jdkCrc32c(row.bytes(), headerLength), "CRC32C of " + row.name());
        }
    }

    /** The description of a row, resolving "...as above" against the rows before it. */
    private static Expected expectationFor(SenderVectors row) throws IOException {
        Expected previous = null;
        for (SenderVectors r : SenderVectors.all()) {
            Expected e = Expected.parse(r.decodesTo(), previous);
            if (r.name().equals(row.name())) {
                return e;
            }
            previous = e;
        }
        throw new AssertionError(row.name());
    }

    /** Header length from the bytes alone: v1 up to the first CRLF, v2 16 + its length field. */
    private static int headerLength(byte[] b) {
        if (b[0] == 'P') {
            for (int i = 0; i + 1 < b.length; i++) {
                if (b[i] == '\r' && b[i + 1] == '\n') {
                    return i + 2;
                }
            }
            throw new AssertionError("v1 without CRLF");
        }
        assertArrayEquals(V2.SIGNATURE, Arrays.copyOf(b, 12));
        return 16 + ((b[14] & 0xFF) << 8 | (b[15] & 0xFF));
    }

    /** java.util.zip.CRC32C over the header with the CRC32C TLV's value zeroed (§2.2.5). */
    private static int jdkCrc32c(byte[] bytes, int headerLength) {
        byte[] h = Arrays.copyOf(bytes, headerLength);
        int p = 16 + 12; // all the v2 rows with TLVs are INET
        while (p < headerLength) {
            int type = h[p] & 0xFF;
            int len = (h[p + 1] & 0xFF) << 8 | (h[p + 2] & 0xFF);
            if (type == Tlv.CRC32C) {
                Arrays.fill(h, p + 3, p + 7, (byte) 0);
            }
            p += 3 + len;
        }
        CRC32C crc = new CRC32C();
        crc.update(h);
        return (int) crc.getValue();
    }

    /** What column 4 says a row decodes to. */
    static final class Expected {
        int version;
        String command;
        String family;
        String transport;
        Integer bodyLength;
        String source;
        String destination;
        boolean realAddresses;
        /** Rendered as {@link Render#tlv}; empty when the row says "no TLV" or names none. */
        List<String> tlvs = List.of();
        String ssl;
        Integer crc;
        String trailing;

        private static final Pattern V1 = Pattern.compile("v1 (TCP4|TCP6|UNKNOWN)(?: src (\\S+) dst (\\S+))?");
        private static final Pattern V2_ = Pattern.compile(
                "v2 (PROXY|LOCAL) (UNSPEC|INET|INET6|UNIX)(?: (STREAM|DGRAM))?(?: len (\\d+))?"
                        + "(?: src (\\S+) dst (\\S+))?(, no TLV|; TLVs (.*))?");
        private static final Pattern SSL = Pattern.compile("SSL\\{client=0x([0-9a-f]{2}) verify=(\\d+); (.*)\\}");
        private static final Pattern SUB = Pattern.compile("(VERSION|CN|CIPHER|SIG_ALG|KEY_ALG) (\\S+)");
        private static final Pattern SIMPLE = Pattern.compile("(ALPN|AUTHORITY|UNIQUE_ID) (\\S+)");
        private static final Pattern CRC = Pattern.compile("CRC32C ([0-9a-f]{8})");

        static Expected parse(String description, Expected previous) {
            Expected e = new Expected();
            String d = description.replaceAll("\\s*\\([^()]*\\)", ""); // remarks in parentheses
            int then = d.indexOf("; then ");
            if (then >= 0) {
                e.trailing = d.substring(then + "; then ".length());
                d = d.substring(0, then);
            }
            String realRemark = ": use the real socket addresses";
            if (d.endsWith(realRemark)) {
                e.realAddresses = true;
                d = d.substring(0, d.length() - realRemark.length());
            }
            Matcher m;
            if ((m = V1.matcher(d)).matches()) {
                e.version = 1;
                e.command = "PROXY";
                e.family = switch (m.group(1)) {
                    case "TCP4" -> "INET";
                    case "TCP6" -> "INET6";
                    default -> "UNSPEC";
                };
                e.transport = m.group(1).equals("UNKNOWN") ? "UNSPEC" : "STREAM";
                e.source = m.group(2);
                e.destination = m.group(3);
            } else if ((m = V2_.matcher(d)).matches()) {
                e.version = 2;
                e.command = m.group(1);
                e.family = m.group(2);
                e.transport = m.group(3);
                e.bodyLength = m.group(4) == null ? null : Integer.valueOf(m.group(4));
                e.source = m.group(5);
                e.destination = m.group(6);
                if (m.group(8) != null) {
                    e.tlvs = new ArrayList<>();
                    for (String item : splitTopLevel(m.group(8))) {
                        e.tlvs.add(e.tlv(item, previous, description));
                    }
                }
            } else {
                throw new AssertionError("cannot read the description \"" + description + "\"");
            }
            if ((e.source == null) != (e.destination == null)) {
                throw new AssertionError("source without destination in " + description);
            }
            return e;
        }

        private String tlv(String item, Expected previous, String description) {
            Matcher m;
            if ((m = CRC.matcher(item)).matches()) {
                crc = Integer.parseUnsignedInt(m.group(1), 16);
                return "CRC32C " + m.group(1);
            }
            if ((m = SIMPLE.matcher(item)).matches()) {
                return item;
            }
            if (item.equals("SSL{...as above}")) {
                if (previous == null || previous.ssl == null) {
                    throw new AssertionError("\"as above\" with no SSL above: " + description);
                }
                ssl = previous.ssl;
                return ssl;
            }
            if ((m = SSL.matcher(item)).matches()) {
                List<String> subs = new ArrayList<>();
                for (String sub : m.group(3).split(", ")) {
                    if (!SUB.matcher(sub).matches()) {
                        throw new AssertionError("cannot read SSL sub-TLV \"" + sub + "\" in " + description);
                    }
                    subs.add(sub);
                }
                ssl = String.format("SSL{client=0x%s verify=0x%08x %s}", m.group(1), Long.parseLong(m.group(2)),
                        subs.stream().collect(Collectors.joining(", ", "[", "]")));
                return ssl;
            }
            throw new AssertionError("cannot read TLV \"" + item + "\" in " + description);
        }

        /** Splits at ", " outside braces. */
        private static List<String> splitTopLevel(String s) {
            List<String> out = new ArrayList<>();
            int depth = 0;
            int start = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                } else if (depth == 0 && s.startsWith(", ", i)) {
                    out.add(s.substring(start, i));
                    start = i + 2;
                }
            }
            out.add(s.substring(start));
            return out;
        }

        void check(ProxyHeader h, String where) {
            assertEquals(version, h.version(), where + ": version");
            assertEquals(command, h.command().name(), where + ": command");
            assertEquals(family, h.family().name(), where + ": family");
            if (transport != null) {
                assertEquals(transport, h.transport().name(), where + ": transport");
            }
            if (bodyLength != null) {
                assertEquals(16 + bodyLength, h.length(), where + ": length");
            }
            if (source != null) {
                assertTrue(h.hasInetAddresses(), where);
                assertEquals(source, Render.address(h.source()), where + ": source");
                assertEquals(destination, Render.address(h.destination()), where + ": destination");
            } else {
                assertFalse(h.hasInetAddresses(), where + ": addresses where the row names none");
            }
            if (realAddresses) {
                assertFalse(h.hasInetAddresses(), where + ": should leave the real socket addresses");
            }
            assertEquals(tlvs, h.tlvs().stream().map(Render::tlv).collect(Collectors.toList()), where + ": TLVs");
            Render.header(h); // and the accessors' invariants
            if (ssl != null) {
                assertTrue(h.ssl().clientUsedSsl(), where);
            }
        }
    }
}
