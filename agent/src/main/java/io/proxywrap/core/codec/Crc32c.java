package io.proxywrap.core.codec;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.zip.Checksum;

/**
 * CRC32C (Castagnoli, reflected polynomial 0x82F63B78), as the PP2_TYPE_CRC32C TLV uses it
 * (proxy-protocol.txt §2.2.5).
 *
 * <p>On Java 9+ this is {@code java.util.zip.CRC32C}, which HotSpot compiles to the CPU's CRC32
 * instructions (about ten times faster than tables: it was 60% of decoding an AWS NLB header).
 * The agent also runs on Java 8, where that class does not exist, so it is looked up at run time
 * and our own slicing-by-8 tables stand in for it there and for buffers it cannot read in place
 * (read-only heap buffers). Neither allocates: the JDK object lives only inside one call, where
 * the JIT's escape analysis removes it.
 */
final class Crc32c {

    private static final int POLYNOMIAL = 0x82F63B78;
    private static final int[][] TABLES = new int[8][256];

    static {
        for (int n = 0; n < 256; n++) {
            int crc = n;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1;
            }
            TABLES[0][n] = crc;
        }
        for (int n = 0; n < 256; n++) {
            int crc = TABLES[0][n];
            for (int t = 1; t < 8; t++) {
                crc = TABLES[0][crc & 0xFF] ^ (crc >>> 8);
                TABLES[t][n] = crc;
            }
        }
    }

    /** {@code new java.util.zip.CRC32C()} as {@code ()Checksum}, or null before Java 9. */
    private static final MethodHandle NEW_JDK_CRC32C;
    /** {@code CRC32C.update(ByteBuffer)} as {@code (Checksum, ByteBuffer)void}, or null before Java 9. */
    private static final MethodHandle JDK_UPDATE_BUFFER;
    /** What the zeroed checksum field contributes. */
    private static final byte[] ZEROS = new byte[4];

    static {
        MethodHandle create = null;
        MethodHandle updateBuffer = null;
        try {
            Class<?> crc32c = Class.forName("java.util.zip.CRC32C");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            create = lookup.findConstructor(crc32c, MethodType.methodType(void.class))
                    .asType(MethodType.methodType(Checksum.class));
            updateBuffer = lookup.findVirtual(crc32c, "update", MethodType.methodType(void.class, ByteBuffer.class))
                    .asType(MethodType.methodType(void.class, Checksum.class, ByteBuffer.class));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // Java 8 (or a JDK without it): the tables below do the work.
            create = null;
            updateBuffer = null;
        }
        NEW_JDK_CRC32C = create;
        JDK_UPDATE_BUFFER = updateBuffer;
    }

    private Crc32c() {
    }

    /**
     * The CRC32C of {@code buf[from, to)} (absolute indices), reading the four bytes at
     * {@code zeroFrom} as zero: the checksum field itself is zero while the sender computes it.
     */
    static int compute(ByteBuffer buf, int from, int to, int zeroFrom) {
        if (NEW_JDK_CRC32C != null && (buf.hasArray() || buf.isDirect())) {
            return computeJdk(buf, from, to, zeroFrom);
        }
        return computeTables(buf, from, to, zeroFrom);
    }

    /** {@link #compute} with {@code java.util.zip.CRC32C}, reading the buffer in place. */
    private static int computeJdk(ByteBuffer buf, int from, int to, int zeroFrom) {
        // The zeroed field clipped to [from, to): [zeroStart, zeroEnd), possibly empty.
        int zeroStart = (int) Math.min(Math.max(zeroFrom, from), to);
        int zeroEnd = (int) Math.min(Math.max((long) zeroFrom + 4, zeroStart), to);
        try {
            Checksum crc = (Checksum) NEW_JDK_CRC32C.invokeExact();
            if (buf.hasArray()) {
                byte[] a = buf.array();
                int offset = buf.arrayOffset();
                crc.update(a, offset + from, zeroStart - from);
                crc.update(ZEROS, 0, zeroEnd - zeroStart);
                crc.update(a, offset + zeroEnd, to - zeroEnd);
            } else {
                // A view, so the caller's position, limit and mark stay as they are.
                ByteBuffer view = buf.duplicate();
                view.limit(zeroStart).position(from);
                JDK_UPDATE_BUFFER.invokeExact(crc, view);
                crc.update(ZEROS, 0, zeroEnd - zeroStart);
                view.limit(to).position(zeroEnd);
                JDK_UPDATE_BUFFER.invokeExact(crc, view);
            }
            return (int) crc.getValue();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError(e); // neither method throws a checked exception
        }
    }

    /** {@link #compute} with our own slicing-by-8 tables. */
    static int computeTables(ByteBuffer buf, int from, int to, int zeroFrom) {
        int[] t0 = TABLES[0];
        int crc = 0xFFFFFFFF;
        int i = from;
        // Byte at a time through the checksum field and any unaligned head; slicing elsewhere.
        while (i < to) {
            if (i + 8 <= to && (i + 8 <= zeroFrom || i >= zeroFrom + 4)) {
                int lo = crc ^ ((buf.get(i) & 0xFF) | (buf.get(i + 1) & 0xFF) << 8
                        | (buf.get(i + 2) & 0xFF) << 16 | (buf.get(i + 3) & 0xFF) << 24);
                crc = TABLES[7][lo & 0xFF] ^ TABLES[6][(lo >>> 8) & 0xFF]
                        ^ TABLES[5][(lo >>> 16) & 0xFF] ^ TABLES[4][lo >>> 24]
                        ^ TABLES[3][buf.get(i + 4) & 0xFF] ^ TABLES[2][buf.get(i + 5) & 0xFF]
                        ^ TABLES[1][buf.get(i + 6) & 0xFF] ^ t0[buf.get(i + 7) & 0xFF];
                i += 8;
            } else {
                int b = (i >= zeroFrom && i < zeroFrom + 4) ? 0 : buf.get(i) & 0xFF;
                crc = t0[(crc ^ b) & 0xFF] ^ (crc >>> 8);
                i++;
            }
        }
        return ~crc;
    }
}
