package io.proxywrap.core.codec;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;

/**
 * Copies and moves bytes of a server's buffer, heap or direct, by absolute index, leaving its
 * position and limit alone; shared by the decoder and the per-connection reader.
 * {@code ByteBuffer}'s bulk methods leave overlapping copies undefined, so the direction of each
 * move is explicit here.
 */
public final class Buffers {

    /**
     * {@code ByteBuffer.get(int index, byte[] dst, int offset, int length)}, the absolute bulk get
     * of Java 13+, or null before: the agent runs on Java 8, so it is looked up at run time.
     */
    private static final MethodHandle ABSOLUTE_GET = absoluteGet();

    private Buffers() {
    }

    private static MethodHandle absoluteGet() {
        try {
            return MethodHandles.publicLookup().findVirtual(ByteBuffer.class, "get",
                    MethodType.methodType(ByteBuffer.class, int.class, byte[].class, int.class, int.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // before Java 13: copy() reads through a view instead
        }
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
        } else if (ABSOLUTE_GET != null) {
            // One bulk copy, not a get() per byte, and without the view below: escape analysis
            // removes the view object but not its constructor's and position()'s checks, paid for
            // every TLV value the decoder copies out of a direct buffer.
            try {
                // invokeExact needs the call's exact type, the returned buffer included.
                ByteBuffer same = (ByteBuffer) ABSOLUTE_GET.invokeExact(buf, from, dst, at, length);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new AssertionError(e); // get throws no checked exception
            }
        } else {
            // Before Java 13: one bulk copy through a view (escape analysis removes the object).
            ByteBuffer view = buf.duplicate();
            view.position(from);
            view.get(dst, at, length);
        }
    }
}
