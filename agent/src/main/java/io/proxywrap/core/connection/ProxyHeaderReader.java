package io.proxywrap.core.connection;

import io.proxywrap.core.codec.Buffers;
import io.proxywrap.core.codec.ProxyHeader;
import io.proxywrap.core.codec.ProxyHeaderDecoder;
import io.proxywrap.core.codec.ProxyProtocolException;
import io.proxywrap.core.codec.ProxyProtocolException.Reason;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The PROXY header of one connection, taken out of the bytes the server itself reads.
 *
 * <p>An instrumented server calls {@link #afterRead(ByteBuffer, int)} with the buffer it just read
 * into and the count its raw {@code SocketChannel} read returned, and uses the result as that
 * count instead. On the first reads of the connection the reader parses the header out of the
 * server's own buffer and moves the bytes that follow it down to where the read began, so the
 * server sees every byte after the header exactly once, in order, and no extra system call or
 * copy of the request is made when the header and the request arrive together (the common case).
 * While the header is incomplete its bytes are kept in a buffer no larger than the header and the
 * read reports 0 bytes: a non-blocking server simply waits for more. Once the header is done the
 * reader costs one field check per read.
 *
 * <p>Outcomes are distinct: a bad header throws {@link ProxyProtocolException} (an
 * {@code IOException}, which makes the server close just this connection); end of stream before
 * the header is complete returns -1 and leaves {@link State#CLOSED_BEFORE_HEADER} or
 * {@link State#CLOSED_MID_HEADER}.
 *
 * <p>One reader per connection, used by the thread that reads it; not thread-safe.
 */
public final class ProxyHeaderReader {

    /** Where the connection stands. */
    public enum State {
        /** No decision yet: reads are being searched for the header. */
        AWAITING_HEADER,
        /** The header was consumed (or, in optional mode, there was none): bytes pass through. */
        PASSING_THROUGH,
        /** The header was bad; every further read throws the same exception. */
        REJECTED,
        /** End of stream before any byte arrived. */
        CLOSED_BEFORE_HEADER,
        /** End of stream part-way through a header. */
        CLOSED_MID_HEADER
    }

    /** First size of the held-bytes array: a v2 fixed part, or a v1 line's first pieces. */
    private static final int MIN_HELD_CAPACITY = 16;

    /** How many bytes of a connection that is not PROXY to quote in the error message. */
    private static final int EXCERPT_LENGTH = 8;

    private final ProxyHeaderDecoder decoder;
    private final boolean headerRequired;
    private final boolean peerTrusted;

    private State state = State.AWAITING_HEADER;
    /**
     * While awaiting the header: its first bytes, once a read did not hold all of it. While
     * passing through: bytes owed to the server that did not fit its buffer (optional mode only,
     * see {@link #deliverAfter}). Allocated only when needed, never larger than the header.
     */
    private byte[] pending;
    private int pendingLength;
    private ProxyHeader header;
    private ProxyProtocolException rejection;
    /** Set by {@link #expire()}: the header's time is up. */
    private boolean expired;

    /**
     * @param headerRequired true for {@code mode=required}: a connection that does not start
     *     with a header is rejected; false for {@code optional}: it passes through untouched
     * @param peerTrusted whether the connection's real peer is in {@code proxywrap.trusted}: a
     *     header from any other peer is rejected, and in required mode so is the connection
     */
    public ProxyHeaderReader(ProxyHeaderDecoder decoder, boolean headerRequired, boolean peerTrusted) {
        this.decoder = decoder;
        this.headerRequired = headerRequired;
        this.peerTrusted = peerTrusted;
    }

    public State state() {
        return state;
    }

    /**
     * Whether every further read is returned as it is: the header is behind us (or there was
     * none) and nothing is held back. Lets a scattering server skip recording its positions.
     */
    public boolean passesThrough() {
        return state == State.PASSING_THROUGH && pendingLength == 0;
    }

    /**
     * The header's time ({@code proxywrap.timeout}, counted from accept) is up. From the next
     * read on, a connection that starts with a header, or with part of one, is rejected as
     * {@link Reason#TIMEOUT}; one that does not start with a header is judged as before. Once the
     * header is behind us this changes nothing. The caller keeps the clock, so this class stays
     * deterministic.
     */
    public void expire() {
        expired = true;
    }

    /** Why the connection was rejected, or null unless {@link State#REJECTED}. */
    public ProxyProtocolException rejection() {
        return rejection;
    }

    /** The decoded header, or null while awaiting it or when the connection had none. */
    public ProxyHeader header() {
        return header;
    }

    /**
     * Call after the server's raw read of {@code bytesRead} bytes into {@code dst}, which ended at
     * {@code dst.position()}: the bytes are {@code dst[position - bytesRead, position)}. The
     * header's bytes are removed from there and {@code dst.position()} moved back accordingly.
     *
     * @param bytesRead what the channel read returned: a count, or -1 at end of stream
     * @return what the server's read should return: the application bytes now in
     *     {@code dst} before its position (0 while the header is incomplete), or -1
     * @throws ProxyProtocolException when the connection must be closed because of its header
     */
    public int afterRead(ByteBuffer dst, int bytesRead) throws ProxyProtocolException {
        if (passesThrough()) {
            return bytesRead;
        }
        if (bytesRead < 0) {
            return endOfStream(dst, dst.position());
        }
        int start = dst.position() - bytesRead;
        try {
            return afterRead(dst, start, bytesRead);
        } catch (ProxyProtocolException e) {
            // Nothing of a rejected connection reaches the server, even one that keeps the buffer
            // after a failed read: Jetty's fill() turns our exception into end of stream and
            // would parse what the read left in its buffer.
            dst.position(start);
            throw e;
        }
    }

    private int afterRead(ByteBuffer dst, int start, int bytesRead) throws ProxyProtocolException {
        switch (state) {
            case AWAITING_HEADER:
                return awaitHeader(dst, start, bytesRead);
            case PASSING_THROUGH:
                return deliverAfter(pending, pendingLength, dst, start, bytesRead);
            case REJECTED:
                throw rejection;
            default: // closed: a read after end of stream finds end of stream again
                return bytesRead == 0 ? 0 : illegalReadAfterClose();
        }
    }

    /**
     * The same for a scattering read into {@code dsts[offset, offset + length)}.
     *
     * @param positionsBefore each of those buffers' position before the read (which buffers the
     *     bytes landed in cannot be told afterwards: a buffer may have been full already)
     */
    public long afterRead(ByteBuffer[] dsts, int offset, int length, int[] positionsBefore, long bytesRead)
            throws ProxyProtocolException {
        if (passesThrough()) {
            return bytesRead;
        }
        // Rare (first reads of a scattering server only): gather the bytes into one buffer,
        // process that, and scatter the result back from the original positions.
        int read = (int) Math.max(bytesRead, 0);
        long room = 0;
        long landed = 0;
        for (int i = 0; i < length; i++) {
            room += dsts[offset + i].limit() - positionsBefore[i];
            landed += dsts[offset + i].position() - positionsBefore[i];
        }
        if (landed != read) {
            throw new IllegalArgumentException("positionsBefore do not match the read: the buffers advanced by "
                    + landed + " bytes but the read returned " + bytesRead);
        }
        // The result never exceeds what was read plus what this reader holds back.
        int capacity = (int) Math.min(room, (long) read + pendingLength);
        ByteBuffer gathered = ByteBuffer.allocate(capacity);
        for (int i = 0; i < length; i++) {
            ByteBuffer part = dsts[offset + i].duplicate();
            part.flip();
            part.position(positionsBefore[i]);
            gathered.put(part);
        }
        int result;
        try {
            result = afterRead(gathered, (int) bytesRead);
        } catch (ProxyProtocolException e) {
            for (int i = 0; i < length; i++) {
                dsts[offset + i].position(positionsBefore[i]);
            }
            throw e;
        }
        gathered.flip();
        for (int i = 0; i < length; i++) {
            ByteBuffer dst = dsts[offset + i];
            dst.position(positionsBefore[i]);
            int n = Math.min(dst.remaining(), gathered.remaining());
            ByteBuffer chunk = gathered.duplicate();
            chunk.limit(chunk.position() + n);
            dst.put(chunk);
            gathered.position(gathered.position() + n);
        }
        return result;
    }

    private int awaitHeader(ByteBuffer dst, int start, int n) throws ProxyProtocolException {
        if (n == 0) {
            return 0;
        }
        if (headerRequired && !peerTrusted) {
            throw reject(new ProxyProtocolException(Reason.UNTRUSTED,
                    "peer is not in proxywrap.trusted and this port requires a PROXY header", 0));
        }
        if (pendingLength == 0) {
            // The common case: the whole header is in this read; parse it where it lies.
            int framed = frame(dst, start, start + n);
            if (expired && framed != ProxyHeaderDecoder.NOT_A_HEADER) {
                throw reject(timedOut(n));
            }
            if (framed > 0) {
                return accept(decode(dst, start, framed), dst, start, n, framed);
            }
            if (framed == ProxyHeaderDecoder.NOT_A_HEADER) {
                return noHeader(dst, start, n, 0);
            }
            hold(dst, start, n, -framed);
            dst.position(start);
            return 0;
        }
        if (expired) {
            throw reject(timedOut(pendingLength + n));
        }
        // Continue a header begun in earlier reads: gather just what frame() asks for.
        int gatheredBefore = pendingLength;
        int used = 0;
        while (true) {
            ByteBuffer held = ByteBuffer.wrap(pending, 0, pendingLength);
            int framed = frame(held, 0, pendingLength);
            if (framed > 0) {
                return accept(decode(held, 0, framed), dst, start, n, framed - gatheredBefore);
            }
            if (framed == ProxyHeaderDecoder.NOT_A_HEADER) {
                return noHeader(dst, start, n, gatheredBefore);
            }
            if (used == n) {
                dst.position(start);
                return 0;
            }
            int wanted = -framed;
            int take = Math.min(wanted - pendingLength, n - used);
            hold(dst, start + used, take, wanted);
            used += take;
        }
    }

    /**
     * Appends {@code buf[from, from + count)} to the held bytes. The array grows with what has
     * arrived, doubling, up to {@code headerLength}: a peer that announces a 4 KiB v2 header and
     * sends it slowly costs what it has sent so far, not what it announced.
     */
    private void hold(ByteBuffer buf, int from, int count, int headerLength) {
        int needed = pendingLength + count;
        if (pending == null || pending.length < needed) {
            int grown = pending == null ? MIN_HELD_CAPACITY : pending.length * 2;
            int capacity = Math.max(needed, Math.min(grown, headerLength));
            pending = pending == null ? new byte[capacity] : Arrays.copyOf(pending, capacity);
        }
        Buffers.copy(buf, from, pending, pendingLength, count);
        pendingLength = needed;
    }

    private int frame(ByteBuffer buf, int from, int to) throws ProxyProtocolException {
        try {
            return decoder.frame(buf, from, to);
        } catch (ProxyProtocolException e) {
            throw reject(e);
        }
    }

    private ProxyHeader decode(ByteBuffer buf, int from, int length) throws ProxyProtocolException {
        try {
            return decoder.decode(buf, from, length);
        } catch (ProxyProtocolException e) {
            throw reject(e);
        }
    }

    /** The header ends {@code headerBytesInRead} bytes into this read; the rest is the server's. */
    private int accept(ProxyHeader decoded, ByteBuffer dst, int start, int n, int headerBytesInRead)
            throws ProxyProtocolException {
        if (!peerTrusted) {
            throw reject(new ProxyProtocolException(Reason.UNTRUSTED,
                    "PROXY header from a peer that is not in proxywrap.trusted", 0));
        }
        header = decoded;
        state = State.PASSING_THROUGH;
        pending = null;
        pendingLength = 0;
        int rest = n - headerBytesInRead;
        Buffers.move(dst, start + headerBytesInRead, start, rest);
        dst.position(start + rest);
        return rest;
    }

    /**
     * The connection does not start with a header. {@code held} bytes were held back from earlier
     * reads (a prefix of a signature that then did not match) and precede this read's bytes.
     */
    private int noHeader(ByteBuffer dst, int start, int n, int held) throws ProxyProtocolException {
        if (headerRequired) {
            throw reject(new ProxyProtocolException(Reason.MISSING,
                    "no PROXY header: the connection starts with " + excerpt(dst, start, n, held), 0));
        }
        state = State.PASSING_THROUGH;
        return deliverAfter(pending, held, dst, start, n);
    }

    /**
     * Gives the server {@code prefix[0, prefixLength)} followed by this read's bytes. They may
     * not all fit in its buffer (only in optional mode, when the first bytes of a connection came
     * in a read of their own and then were not a header); what does not fit is owed and delivered
     * at the start of the next read, so nothing is lost or reordered.
     */
    private int deliverAfter(byte[] prefix, int prefixLength, ByteBuffer dst, int start, int n) {
        if (prefixLength == 0) {
            pending = null;
            return n;
        }
        int total = prefixLength + n;
        int fits = Math.min(total, dst.limit() - start);
        int owed = total - fits;
        byte[] stillOwed = null;
        if (owed > 0) {
            // The tail of prefix ++ read that does not fit, saved before the read's bytes move.
            stillOwed = new byte[owed];
            for (int i = 0; i < owed; i++) {
                int at = fits + i;
                stillOwed[i] = at < prefixLength ? prefix[at] : dst.get(start + at - prefixLength);
            }
        }
        int readBytesKept = Math.max(0, fits - prefixLength);
        Buffers.move(dst, start, start + prefixLength, readBytesKept);
        int prefixBytesKept = Math.min(prefixLength, fits);
        ByteBuffer target = dst.duplicate();
        target.position(start);
        target.put(prefix, 0, prefixBytesKept);
        dst.position(start + fits);
        pending = stillOwed;
        pendingLength = owed;
        return fits;
    }

    private int endOfStream(ByteBuffer dst, int start) throws ProxyProtocolException {
        switch (state) {
            case AWAITING_HEADER:
                if (!headerRequired && pendingLength > 0 && pendingLength < signatureLength()) {
                    // Optional mode: a signature never completed, so these bytes were data.
                    state = State.PASSING_THROUGH;
                    return nonZeroOrEnd(deliverAfter(pending, pendingLength, dst, start, 0));
                }
                if (expired) {
                    // The header's time was up before the peer went: a server that half-closes
                    // on its own timeout (Jetty's idle check) sees this end of stream first.
                    throw reject(timedOut(pendingLength));
                }
                state = pendingLength > 0 ? State.CLOSED_MID_HEADER : State.CLOSED_BEFORE_HEADER;
                pending = null;
                pendingLength = 0;
                return -1;
            case PASSING_THROUGH:
                return nonZeroOrEnd(deliverAfter(pending, pendingLength, dst, start, 0));
            case REJECTED:
                throw rejection;
            default:
                return -1;
        }
    }

    /** Bytes owed at end of stream are delivered first; the channel reports -1 again next time. */
    private static int nonZeroOrEnd(int delivered) {
        return delivered > 0 ? delivered : -1;
    }

    /** How many first bytes tell a PROXY header from data: the v2 signature or {@code "PROXY "}. */
    private int signatureLength() {
        return pending[0] == 'P' ? ProxyHeaderDecoder.V1_SIGNATURE_LENGTH : ProxyHeaderDecoder.V2_SIGNATURE_LENGTH;
    }

    private static ProxyProtocolException timedOut(int received) {
        return new ProxyProtocolException(Reason.TIMEOUT,
                "PROXY header still incomplete when proxywrap.timeout ran out, after " + received + " bytes", received);
    }

    private ProxyProtocolException reject(ProxyProtocolException e) {
        state = State.REJECTED;
        rejection = e;
        pending = null;
        pendingLength = 0;
        return e;
    }

    private static int illegalReadAfterClose() {
        throw new IllegalStateException("read returned bytes after end of stream");
    }

    /** The first bytes of the connection, printable, for the "no PROXY header" message. */
    private String excerpt(ByteBuffer dst, int start, int n, int held) {
        StringBuilder s = new StringBuilder("\"");
        int shown = Math.min(EXCERPT_LENGTH, held + n);
        for (int i = 0; i < shown; i++) {
            int b = (i < held ? pending[i] : dst.get(start + i - held)) & 0xFF;
            if (b >= 0x20 && b < 0x7F && b != '"' && b != '\\') {
                s.append((char) b);
            } else {
                s.append(String.format("\\x%02x", b));
            }
        }
        return s.append(held + n > shown ? "...\"" : "\"").toString();
    }
}
