package io.proxywrap.core.fuzz;

import io.proxywrap.core.codec.ProxyHeaderDecoder;
import java.util.Arrays;

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

    /** Values below the decoder's minimum mean the default, so that 0 is the common case. */
    static int v2MaxLength(int field) {
        return field < ProxyHeaderDecoder.V2_MIN_MAX_LENGTH ? ProxyHeaderDecoder.DEFAULT_V2_MAX_LENGTH : field;
    }
}
