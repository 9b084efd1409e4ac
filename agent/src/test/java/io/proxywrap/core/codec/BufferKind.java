package io.proxywrap.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The kinds of buffer a server may hand the codec. The codec reads absolute indices of the
 * buffer it is given, so each kind puts the bytes at a nonzero index with junk around them (a
 * reader that strays outside {@code [from, to)} sees CR, LF and signature bytes), and checks
 * afterwards that the buffer was not changed in any way.
 */
public enum BufferKind {
    /** {@code ByteBuffer.wrap(bytes)}: index 0, arrayOffset 0. */
    HEAP(0, 0),
    /** A slice of a larger array: arrayOffset 5, and the bytes start at index 3 of the slice. */
    HEAP_SLICE(5, 3),
    /** A direct buffer, bytes at index 11. */
    DIRECT(0, 11),
    /** A read-only view of a slice: hasArray() is false, so no array fast path. */
    READ_ONLY(5, 3),
    /** A heap slice whose byte order the server set to little-endian; the wire format is big-endian. */
    LITTLE_ENDIAN(7, 2);

    /** Junk that would look like header bytes to a reader that goes outside its range. */
    private static final byte[] JUNK = {'\r', '\n', 'P', 0x0D, 0x0A, 0x00, ' ', 0x21, (byte) 0xFF, 'Y', 0x11};

    private final int arrayOffset;
    private final int from;

    BufferKind(int arrayOffset, int from) {
        this.arrayOffset = arrayOffset;
        this.from = from;
    }

    /** {@code data} placed in a buffer of this kind at {@code [from, to)}. */
    public Placed place(byte[] data) {
        int junkAfter = JUNK.length;
        byte[] backing = new byte[arrayOffset + from + data.length + junkAfter];
        for (int i = 0; i < backing.length; i++) {
            backing[i] = JUNK[i % JUNK.length];
        }
        System.arraycopy(data, 0, backing, arrayOffset + from, data.length);
        ByteBuffer buf;
        switch (this) {
            case HEAP:
                buf = ByteBuffer.wrap(backing);
                break;
            case DIRECT:
                buf = ByteBuffer.allocateDirect(backing.length);
                buf.put(backing);
                buf.clear();
                break;
            case READ_ONLY:
                buf = ByteBuffer.wrap(backing, arrayOffset, backing.length - arrayOffset).slice().asReadOnlyBuffer();
                break;
            default:
                buf = ByteBuffer.wrap(backing, arrayOffset, backing.length - arrayOffset).slice();
                break;
        }
        if (this == LITTLE_ENDIAN) {
            buf.order(ByteOrder.LITTLE_ENDIAN);
        }
        if (this == HEAP_SLICE || this == LITTLE_ENDIAN) {
            assertEquals(arrayOffset, buf.arrayOffset());
        }
        // Like a server's read buffer: position at the first new byte, limit past the junk.
        buf.position(from);
        return new Placed(buf, from, from + data.length);
    }

    /** Bytes placed in a buffer, and what the buffer looked like before the codec saw it. */
    public static final class Placed {
        public final ByteBuffer buf;
        public final int from;
        public final int to;
        private final byte[] contents;
        private final int position;
        private final int limit;
        private final ByteOrder order;

        Placed(ByteBuffer buf, int from, int to) {
            this.buf = buf;
            this.from = from;
            this.to = to;
            this.contents = all(buf);
            this.position = buf.position();
            this.limit = buf.limit();
            this.order = buf.order();
        }

        /** The codec must leave position, limit, byte order and every byte as they were. */
        public void assertUntouched() {
            assertEquals(position, buf.position(), "position changed");
            assertEquals(limit, buf.limit(), "limit changed");
            assertEquals(order, buf.order(), "byte order changed");
            assertArrayEquals(contents, all(buf), "buffer contents changed");
        }

        private static byte[] all(ByteBuffer buf) {
            byte[] bytes = new byte[buf.capacity()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = buf.get(i);
            }
            return bytes;
        }
    }
}
