package io.proxywrap.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.proxywrap.core.codec.ProxyHeader;
import io.proxywrap.core.codec.ProxyHeaderDecoder;
import io.proxywrap.core.codec.ProxyProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fuzzes {@link ProxyHeaderDecoder}: {@code frame()} on every prefix of the input, then
 * {@code decode()} of whatever it frames, on heap and direct buffers at various offsets.
 *
 * <p>Input format (see {@link SeedCorpus}): byte 0, bits 0-1, the versions the decoder accepts
 * (1 = v1 only, 2 = v2 only, otherwise both), bit 2, make a CRC32C TLV verify
 * ({@link FuzzInput#fixCrc32c}); bytes 1-2, big-endian, its v2 maximum length (below
 * {@link ProxyHeaderDecoder#V2_MIN_MAX_LENGTH}: the default); the rest, the first bytes of a
 * connection.
 *
 * <p>Properties: only {@link ProxyProtocolException} comes out, with an offset inside the bytes
 * looked at; a frame never claims more bytes than are available nor more than
 * {@link ProxyHeaderDecoder#maxHeaderLength()}; an "incomplete" answer asks for more bytes than
 * are available (so a caller gathering them makes progress) and at most that maximum; once a
 * prefix gets a final answer (a length, not-a-header, or a rejection), every longer prefix gets the
 * same one; a decoded header's {@code length()} is the framed length; an accepted v1 TCP4 line is
 * exactly its canonical form; decode never looks past the
 * framed bytes; the buffer's position, limit and contents are left alone; and the outcome is
 * identical on every kind of buffer.
 */
class ProxyHeaderDecoderFuzzTest {

    @FuzzTest
    void frameAndDecode(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        int config = in.u8();
        ProxyHeaderDecoder decoder = FuzzInput.decoder(config, in.u16());
        byte[] bytes = in.rest();
        if ((config & 4) != 0) {
            FuzzInput.fixCrc32c(bytes);
        }
        DirectBuffers.reset();

        checkPrefixes(decoder, bytes);
        String expected = outcome(decoder, Layout.HEAP, bytes);
        for (Layout layout : Layout.values()) {
            assertEquals(expected, outcome(decoder, layout, bytes), layout.name());
        }
    }

    /** frame() on {@code bytes[0, k)} for k = 0, 1, ... until its answer is final. */
    private static void checkPrefixes(ProxyHeaderDecoder decoder, byte[] bytes) {
        int max = decoder.maxHeaderLength();
        // Limit = k, so any read past the bytes offered fails instead of seeing later bytes.
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        for (int k = 0; k <= bytes.length; k++) {
            Framed f = frame(decoder, buf, 0, k);
            if (f.error != null) {
                int offset = f.error.offset();
                assertTrue(offset >= 0 && offset <= k, "frame offset " + offset + " outside " + k + " bytes: " + f);
            } else if (f.result != ProxyHeaderDecoder.NOT_A_HEADER && f.result > 0) {
                assertTrue(f.result <= k, "framed " + f.result + " of " + k + " available");
                assertTrue(f.result <= max, "framed " + f.result + " > maxHeaderLength " + max);
            } else if (f.result != ProxyHeaderDecoder.NOT_A_HEADER) {
                int hint = -f.result;
                assertTrue(hint > k, "hint " + hint + " with " + k + " available: no progress");
                assertTrue(hint <= max, "hint " + hint + " > maxHeaderLength " + max);
                continue;
            }
            // Final: more bytes change nothing.
            if (k < bytes.length) {
                assertEquals(f.toString(), frame(decoder, buf, 0, k + 1).toString(), "prefix " + (k + 1) + " after " + k);
                assertEquals(f.toString(), frame(decoder, buf, 0, bytes.length).toString(), "whole input after " + k);
            }
            return;
        }
    }

    /** What the decoder makes of the whole input placed in a buffer of the given kind. */
    private static String outcome(ProxyHeaderDecoder decoder, Layout layout, byte[] bytes) {
        Placed placed = layout.place(bytes);
        Framed f = frame(decoder, placed.buf, placed.from, placed.from + bytes.length);
        String outcome;
        if (f.error != null || f.result <= 0) {
            outcome = f.toString();
        } else {
            outcome = f + " " + decode(decoder, placed, f.result);
            if (f.result < bytes.length) {
                // Decoding must not depend on, or read, anything after the header.
                Placed exact = layout.place(Arrays.copyOf(bytes, f.result));
                assertEquals(outcome, f + " " + decode(decoder, exact, f.result), "header alone");
            }
        }
        placed.checkUntouched(bytes);
        return outcome;
    }

    private static String decode(ProxyHeaderDecoder decoder, Placed placed, int length) {
        try {
            ProxyHeader header = decoder.decode(placed.buf, placed.from, length);
            assertEquals(length, header.length(), "decoded length");
            assertEquals(placed.buf.get(placed.from) == 'P' ? 1 : 2, header.version(), "version");
            if (header.version() == 1 && header.family() == ProxyHeader.AddressFamily.INET) {
                // Strictness: a TCP4 line is accepted only in its one canonical form.
                String canonical = "PROXY TCP4 " + header.source().getAddress().getHostAddress() + " "
                        + header.destination().getAddress().getHostAddress() + " " + header.source().getPort()
                        + " " + header.destination().getPort() + "\r\n";
                byte[] line = new byte[length];
                for (int i = 0; i < length; i++) {
                    line[i] = placed.buf.get(placed.from + i);
                }
                assertEquals(canonical, new String(line, StandardCharsets.ISO_8859_1), "accepted TCP4 line");
            }
            placed.checkUntouched(null);
            return "header " + header;
        } catch (ProxyProtocolException e) {
            int offset = e.offset();
            assertTrue(offset >= 0 && offset <= length, "decode offset " + offset + " outside " + length + " bytes");
            return "decode rejects " + describe(e);
        }
    }

    private static Framed frame(ProxyHeaderDecoder decoder, ByteBuffer buf, int from, int to) {
        int position = buf.position();
        int limit = buf.limit();
        ByteBuffer bounded = buf.duplicate();
        bounded.limit(to);
        bounded.position(Math.min(position, to));
        Framed f;
        try {
            f = new Framed(decoder.frame(bounded, from, to), null);
        } catch (ProxyProtocolException e) {
            f = new Framed(0, e);
        }
        assertEquals(Math.min(position, to), bounded.position(), "frame moved the position");
        assertEquals(to, bounded.limit(), "frame moved the limit");
        assertEquals(position, buf.position());
        assertEquals(limit, buf.limit());
        return f;
    }

    static String describe(ProxyProtocolException e) {
        return e.reason() + " at " + e.offset() + " (" + e.getMessage() + ")";
    }

    private record Framed(int result, ProxyProtocolException error) {
        @Override
        public String toString() {
            if (error != null) {
                return "frame rejects " + describe(error);
            }
            if (result == ProxyHeaderDecoder.NOT_A_HEADER) {
                return "not a header";
            }
            return result > 0 ? "framed " + result : "incomplete, wants " + -result;
        }
    }

    /** A buffer holding the input at {@code from}, with {@code limit == from + input length}. */
    private record Placed(ByteBuffer buf, int from, int position, byte[] before) {
        /** Position, limit and contents as they were placed (contents against {@code bytes} if given). */
        void checkUntouched(byte[] bytes) {
            assertEquals(position, buf.position(), "position moved");
            assertEquals(from + before.length, buf.limit(), "limit moved");
            byte[] now = new byte[before.length];
            for (int i = 0; i < now.length; i++) {
                now[i] = buf.get(from + i);
            }
            assertArrayEquals(bytes != null ? bytes : before, now, "buffer contents changed");
        }
    }

    /** Heap and direct buffers, at index 0 and further in with the index not the array index. */
    enum Layout {
        HEAP(false, 0, 0),
        /** A slice of a larger array: arrayOffset 7, and the input at index 3 after other bytes. */
        HEAP_OFFSET(false, 7, 3),
        DIRECT(true, 0, 0),
        DIRECT_OFFSET(true, 5, 2);

        private final boolean direct;
        private final int sliceAt;
        private final int from;

        Layout(boolean direct, int sliceAt, int from) {
            this.direct = direct;
            this.sliceAt = sliceAt;
            this.from = from;
        }

        Placed place(byte[] bytes) {
            int size = sliceAt + from + bytes.length;
            ByteBuffer whole = direct ? DirectBuffers.get(size) : ByteBuffer.allocate(size);
            for (int i = 0; i < sliceAt + from; i++) {
                whole.put(i, (byte) 'P'); // bytes before the input that look like a header
            }
            whole.position(sliceAt);
            ByteBuffer buf = whole.slice();
            buf.position(from);
            buf.put(bytes);
            // As a server's buffer right after a read: position at the end of the bytes read.
            buf.limit(buf.position());
            return new Placed(buf, from, buf.position(), bytes.clone());
        }
    }
}
