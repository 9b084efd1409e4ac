package io.proxywrap.core.fuzz;

import java.nio.ByteBuffer;

/**
 * Direct buffers for fuzz executions, carved out of one reused block, so that millions of
 * executions do not allocate (and wait for the collector to free) millions of direct buffers.
 * Each execution calls {@link #reset()} first; the buffers it gets until then do not overlap.
 * Fuzz tests run on one thread.
 */
final class DirectBuffers {

    private static ByteBuffer block = ByteBuffer.allocateDirect(64 * 1024);
    private static int used;
    private static final byte[] JUNK = new byte[1024];

    static {
        java.util.Arrays.fill(JUNK, (byte) 0xA5);
    }

    private DirectBuffers() {
    }

    /** Makes the whole block available again: call at the start of an execution. */
    static void reset() {
        used = 0;
    }

    /** A direct buffer of exactly {@code capacity}, position 0, filled with a fixed junk byte. */
    static ByteBuffer get(int capacity) {
        if (block.capacity() - used < capacity) {
            // Buffers handed out before stay valid: they keep the old block alive.
            block = ByteBuffer.allocateDirect(Math.max(capacity, block.capacity()) * 2);
            used = 0;
        }
        ByteBuffer buf = block.duplicate();
        buf.limit(used + capacity).position(used);
        used += capacity;
        ByteBuffer slice = buf.slice();
        while (slice.hasRemaining()) {
            slice.put(JUNK, 0, Math.min(JUNK.length, slice.remaining()));
        }
        return slice.clear();
    }
}
