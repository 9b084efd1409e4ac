package io.proxywrap.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.core.codec.ProxyHeaderDecoder;
import io.proxywrap.core.codec.ProxyProtocolException;
import io.proxywrap.core.codec.ProxyProtocolException.Reason;
import io.proxywrap.core.codec.V2;
import io.proxywrap.core.connection.PortStatistics.Outcome;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PortStatisticsTest {

    private final PortStatistics statistics = new PortStatistics(8080);

    /** One connection: accepted, fed {@code bytes} in one read, observed. */
    private PortStatistics.Tracker connection(boolean required, byte[] bytes) {
        PortStatistics.Tracker tracker = statistics.accept();
        ProxyHeaderReader reader = new ProxyHeaderReader(new ProxyHeaderDecoder(), required, true);
        ByteBuffer buf = ByteBuffer.allocate(256).put(bytes);
        try {
            reader.afterRead(buf, bytes.length);
        } catch (ProxyProtocolException e) {
            // Counted below, from the reader's state.
        }
        tracker.observe(reader);
        return tracker;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void eachOutcomeIsCountedOnceAndNothingStaysPending() {
        connection(true, ascii("PROXY TCP4 192.0.2.1 198.51.100.2 51000 8080\r\n"));
        connection(true, V2.proxy(V2.TCP4).inet().build());
        connection(true, V2.proxy(V2.TCP4).inet().build());
        connection(true, V2.local(V2.TCP4).build());
        connection(true, ascii("PROXY UNKNOWN\r\n"));
        connection(false, ascii("GET / HTTP/1.1\r\n\r\n"));
        connection(true, ascii("GET / HTTP/1.1\r\n\r\n"));
        connection(true, ascii("PROXY TCP4 192.0.2.1 198.51.100.2 51000\r\n"));

        assertEquals(8, statistics.accepted());
        assertEquals(1, statistics.count(Outcome.V1));
        assertEquals(2, statistics.count(Outcome.V2));
        assertEquals(2, statistics.count(Outcome.LOCAL_OR_UNKNOWN));
        assertEquals(1, statistics.count(Outcome.NO_HEADER));
        assertEquals(1, statistics.rejected(Reason.MISSING));
        assertEquals(1, statistics.rejected(Reason.MALFORMED));
        assertEquals(0, statistics.pending());
    }

    @Test
    void aConnectionAwaitingItsHeaderIsPendingUntilItEnds() {
        PortStatistics.Tracker tracker = connection(true, Arrays.copyOf(V2.proxy(V2.TCP4).inet().build(), 10));
        assertEquals(1, statistics.pending());

        tracker.closed();
        assertEquals(0, statistics.pending());
        assertEquals(1, statistics.count(Outcome.ENDED_BEFORE_HEADER));
        tracker.closed();
        assertEquals(1, statistics.count(Outcome.ENDED_BEFORE_HEADER), "counted once");
    }

    @Test
    void aTimeoutIsARejectionAndTheCloseAfterItChangesNothing() {
        PortStatistics.Tracker tracker = connection(true, new byte[0]);
        assertTrue(tracker.timedOut());
        tracker.closed();
        assertFalse(tracker.timedOut(), "already counted");
        assertEquals(1, statistics.rejected(Reason.TIMEOUT));
        assertEquals(0, statistics.count(Outcome.ENDED_BEFORE_HEADER));
        assertEquals(0, statistics.pending());
    }

    @Test
    void aDecidedConnectionIsNotCountedAgainWhenItCloses() {
        PortStatistics.Tracker tracker = connection(true, ascii("PROXY TCP4 192.0.2.1 198.51.100.2 51000 8080\r\n"));
        tracker.closed();
        assertFalse(tracker.timedOut());
        assertEquals(1, statistics.count(Outcome.V1));
        assertEquals(0, statistics.count(Outcome.ENDED_BEFORE_HEADER));
    }
}
