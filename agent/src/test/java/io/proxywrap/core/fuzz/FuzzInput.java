package io.proxywrap.core.fuzz;

import io.proxywrap.core.codec.ProxyHeaderDecoder;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads the small configuration prefix of a fuzz input: unsigned bytes from the front, zero once
 * the input runs out, so every byte string is a valid input. The formats are documented on each
 * fuzz test and written by {@link SeedCorpus}.
 */
final class FuzzInput {

    private final byte[] data;
    private int at;

    FuzzInput(byte[] data) {
        this.data = data;
    }

    /** The next byte, 0-255, or 0 past the end. */
    int u8() {
        return at < data.length ? data[at++] & 0xFF : 0;
    }

    /** The next two bytes, big-endian. */
    int u16() {
        return u8() << 8 | u8();
    }

    /** {@code count} bytes as an array of 0-255 values, short of nothing (zeros past the end). */
    int[] u8s(int count) {
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = u8();
        }
        return values;
    }

    /** Everything not read yet. */
    byte[] rest() {
        return at < data.length ? Arrays.copyOfRange(data, at, data.length) : new byte[0];
    }

    /** The decoder a configuration byte's two version bits and a 16-bit length field select. */
    static ProxyHeaderDecoder decoder(int versionBits, int v2MaxLength) {
        boolean v1 = (versionBits & 3) != 2;
        boolean v2 = (versionBits & 3) != 1;
        return new ProxyHeaderDecoder(v1, v2, v2MaxLength(v2MaxLength));
    }

    private static final byte[] V2_SIGNATURE = {
        0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
    };

    /**
     * If {@code bytes} start with a v2 header that has a top-level CRC32C TLV, writes the CRC32C
     * that makes it verify (§2.2.5: over the whole header with the value zeroed). Random mutations
     * almost never produce a matching checksum, so without this the fuzzer would see every header
     * with a CRC32C TLV rejected at the checksum and never reach what the decoder does after it.
     * Uses the JDK's CRC32C, not the decoder's. Leaves anything else alone.
     */
    static void fixCrc32c(byte[] bytes) {
        if (bytes.length < 16 || !Arrays.equals(bytes, 0, 12, V2_SIGNATURE, 0, 12)) {
            return;
        }
        int end = Math.min(bytes.length, 16 + ((bytes[14] & 0xFF) << 8 | bytes[15] & 0xFF));
        int block;
        switch ((bytes[13] & 0xFF) >>> 4) {
            case 1: block = 12; break;
            case 2: block = 36; break;
            case 3: block = 216; break;
            default: block = 0; break;
        }
        for (int p = 16 + block; p + 3 <= end; p += 3 + ((bytes[p + 1] & 0xFF) << 8 | bytes[p + 2] & 0xFF)) {
            if (bytes[p] == 0x03 && bytes[p + 1] == 0 && bytes[p + 2] == 4 && p + 7 <= end) {
                Arrays.fill(bytes, p + 3, p + 7, (byte) 0);
                CRC32C crc = new CRC32C();
                crc.update(bytes, 0, end);
                int value = (int) crc.getValue();
                for (int i = 0; i < 4; i++) {
                    bytes[p + 3 + i] = (byte) (value >>> 24 - 8 * i);
                }
                return;
            }
        }
    }

    /** Values below the decoder's minimum mean the default, so that 0 is the common case. */
    static int v2MaxLength(int field) {
        return field < ProxyHeaderDecoder.V2_MIN_MAX_LENGTH ? ProxyHeaderDecoder.DEFAULT_V2_MAX_LENGTH : field;
    }
}
