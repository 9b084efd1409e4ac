package io.proxywrap.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.proxywrap.core.codec.ProxyHeader;
import io.proxywrap.core.codec.ProxyHeaderDecoder;
import io.proxywrap.core.codec.ProxyProtocolException;
import io.proxywrap.core.codec.ProxyProtocolException.Reason;
import io.proxywrap.core.connection.ProxyHeaderReader;
import io.proxywrap.core.connection.ProxyHeaderReader.State;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Fuzzes {@link ProxyHeaderReader}: a connection's bytes are fed through a simulated server in
 * reads of fuzzer-chosen sizes (zero-byte reads included), into one buffer of a fuzzer-chosen kind
 * and capacity of which the server consumes a fuzzer-chosen part after each read, or through the
 * scattering variant into several buffers that already hold some bytes.
 *
 * <p>Input format (see {@link SeedCorpus}), every byte optional:
 * <ol>
 *   <li>mode: bit 0 required (else optional); bit 1 untrusted peer; bits 2-3 versions accepted
 *       (1 = v1 only, 2 = v2 only, else both); bits 4-5 {@link BufferKind}; bit 6 scattering reads;
 *       bit 7 make a CRC32C TLV in the stream's v2 header verify ({@link FuzzInput#fixCrc32c});
 *   <li>two bytes, big-endian: the v2 maximum length (below 216: the default);
 *   <li>the server buffer's capacity, coded by {@link #capacity(int)};
 *   <li>R (mod 32), then R read sizes coded by {@link #readSize(int)}, used in turn (none: read
 *       all that fits);
 *   <li>C (mod 32), then C consumption codes used in turn: how many bytes the server consumes after
 *       a read, 255 meaning all (none: all); for scattering reads, the layout of the buffers;
 *   <li>the rest: the bytes the peer sends, then end of stream.
 * </ol>
 *
 * <p>Properties: only {@link ProxyProtocolException} comes out, and then the reader stays
 * rejected with that same exception; the outcome is the one the decoder gives for the whole
 * stream (a header, no header, a rejection for the same reason at the same offset, or end of
 * stream before or within the header); with a header the server receives exactly the bytes after
 * it, in order, and without one in optional mode exactly the whole stream, and nothing at all
 * otherwise; each read reports exactly the bytes it put before the buffer's position, and 0 while
 * the header is undecided; the bytes the reader holds never exceed the decoder's
 * {@link ProxyHeaderDecoder#maxHeaderLength()}; end of stream always brings a final state; and a
 * bounded number of reads suffices.
 */
class ProxyHeaderReaderFuzzTest {

    /** A read-size code: 0 is a read that returns no bytes, 1-199 that many, then steps of 64. */
    static int readSize(int code) {
        return code < 200 ? code : (code - 199) * 64;
    }

    /** A capacity code: 1-128 bytes one by one, then steps of 32 up to 4192. */
    static int capacity(int code) {
        return code < 128 ? 1 + code : 128 + (code - 128) * 32;
    }

    @FuzzTest
    void fragmentedStream(byte[] data) throws Exception {
        FuzzInput in = new FuzzInput(data);
        int mode = in.u8();
        boolean required = (mode & 1) != 0;
        boolean trusted = (mode & 2) == 0;
        ProxyHeaderDecoder decoder = FuzzInput.decoder(mode >>> 2, in.u16());
        BufferKind kind = BufferKind.values()[(mode >>> 4) & 3];
        boolean scattering = (mode & 0x40) != 0;
        int capacity = capacity(in.u8());
        int[] reads = in.u8s(in.u8() % 32);
        int[] consumes = in.u8s(in.u8() % 32);
        byte[] stream = in.rest();
        if ((mode & 0x80) != 0) {
            FuzzInput.fixCrc32c(stream);
        }
        DirectBuffers.reset();

        Expected expected = Expected.of(decoder, required, trusted, stream);
        Connection connection = new Connection(new ProxyHeaderReader(decoder, required, trusted), decoder,
                stream, reads, consumes);
        if (scattering) {
            connection.runScattering(kind, capacity);
        } else {
            connection.run(kind, capacity);
        }
        expected.check(connection);
    }

    /** Kinds of buffer a server reads into. */
    enum BufferKind {
        HEAP, DIRECT, HEAP_SLICE, DIRECT_SLICE;

        ByteBuffer allocate(int capacity) {
            switch (this) {
                case HEAP:
                    return ByteBuffer.allocate(capacity);
                case DIRECT:
                    return DirectBuffers.get(capacity);
                case HEAP_SLICE: // arrayOffset 7: index 0 is not array index 0
                    return ByteBuffer.allocate(capacity + 7).position(7).slice();
                default:
                    return DirectBuffers.get(capacity + 5).position(5).slice();
            }
        }
    }

    /** One connection through a simulated non-blocking server. */
    static final class Connection {
        private static final byte MARK = 'x';

        final ProxyHeaderReader reader;
        private final ProxyHeaderDecoder decoder;
        private final byte[] stream;
        private final int[] reads;
        private final int[] consumes;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        ProxyProtocolException rejection;
        private int offset;
        private int zeroReadsInARow;

        Connection(ProxyHeaderReader reader, ProxyHeaderDecoder decoder, byte[] stream, int[] reads, int[] consumes) {
            this.reader = reader;
            this.decoder = decoder;
            this.stream = stream;
            this.reads = reads;
            this.consumes = consumes;
        }

        /**
         * Each read step makes progress (a byte read or delivered) except zero-byte reads, of
         * which at most two come in a row; the reader holds back at most a few signature bytes.
         */
        private int maxSteps() {
            return 3 * (stream.length + 64);
        }

        /** How many bytes the next read asks for and gets: -1 at end of stream. */
        private int nextRead(int step, int room) {
            int wanted = reads.length == 0 ? Integer.MAX_VALUE : readSize(reads[step % reads.length]);
            if (wanted == 0 && zeroReadsInARow == 2) {
                wanted = 1; // a socket does not return 0 for ever
            }
            zeroReadsInARow = wanted == 0 ? zeroReadsInARow + 1 : 0;
            if (offset == stream.length) {
                return wanted == 0 ? 0 : -1;
            }
            return Math.min(Math.min(wanted, room), stream.length - offset);
        }

        /** A server reading into one buffer of which it consumes a part after each read. */
        void run(BufferKind kind, int capacity) throws Exception {
            ByteBuffer buf = kind.allocate(capacity);
            for (int step = 0; step < maxSteps(); step++) {
                if (!buf.hasRemaining()) {
                    consume(buf, buf.position()); // a full buffer is processed before the next read
                }
                int before = buf.position();
                int n = nextRead(step, buf.remaining());
                if (n > 0) {
                    buf.put(stream, offset, n);
                    offset += n;
                }
                int result;
                try {
                    result = reader.afterRead(buf, n);
                } catch (ProxyProtocolException e) {
                    rejected(e, () -> reader.afterRead(buf, 0), () -> reader.afterRead(buf, -1));
                    return;
                }
                checkHeld();
                assertEquals(capacity, buf.limit(), "limit changed");
                if (result < 0) {
                    assertEquals(-1, result);
                    assertEquals(-1, n, "end of stream reported for a read that was not");
                    assertEquals(before, buf.position(), "end of stream moved the position");
                    ended(() -> reader.afterRead(buf, -1));
                    consume(buf, buf.position());
                    return;
                }
                int reported = result;
                assertEquals(before + result, buf.position(), () -> "read of " + n + " reported " + reported);
                if (reader.state() == State.AWAITING_HEADER) {
                    assertEquals(0, result, "bytes delivered before the header was decided");
                }
                int code = consumes.length == 0 ? 255 : consumes[step % consumes.length];
                consume(buf, code == 255 ? buf.position() : Math.min(code, buf.position()));
            }
            fail("no end of stream after " + maxSteps() + " reads");
        }

        /**
         * A server with scattering reads: each read goes into three buffers (after an untouched one
         * at index 0) that may already hold bytes or be full; the server takes what each read
         * delivered.
         */
        void runScattering(BufferKind kind, int capacity) throws Exception {
            // Allocated once, as a server does; each read sets their limits and contents anew.
            ByteBuffer[] dsts = new ByteBuffer[4];
            dsts[0] = ByteBuffer.allocate(4).put(MARK);
            for (int i = 0; i < 3; i++) {
                dsts[1 + i] = BufferKind.values()[(kind.ordinal() + i) & 3].allocate(i < 2 ? 8 : capacity);
            }
            for (int step = 0; step < maxSteps(); step++) {
                int code = consumes.length == 0 ? 0 : consumes[step % consumes.length];
                int[] caps = {1 + (code & 7), 1 + (code >>> 3 & 7), capacity};
                int[] before = {(code & 0x40) != 0 ? caps[0] : 0, (code >>> 3 & 7) / 2,
                    (code & 0x80) != 0 ? Math.min(3, capacity - 1) : 0};
                int room = 0;
                for (int i = 0; i < 3; i++) {
                    ByteBuffer dst = dsts[1 + i];
                    dst.clear().limit(caps[i]);
                    for (int p = 0; p < before[i]; p++) {
                        dst.put(MARK);
                    }
                    room += caps[i] - before[i];
                }
                int n = nextRead(step, room);
                for (int i = 0, left = Math.max(n, 0); i < 3; i++) {
                    int part = Math.min(left, dsts[1 + i].remaining());
                    dsts[1 + i].put(stream, offset, part);
                    offset += part;
                    left -= part;
                }
                long result;
                try {
                    result = reader.afterRead(dsts, 1, 3, before, n);
                } catch (ProxyProtocolException e) {
                    // Later reads start where this one's bytes ended.
                    int[] after = {dsts[1].position(), dsts[2].position(), dsts[3].position()};
                    rejected(e, () -> reader.afterRead(dsts, 1, 3, after, 0),
                            () -> reader.afterRead(dsts, 1, 3, after, -1));
                    return;
                }
                checkHeld();
                assertEquals(1, dsts[0].position(), "buffer outside offset/length touched");
                long delivered = 0;
                boolean fullSoFar = true;
                for (int i = 0; i < 3; i++) {
                    ByteBuffer dst = dsts[1 + i];
                    assertEquals(caps[i], dst.limit(), "limit changed");
                    for (int p = 0; p < before[i]; p++) {
                        assertEquals(MARK, dst.get(p), "byte the server already had was overwritten");
                    }
                    int got = dst.position() - before[i];
                    assertTrue(got >= 0, "position moved back before where the read began");
                    if (got != 0 && !fullSoFar) {
                        fail("bytes in buffer " + i + " after one not full");
                    }
                    fullSoFar = !dst.hasRemaining();
                    for (int p = before[i]; p < dst.position(); p++) {
                        received.write(dst.get(p));
                    }
                    delivered += got;
                }
                if (result < 0) {
                    assertEquals(-1, result);
                    assertEquals(-1, n, "end of stream reported for a read that was not");
                    assertEquals(0, delivered, "end of stream with bytes");
                    ended(() -> reader.afterRead(dsts, 1, 3, before, -1));
                    return;
                }
                long reported = result;
                assertEquals(delivered, result, () -> "read of " + n + " reported " + reported);
                if (reader.state() == State.AWAITING_HEADER) {
                    assertEquals(0, result, "bytes delivered before the header was decided");
                }
            }
            fail("no end of stream after " + maxSteps() + " reads");
        }

        private void consume(ByteBuffer buf, int count) {
            buf.flip();
            for (int i = 0; i < count; i++) {
                received.write(buf.get());
            }
            buf.compact();
        }

        /** Held bytes are bounded by the largest header, whatever the server's buffer. */
        private void checkHeld() throws ReflectiveOperationException {
            byte[] held = (byte[]) PENDING.get(reader);
            if (held != null && held.length > decoder.maxHeaderLength()) {
                fail("holds " + held.length + " bytes, more than maxHeaderLength " + decoder.maxHeaderLength());
            }
        }

        private void rejected(ProxyProtocolException e, Read zeroRead, Read endRead) {
            rejection = e;
            assertEquals(State.REJECTED, reader.state());
            assertNull(reader.header());
            for (Read again : new Read[] {zeroRead, endRead}) {
                try {
                    again.run();
                    fail("a rejected connection read again");
                } catch (ProxyProtocolException thrown) {
                    assertSame(e, thrown, "a rejected connection fails every read the same way");
                }
            }
        }

        private void ended(Read endRead) throws ProxyProtocolException {
            State state = reader.state();
            assertTrue(state == State.PASSING_THROUGH || state == State.CLOSED_BEFORE_HEADER
                    || state == State.CLOSED_MID_HEADER, "end of stream left " + state);
            assertEquals(-1, endRead.run(), "end of stream again");
            assertEquals(state, reader.state());
        }
    }

    private interface Read {
        long run() throws ProxyProtocolException;
    }

    /** The reader's held bytes, read reflectively so the main code needs no test hook. */
    private static final Field PENDING;

    static {
        try {
            PENDING = ProxyHeaderReader.class.getDeclaredField("pending");
            PENDING.setAccessible(true);
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What must happen to a stream, from the decoder's verdict on all of it at once. */
    record Expected(State state, String header, byte[] delivered, Reason reason, String decoderRejection) {

        static Expected of(ProxyHeaderDecoder decoder, boolean required, boolean trusted, byte[] stream) {
            if (stream.length == 0) {
                return new Expected(State.CLOSED_BEFORE_HEADER, null, new byte[0], null, null);
            }
            if (required && !trusted) {
                return rejected(Reason.UNTRUSTED);
            }
            ByteBuffer buf = ByteBuffer.wrap(stream);
            int framed;
            ProxyHeader header;
            try {
                framed = decoder.frame(buf, 0, stream.length);
                if (framed <= 0 && framed != ProxyHeaderDecoder.NOT_A_HEADER) {
                    // End of stream within what may still be a header.
                    int signature = stream[0] == 'P'
                            ? ProxyHeaderDecoder.V1_SIGNATURE_LENGTH : ProxyHeaderDecoder.V2_SIGNATURE_LENGTH;
                    if (!required && stream.length < signature) {
                        return new Expected(State.PASSING_THROUGH, null, stream, null, null);
                    }
                    return new Expected(State.CLOSED_MID_HEADER, null, new byte[0], null, null);
                }
                if (framed == ProxyHeaderDecoder.NOT_A_HEADER) {
                    return required ? rejected(Reason.MISSING)
                            : new Expected(State.PASSING_THROUGH, null, stream, null, null);
                }
                header = decoder.decode(buf, 0, framed);
            } catch (ProxyProtocolException e) {
                return new Expected(State.REJECTED, null, new byte[0], e.reason(),
                        ProxyHeaderDecoderFuzzTest.describe(e));
            }
            if (!trusted) {
                return rejected(Reason.UNTRUSTED);
            }
            return new Expected(State.PASSING_THROUGH, header.toString(),
                    Arrays.copyOfRange(stream, framed, stream.length), null, null);
        }

        private static Expected rejected(Reason reason) {
            return new Expected(State.REJECTED, null, new byte[0], reason, null);
        }

        void check(Connection c) {
            assertEquals(state, c.reader.state(), "final state");
            if (state == State.REJECTED) {
                assertNotNull(c.rejection);
                assertEquals(reason, c.rejection.reason(), ProxyHeaderDecoderFuzzTest.describe(c.rejection));
                if (decoderRejection != null) {
                    assertEquals(decoderRejection, ProxyHeaderDecoderFuzzTest.describe(c.rejection));
                }
            }
            ProxyHeader got = c.reader.header();
            assertEquals(header, got == null ? null : got.toString(), "header");
            assertArrayEquals(delivered, c.received.toByteArray(), "bytes the server received");
        }
    }
}
