package io.proxywrap.core.codec;

import java.nio.ByteBuffer;

/**
 * Copies and moves bytes of a server's buffer, heap or direct, by absolute index, leaving its
 * position and limit alone; shared by the decoder and the per-connection reader.
 * {@code ByteBuffer}'s bulk methods leave overlapping copies undefined, so the direction of each
 * move is explicit here.
 */
public final class Buffers {

    private Buffers() {
    }

    /** Copies {@code buf[from, from + length)} to {@code buf[to, to + length)}; the ranges may overlap. */
    public static void move(ByteBuffer buf, int from, int to, int length) {
        if (length == 0 || from == to) {
            return;
        }
        if (buf.hasArray()) {
            byte[] array = buf.array();
            System.arraycopy(array, buf.arrayOffset() + from, array, buf.arrayOffset() + to, length);
        } else if (to < from) {
            // Front to back, so every read is ahead of every write still to come; eight bytes at
            // a time because this moves the first request of every connection down past its header.
            int i = 0;
            for (; i + Long.BYTES <= length; i += Long.BYTES) {
                buf.putLong(to + i, buf.getLong(from + i));
            }
            for (; i < length; i++) {
                buf.put(to + i, buf.get(from + i));
            }
        } else {
            // Back to front (only optional mode's rare give-back moves bytes up).
            for (int i = length - 1; i >= 0; i--) {
                buf.put(to + i, buf.get(from + i));
            }
        }
    }

    /** Copies {@code buf[from, from + length)} into {@code dst[at, at + length)}. */
    public static void copy(ByteBuffer buf, int from, byte[] dst, int at, int length) {
        if (buf.hasArray()) {
            System.arraycopy(buf.array(), buf.arrayOffset() + from, dst, at, length);
        } else {
            // One bulk copy through a view (escape analysis removes it), not a get() per byte.
            ByteBuffer view = buf.duplicate();
            view.position(from);
            view.get(dst, at, length);
        }
    }
}
