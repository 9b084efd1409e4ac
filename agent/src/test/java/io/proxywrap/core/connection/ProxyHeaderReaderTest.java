package io.proxywrap.core.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.core.codec.ProxyHeader;
import io.proxywrap.core.codec.ProxyHeaderDecoder;
import io.proxywrap.core.codec.ProxyProtocolException;
import io.proxywrap.core.codec.Tlv;
import io.proxywrap.core.codec.V2;
import io.proxywrap.core.codec.ProxyProtocolException.Reason;
import io.proxywrap.core.connection.ProxyHeaderReader.State;
import io.proxywrap.core.testing.SenderVectors;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyHeaderReaderTest {

    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V1 = ascii("PROXY TCP4 192.0.2.1 198.51.100.2 51000 8080\r\n");

    /** Kinds of buffer a server may read into; the reader must work on all of them. */
    enum BufferKind {
        HEAP(ByteBuffer::allocate),
        DIRECT(ByteBuffer::allocateDirect),
        /** A heap slice: arrayOffset is not 0, absolute index 0 is not array index 0. */
        HEAP_SLICE(capacity -> ByteBuffer.allocate(capacity + 7).position(7).slice()),
        DIRECT_SLICE(capacity -> ByteBuffer.allocateDirect(capacity + 5).position(5).slice());

        final IntFunction<ByteBuffer> allocate;

        BufferKind(IntFunction<ByteBuffer> allocate) {
            this.allocate = allocate;
        }
    }

    /** Every vector sent with the request, split at every byte boundary, on every kind of buffer. */
    static Stream<Arguments> vectorsAtEverySplit() {
        List<Arguments> cases = new ArrayList<>();
        for (SenderVectors vector : SenderVectors.all()) {
            for (BufferKind kind : BufferKind.values()) {
                cases.add(Arguments.of(vector, kind));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("vectorsAtEverySplit")
    void everySplitPointDeliversEveryByteAfterTheHeaderOnce(SenderVectors vector, BufferKind kind) throws Exception {
        int headerLength = headerLength(vector.bytes());
        byte[] stream = concat(vector.bytes(), REQUEST);
        byte[] payload = Arrays.copyOfRange(stream, headerLength, stream.length);
        for (int split = 0; split <= stream.length; split++) {
            ServerSimulation server = new ServerSimulation(kind, 512, new int[] {split, stream.length});
            server.run(stream);
            assertArrayEquals(payload, server.received(), vector + " split at " + split);
            assertEquals(headerLength, server.reader.header().length(), vector + " split at " + split);
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("vectorsAtEverySplit")
    void oneBytePerRead(SenderVectors vector, BufferKind kind) throws Exception {
        byte[] stream = concat(vector.bytes(), REQUEST);
        ServerSimulation server = new ServerSimulation(kind, 64, new int[] {1});
        server.run(stream);
        int headerLength = headerLength(vector.bytes());
        assertArrayEquals(Arrays.copyOfRange(stream, headerLength, stream.length), server.received());
        assertEquals(State.PASSING_THROUGH, server.reader.state());
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void headerAndRequestInOneReadCostNoBufferAndLeaveTheRequestAtTheReadStart(BufferKind kind) throws Exception {
        ByteBuffer buf = kind.allocate.apply(256);
        buf.put(ascii("KEPT")); // bytes the server already had before this read
        buf.put(V1).put(REQUEST);
        ProxyHeaderReader reader = reader(true);

        int n = reader.afterRead(buf, V1.length + REQUEST.length);

        assertEquals(REQUEST.length, n);
        assertEquals(4 + REQUEST.length, buf.position());
        byte[] seen = new byte[buf.position()];
        buf.flip();
        buf.get(seen);
        assertArrayEquals(concat(ascii("KEPT"), REQUEST), seen);
        ProxyHeader header = reader.header();
        assertEquals("192.0.2.1", header.source().getHostString());
        assertEquals(51000, header.source().getPort());
        assertEquals("198.51.100.2", header.destination().getHostString());
        assertEquals(8080, header.destination().getPort());
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void payloadLargerThanTheBufferArrivesWholeAndInOrder(BufferKind kind) throws Exception {
        byte[] body = new byte[200_000];
        new Random(42).nextBytes(body);
        byte[] stream = concat(V1, body);
        for (int[] chunks : new int[][] {{1}, {7, 3, 4096}, {V1.length + 10, 1000}, {100_000}}) {
            ServerSimulation server = new ServerSimulation(kind, 1024, chunks);
            server.run(stream);
            assertArrayEquals(body, server.received(), "chunks " + Arrays.toString(chunks));
        }
    }

    @Test
    void endOfStreamBeforeAnyByteIsItsOwnOutcome() throws Exception {
        ProxyHeaderReader reader = reader(true);
        ByteBuffer buf = ByteBuffer.allocate(64);
        assertEquals(0, reader.afterRead(buf, 0));
        assertEquals(-1, reader.afterRead(buf, -1));
        assertEquals(State.CLOSED_BEFORE_HEADER, reader.state());
        assertNull(reader.header());
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void endOfStreamMidHeaderIsNotABadHeader(BufferKind kind) throws Exception {
        for (int cut = 1; cut < V1.length; cut++) {
            ProxyHeaderReader reader = reader(true);
            ByteBuffer buf = kind.allocate.apply(64);
            buf.put(V1, 0, cut);
            assertEquals(0, reader.afterRead(buf, cut));
            assertEquals(0, buf.position(), "held bytes are not the server's");
            assertEquals(-1, reader.afterRead(buf, -1));
            assertEquals(State.CLOSED_MID_HEADER, reader.state());
        }
    }

    @Test
    void badHeaderRejectsEveryReadAfter() {
        ProxyHeaderReader reader = reader(true);
        ByteBuffer buf = ByteBuffer.allocate(64);
        buf.put(ascii("PROXY TCP4 1.2.3.4 5.6.7.8 080 1\r\n"));
        ProxyProtocolException first = assertThrows(ProxyProtocolException.class,
                () -> reader.afterRead(buf, buf.position()));
        assertEquals(Reason.MALFORMED, first.reason());
        assertEquals(State.REJECTED, reader.state());
        assertThrows(ProxyProtocolException.class, () -> reader.afterRead(buf, 0));
        assertThrows(ProxyProtocolException.class, () -> reader.afterRead(buf, -1));
    }

    @Test
    void requiredModeRejectsAConnectionWithoutHeaderAndQuotesItsFirstBytes() {
        ProxyHeaderReader reader = reader(true);
        ByteBuffer buf = ByteBuffer.allocate(64).put(REQUEST);
        ProxyProtocolException e = assertThrows(ProxyProtocolException.class,
                () -> reader.afterRead(buf, REQUEST.length));
        assertEquals(Reason.MISSING, e.reason());
        assertEquals("no PROXY header: the connection starts with \"GET / HT...\" at byte 0", e.getMessage());
    }

    @Test
    void requiredModeDecidesOnTheFirstByteThatCannotStartAHeader() {
        ProxyHeaderReader reader = reader(true);
        ByteBuffer buf = ByteBuffer.allocate(64).put(ascii("PR"));
        assertDoesNotThrowZero(reader, buf, 2);
        buf.put(ascii("I"));
        ProxyProtocolException e = assertThrows(ProxyProtocolException.class, () -> reader.afterRead(buf, 1));
        assertEquals("no PROXY header: the connection starts with \"PRI\" at byte 0", e.getMessage());
    }

    @Test
    void optionalModePassesAConnectionWithoutHeaderThroughUntouched() throws Exception {
        byte[] h2Preface = ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        for (BufferKind kind : BufferKind.values()) {
            for (int[] chunks : new int[][] {{1}, {2, 100}, {5, 1}, {100}}) {
                ServerSimulation server = new ServerSimulation(kind, 64, chunks, reader(false));
                server.run(h2Preface);
                assertArrayEquals(h2Preface, server.received(), kind + " " + Arrays.toString(chunks));
                assertNull(server.reader.header());
            }
        }
    }

    @Test
    void optionalModeOwesBytesThatDoNotFitAndDeliversThemNext() throws Exception {
        // "PROX" held back, then a read that fills the server's 8-byte buffer: 12 bytes for 8 places.
        ProxyHeaderReader reader = reader(false);
        ByteBuffer buf = ByteBuffer.allocate(8);
        buf.put(ascii("PROX"));
        assertEquals(0, reader.afterRead(buf, 4));
        buf.put(ascii("IMATE123"));
        assertEquals(8, reader.afterRead(buf, 8));
        assertEquals("PROXIMAT", drain(buf));
        assertEquals(4, reader.afterRead(buf, 0)); // nothing new from the socket: owed bytes first
        assertEquals("E123", drain(buf));
        buf.put(ascii("!"));
        assertEquals(1, reader.afterRead(buf, 1));
        assertEquals("!", drain(buf));
    }

    @Test
    void optionalModeGivesBackAnUnfinishedSignatureAtEndOfStream() throws Exception {
        ProxyHeaderReader reader = reader(false);
        ByteBuffer buf = ByteBuffer.allocate(16).put(ascii("PRO"));
        assertEquals(0, reader.afterRead(buf, 3));
        assertEquals(3, reader.afterRead(buf, -1));
        assertEquals("PRO", drain(buf));
        assertEquals(-1, reader.afterRead(buf, -1));
    }

    /**
     * A server that keeps its buffer after a failed read (Jetty's fill() turns the exception into
     * end of stream, then parses what is there) must find nothing of the rejected read in it:
     * the bytes before the read stay, the read's own are gone.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET / HTTP/1.1\r\n\r\n", "PROXY TCP4 nonsense\r\nGET / HTTP/1.1\r\n\r\n",
        "PROXY TCP4 192.0.2.1 198.51.100.2 51000 8080\nGET /"})
    void aRejectedReadLeavesTheBufferAsItWasBeforeTheRead(String bytes) {
        ProxyHeaderReader reader = reader(true);
        ByteBuffer buf = ByteBuffer.allocate(256).put(ascii("earlier"));
        buf.put(ascii(bytes));
        assertThrows(ProxyProtocolException.class, () -> reader.afterRead(buf, bytes.length()));
        assertEquals("earlier", drain(buf));
    }

    @Test
    void aRejectedScatteringReadLeavesEveryBufferAsItWas() {
        ProxyHeaderReader reader = reader(true);
        ByteBuffer[] dsts = {ByteBuffer.allocate(4).put(ascii("ab")), ByteBuffer.allocate(64)};
        int[] before = {2, 0};
        byte[] stream = REQUEST;
        scatter(stream, 0, stream.length, dsts);
        assertThrows(ProxyProtocolException.class, () -> reader.afterRead(dsts, 0, 2, before, stream.length));
        assertEquals(2, dsts[0].position());
        assertEquals(0, dsts[1].position());
    }

    /** Feeds {@code bytes} as one read into a fresh buffer, returning what the server would see. */
    private static int read(ProxyHeaderReader reader, byte[] bytes) throws ProxyProtocolException {
        ByteBuffer buf = ByteBuffer.allocate(256).put(bytes);
        return reader.afterRead(buf, bytes.length);
    }

    /** A connection closed after its header's time was up timed out; before, it just ended. */
    @ParameterizedTest(name = "{0} bytes of a header")
    @ValueSource(ints = {0, 10})
    void endOfStreamAfterTheDeadlineIsATimeout(int received) throws Exception {
        ProxyHeaderReader inTime = reader(true);
        assertEquals(0, read(inTime, Arrays.copyOf(V1, received)));
        assertEquals(-1, inTime.afterRead(ByteBuffer.allocate(16), -1));

        ProxyHeaderReader late = reader(true);
        assertEquals(0, read(late, Arrays.copyOf(V1, received)));
        late.expire();
        ProxyProtocolException e = assertThrows(ProxyProtocolException.class,
                () -> late.afterRead(ByteBuffer.allocate(16), -1));
        assertEquals(Reason.TIMEOUT, e.reason());
        assertEquals(ProxyHeaderReader.State.REJECTED, late.state());
    }

    @Test
    void anExpiredReaderRejectsTheRestOfAHeaderBegunInTime() throws Exception {
        ProxyHeaderReader reader = reader(true);
        assertEquals(0, read(reader, Arrays.copyOf(V1, 10)));
        reader.expire();
        ProxyProtocolException e = assertThrows(ProxyProtocolException.class,
                () -> read(reader, Arrays.copyOfRange(V1, 10, V1.length)));
        assertEquals(Reason.TIMEOUT, e.reason());
        assertEquals(ProxyHeaderReader.State.REJECTED, reader.state());
        assertSame(e, assertThrows(ProxyProtocolException.class, () -> read(reader, REQUEST)), "rejected for good");
    }

    @Test
    void anExpiredReaderRejectsAWholeHeaderThatArrivesLate() {
        for (boolean required : new boolean[] {true, false}) {
            ProxyHeaderReader reader = reader(required);
            reader.expire();
            ProxyProtocolException e = assertThrows(ProxyProtocolException.class, () -> read(reader, V1));
            assertEquals(Reason.TIMEOUT, e.reason(), required ? "required" : "optional");
        }
    }

    @Test
    void expiryDoesNotChangeHowAConnectionWithoutAHeaderIsJudged() throws Exception {
        ProxyHeaderReader optional = reader(false);
        optional.expire();
        assertEquals(REQUEST.length, read(optional, REQUEST), "optional mode: served with its socket addresses");

        ProxyHeaderReader required = reader(true);
        required.expire();
        ProxyProtocolException e = assertThrows(ProxyProtocolException.class, () -> read(required, REQUEST));
        assertEquals(Reason.MISSING, e.reason());
    }

    @Test
    void expiryAfterTheHeaderChangesNothing() throws Exception {
        ProxyHeaderReader reader = reader(true);
        assertEquals(REQUEST.length, read(reader, concat(V1, REQUEST)));
        reader.expire();
        assertEquals(REQUEST.length, read(reader, REQUEST));
    }

    @Test
    void optionalModeStillRejectsABadHeader() {
        ProxyHeaderReader reader = reader(false);
        ByteBuffer buf = ByteBuffer.allocate(64).put(ascii("PROXY TCP9 x\r\n"));
        assertThrows(ProxyProtocolException.class, () -> reader.afterRead(buf, buf.position()));
    }

    @Test
    void untrustedPeerIsRejectedInRequiredModeBeforeAnythingIsParsed() {
        ProxyHeaderReader reader = new ProxyHeaderReader(new ProxyHeaderDecoder(), true, false);
        ByteBuffer buf = ByteBuffer.allocate(64).put(V1);
        ProxyProtocolException e = assertThrows(ProxyProtocolException.class, () -> reader.afterRead(buf, V1.length));
        assertEquals(Reason.UNTRUSTED, e.reason());
    }

    @Test
    void untrustedPeerInOptionalModeMayNotSendAHeaderButMaySendData() throws Exception {
        ProxyHeaderReader withHeader = new ProxyHeaderReader(new ProxyHeaderDecoder(), false, false);
        ByteBuffer buf = ByteBuffer.allocate(64).put(V1);
        ProxyProtocolException e = assertThrows(ProxyProtocolException.class,
                () -> withHeader.afterRead(buf, V1.length));
        assertEquals(Reason.UNTRUSTED, e.reason());

        ProxyHeaderReader withData = new ProxyHeaderReader(new ProxyHeaderDecoder(), false, false);
        ByteBuffer data = ByteBuffer.allocate(64).put(REQUEST);
        assertEquals(REQUEST.length, withData.afterRead(data, REQUEST.length));
    }

    @Test
    void aMaximalV2HeaderArrivingOneByteAtATime() throws Exception {
        // The longest v2 header the default limit allows, one byte per read, behind a 32-byte server
        // buffer: held bytes are not bounded by the server's buffer, only by the header.
        ProxyHeaderReader reader = reader(true);
        byte[] header = V2.proxy(V2.TCP4).inet().tlv(Tlv.NOOP, new byte[4096 - 12 - 3]).build();
        ServerSimulation server = new ServerSimulation(BufferKind.HEAP, 32, new int[] {1}, reader);
        server.run(concat(header, REQUEST));
        assertArrayEquals(REQUEST, server.received());
        assertEquals(16 + 4096, reader.header().length());
    }

    @Test
    void scatteringReadsAcrossBuffers() throws Exception {
        for (SenderVectors vector : SenderVectors.all()) {
            byte[] stream = concat(vector.bytes(), REQUEST);
            int headerLength = headerLength(vector.bytes());
            for (int split = 0; split <= stream.length; split++) {
                ProxyHeaderReader reader = reader(true);
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                int offset = 0;
                int[] chunks = {split, stream.length};
                for (int c = 0; offset < stream.length; c++) {
                    ByteBuffer[] dsts = {ByteBuffer.allocate(3).put((byte) 'x'), ByteBuffer.allocateDirect(20),
                        ByteBuffer.allocate(500)};
                    int[] before = {1, 0, 0};
                    int n = Math.min(chunks[Math.min(c, chunks.length - 1)], stream.length - offset);
                    scatter(stream, offset, n, dsts);
                    offset += n;
                    long delivered = reader.afterRead(dsts, 0, 3, before, n);
                    byte[] got = gather(dsts, before);
                    assertEquals(delivered, got.length);
                    received.write(got);
                }
                assertArrayEquals(Arrays.copyOfRange(stream, headerLength, stream.length), received.toByteArray(),
                        vector + " split at " + split);
            }
        }
    }

    @Test
    void scatteringReadWithPositionsThatDoNotMatchTheCountIsAnAdapterBug() {
        ProxyHeaderReader reader = reader(true);
        ByteBuffer[] dsts = {ByteBuffer.allocate(8).put(ascii("PROXY ")), ByteBuffer.allocate(8)};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> reader.afterRead(dsts, 0, 2, new int[] {0, 0}, 9));
        assertEquals("positionsBefore do not match the read: the buffers advanced by 6 bytes but the read returned 9",
                e.getMessage());
    }

    // ------------------------------------------------------------------ helpers

    private static void assertDoesNotThrowZero(ProxyHeaderReader reader, ByteBuffer buf, int n) {
        try {
            assertEquals(0, reader.afterRead(buf, n));
        } catch (ProxyProtocolException e) {
            throw new AssertionError(e);
        }
    }

    private static ProxyHeaderReader reader(boolean required) {
        return new ProxyHeaderReader(new ProxyHeaderDecoder(), required, true);
    }

    private static int headerLength(byte[] bytes) throws ProxyProtocolException {
        int framed = new ProxyHeaderDecoder().frame(ByteBuffer.wrap(bytes), 0, bytes.length);
        assertTrue(framed > 0, "vector holds a complete header");
        return framed;
    }

    private static void scatter(byte[] stream, int offset, int n, ByteBuffer[] dsts) {
        for (ByteBuffer dst : dsts) {
            int part = Math.min(n, dst.remaining());
            dst.put(stream, offset, part);
            offset += part;
            n -= part;
        }
    }

    private static byte[] gather(ByteBuffer[] dsts, int[] before) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < dsts.length; i++) {
            for (int p = before[i]; p < dsts[i].position(); p++) {
                out.write(dsts[i].get(p));
            }
        }
        return out.toByteArray();
    }

    private static String drain(ByteBuffer buf) {
        buf.flip();
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        buf.clear();
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /**
     * A non-blocking server's read loop: it reads the next chunk of the stream into whatever room
     * its buffer has, lets the reader take the header out, then consumes only part of what it has,
     * so that reads start at varying positions. Bounded: it stops when the stream is exhausted and
     * the reader reports end of stream, or fails after a fixed number of reads.
     */
    static final class ServerSimulation {
        final ProxyHeaderReader reader;
        private final ByteBuffer buf;
        private final int[] chunks;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();

        ServerSimulation(BufferKind kind, int capacity, int[] chunks) {
            this(kind, capacity, chunks, reader(true));
        }

        ServerSimulation(BufferKind kind, int capacity, int[] chunks, ProxyHeaderReader reader) {
            this.buf = kind.allocate.apply(capacity);
            this.chunks = chunks;
            this.reader = reader;
        }

        void run(byte[] stream) throws ProxyProtocolException {
            int offset = 0;
            int maxReads = stream.length * 4 + 100;
            for (int c = 0; c < maxReads; c++) {
                int chunk = chunks[Math.min(c, chunks.length - 1)];
                int n = Math.min(Math.min(chunk, buf.remaining()), stream.length - offset);
                int result;
                if (n == 0 && offset == stream.length) {
                    result = reader.afterRead(buf, -1);
                    if (result < 0) {
                        consume(buf.position());
                        return;
                    }
                } else {
                    buf.put(stream, offset, n);
                    offset += n;
                    result = reader.afterRead(buf, n);
                }
                assertTrue(result >= 0 && result <= buf.position(), "result " + result);
                // Consume half of what is there (all of it when the buffer is full).
                int available = buf.position();
                consume(buf.hasRemaining() ? available / 2 : available);
            }
            throw new AssertionError("no end of stream after " + maxReads + " reads");
        }

        private void consume(int count) {
            buf.flip();
            for (int i = 0; i < count; i++) {
                received.write(buf.get());
            }
            buf.compact();
        }

        byte[] received() {
            return received.toByteArray();
        }
    }
}
