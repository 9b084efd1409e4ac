package io.proxywrap.core.codec;

import java.nio.ByteBuffer;

/**
 * CRC32C (Castagnoli, reflected polynomial 0x82F63B78), as the PP2_TYPE_CRC32C TLV uses it
 * (proxy-protocol.txt §2.2.5).
 *
 * <p>Our own because {@code java.util.zip.CRC32C} only exists from Java 9 and the agent runs on
 * Java 8. Slicing-by-8 tables: headers are at most a few KiB, so this is a few hundred
 * nanoseconds at worst and allocates nothing.
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

    private Crc32c() {
    }

    /**
     * The CRC32C of {@code buf[from, to)} (absolute indices), reading the four bytes at
     * {@code zeroFrom} as zero: the checksum field itself is zero while the sender computes it.
     */
    static int compute(ByteBuffer buf, int from, int to, int zeroFrom) {
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
