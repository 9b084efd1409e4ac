package io.proxywrap.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Crc32c#compute} uses {@code java.util.zip.CRC32C} on the JDKs the tests run on, so the
 * slicing-by-8 tables that do the work on Java 8 (and for read-only heap buffers) are checked here
 * against it directly: heap, direct and read-only buffers, the zeroed field at every position.
 */
class Crc32cTablesTest {

    static IntStream lengths() {
        return IntStream.concat(IntStream.rangeClosed(0, 80), IntStream.of(134, 255, 256, 257, 1000));
    }

    @ParameterizedTest(name = "length {0}")
    @MethodSource("lengths")
    void tablesMatchTheJdkPath(int length) {
        Random random = new Random(0xC4C32C + length);
        int offset = 1 + random.nextInt(13);
        byte[] backing = new byte[offset + length + 9];
        random.nextBytes(backing);
        ByteBuffer heap = ByteBuffer.wrap(backing);
        ByteBuffer direct = ByteBuffer.allocateDirect(backing.length);
        direct.put(backing).clear();
        ByteBuffer readOnly = ByteBuffer.wrap(backing).asReadOnlyBuffer();
        int from = offset;
        int to = offset + length;
        for (int zeroFrom = from - 6; zeroFrom <= to + 2; zeroFrom++) {
            int expected = Crc32c.compute(heap, from, to, zeroFrom);
            assertEquals(expected, Crc32c.computeTables(heap, from, to, zeroFrom), "heap, zeroFrom " + zeroFrom);
            assertEquals(expected, Crc32c.computeTables(direct, from, to, zeroFrom), "direct, zeroFrom " + zeroFrom);
            assertEquals(expected, Crc32c.compute(direct, from, to, zeroFrom), "direct (JDK), zeroFrom " + zeroFrom);
            assertEquals(expected, Crc32c.compute(readOnly, from, to, zeroFrom), "read-only, zeroFrom " + zeroFrom);
        }
        for (int zeroFrom : new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE - 3}) {
            int expected = Crc32c.compute(heap, from, to, zeroFrom);
            assertEquals(expected, Crc32c.computeTables(heap, from, to, zeroFrom));
            assertEquals(expected, Crc32c.compute(direct, from, to, zeroFrom));
        }
    }
}
