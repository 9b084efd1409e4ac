package io.proxywrap.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our slicing-by-8 {@link Crc32c} against {@link java.util.zip.CRC32C} (Java 9+, so only usable in
 * tests): random inputs of many lengths, at a nonzero index of heap and direct buffers, with the
 * 4-byte zeroed field at every position in and around the range.
 */
class Crc32cTest {

    private static final long SEED = 0x5EED_C4C3_2CL;

    @Test
    void knownCheckValue() {
        // The CRC-32C check value (RFC 3720 appendix B.4 / the "123456789" convention).
        ByteBuffer b = ByteBuffer.wrap("123456789".getBytes(StandardCharsets.US_ASCII));
        assertEquals(0xE3069283, Crc32c.compute(b, 0, 9, Integer.MIN_VALUE));
        assertEquals(0xE3069283, Crc32c.compute(b, 0, 9, 100));
        assertEquals(0, Crc32c.compute(b, 0, 0, 0)); // empty input
    }

    static IntStream lengths() {
        return IntStream.concat(IntStream.rangeClosed(0, 300), IntStream.of(511, 512, 513, 1000, 4112));
    }

    @ParameterizedTest(name = "length {0}")
    @MethodSource("lengths")
    void matchesJdkAtEveryZeroFrom(int length) {
        Random random = new Random(SEED + length);
        byte[] data = new byte[length];
        random.nextBytes(data);
        int offset = 1 + random.nextInt(13);
        byte[] backing = new byte[offset + length + 9];
        random.nextBytes(backing);
        System.arraycopy(data, 0, backing, offset, length);
        ByteBuffer heap = ByteBuffer.wrap(backing);
        ByteBuffer direct = ByteBuffer.allocateDirect(backing.length);
        direct.put(backing).clear();

        int from = offset;
        int to = offset + length;
        // Every position of the 4-byte field that overlaps the range, plus some that do not.
        for (int zeroFrom = from - 6; zeroFrom <= to + 2; zeroFrom++) {
            int expected = jdk(data, zeroFrom - from);
            assertEquals(expected, Crc32c.compute(heap, from, to, zeroFrom), "heap, zeroFrom " + zeroFrom);
            assertEquals(expected, Crc32c.compute(direct, from, to, zeroFrom), "direct, zeroFrom " + zeroFrom);
        }
        int none = jdk(data, Integer.MIN_VALUE / 2);
        assertEquals(none, Crc32c.compute(heap, from, to, Integer.MIN_VALUE));
        assertEquals(none, Crc32c.compute(heap, from, to, Integer.MAX_VALUE));
        assertEquals(none, Crc32c.compute(direct, from, to, -1000));
    }

    /** java.util.zip.CRC32C of data with data[z, z + 4) ∩ data zeroed. */
    private static int jdk(byte[] data, int z) {
        byte[] copy = Arrays.copyOf(data, data.length);
        for (long i = Math.max(0, z); i < Math.min(data.length, (long) z + 4); i++) {
            copy[(int) i] = 0;
        }
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(copy);
        return (int) crc.getValue();
    }
}
