package io.proxywrap.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proxywrap.core.codec.ProxyHeaderDecoder;
import io.proxywrap.core.codec.ProxyProtocolException;
import io.proxywrap.core.codec.ProxyProtocolException.Reason;
import io.proxywrap.core.codec.V2;
import io.proxywrap.core.connection.PortStatistics.Outcome;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What each outcome counts. That each connection is counted once, whatever races, is up to the
 * connection: HeaderReadingConnectionTest.
 */
class PortStatisticsTest {

    private final PortStatistics statistics = new PortStatistics(8080);

    /** One connection: accepted, and a reader fed {@code bytes} in one read. */
    private ProxyHeaderReader connection(boolean required, byte[] bytes) {
        statistics.countAccepted();
        ProxyHeaderReader reader = new ProxyHeaderReader(new ProxyHeaderDecoder(), required, true);
        ByteBuffer buf = ByteBuffer.allocate(256).put(bytes);
        try {
            reader.afterRead(buf, bytes.length);
        } catch (ProxyProtocolException e) {
            // Counted from the reader's state.
        }
        return reader;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void eachDecisionCountsItsOutcomeAndNothingStaysPending() {
        statistics.countDecided(connection(true, ascii("PROXY TCP4 192.0.2.1 198.51.100.2 51000 8080\r\n")));
        statistics.countDecided(connection(true, V2.proxy(V2.TCP4).inet().build()));
        statistics.countDecided(connection(true, V2.proxy(V2.TCP4).inet().build()));
        statistics.countDecided(connection(true, V2.local(V2.TCP4).build()));
        statistics.countDecided(connection(true, ascii("PROXY UNKNOWN\r\n")));
        statistics.countDecided(connection(false, ascii("GET / HTTP/1.1\r\n\r\n")));
        statistics.countDecided(connection(true, ascii("GET / HTTP/1.1\r\n\r\n")));
        statistics.countDecided(connection(true, ascii("PROXY TCP4 192.0.2.1 198.51.100.2 51000\r\n")));

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
    void anEndOfStreamBeforeTheHeaderIsDecidedAsEndedBeforeHeader() throws Exception {
        ProxyHeaderReader reader = connection(true, Arrays.copyOf(V2.proxy(V2.TCP4).inet().build(), 10));
        reader.afterRead(ByteBuffer.allocate(16), -1);
        statistics.countDecided(reader);
        assertEquals(1, statistics.count(Outcome.ENDED_BEFORE_HEADER));
        assertEquals(0, statistics.pending());
    }

    @Test
    void aConnectionAwaitingItsHeaderIsPendingUntilItsOutcomeIsCounted() {
        ProxyHeaderReader reader = connection(true, Arrays.copyOf(V2.proxy(V2.TCP4).inet().build(), 10));
        assertEquals(1, statistics.pending());
        assertThrows(IllegalStateException.class, () -> statistics.countDecided(reader), "nothing decided yet");
        assertEquals(1, statistics.pending());

        statistics.countEndedBeforeHeader();
        assertEquals(0, statistics.pending());
        assertEquals(1, statistics.count(Outcome.ENDED_BEFORE_HEADER));
    }

    @Test
    void aTimeoutIsARejection() {
        connection(true, new byte[0]);
        statistics.countTimeout();
        assertEquals(1, statistics.rejected(Reason.TIMEOUT));
        assertEquals(0, statistics.count(Outcome.ENDED_BEFORE_HEADER));
        assertEquals(0, statistics.pending());
    }
}
