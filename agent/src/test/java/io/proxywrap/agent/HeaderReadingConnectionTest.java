package io.proxywrap.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.core.codec.ProxyProtocolException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HeaderReadingConnectionTest {

    private static final byte[] V1 = "PROXY TCP4 203.0.113.7 198.51.100.1 4242 443\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final InetSocketAddress BALANCER = new InetSocketAddress("127.0.0.1", 40000);

    @Test
    void aHeaderStillIncompleteAtTheDeadlineClosesTheConnection() throws Exception {
        try (LoopbackConnection connection = LoopbackConnection.open()) {
            HeaderReadingConnection state = state(connection, "timeout", "50ms");
            assertEquals(0, read(state, Arrays.copyOf(V1, 10)));
            // Not a wait for something to happen: the deadline is a fixed point in monotonic time.
            Thread.sleep(100);
            ProxyProtocolException e = assertThrows(ProxyProtocolException.class,
                    () -> read(state, Arrays.copyOfRange(V1, 10, V1.length)));
            assertEquals(ProxyProtocolException.Reason.TIMEOUT, e.reason());
        }
    }

    @Test
    void aHeaderCompletedBeforeTheDeadlineIsAccepted() throws Exception {
        try (LoopbackConnection connection = LoopbackConnection.open()) {
            HeaderReadingConnection state = state(connection, "timeout", "1m");
            assertEquals(0, read(state, Arrays.copyOf(V1, 10)));
            assertEquals(0, read(state, Arrays.copyOfRange(V1, 10, V1.length)));
            assertEquals(new InetSocketAddress("203.0.113.7", 4242), state.remoteAddress());
        }
    }

    @Test
    void theServersIdleCheckSeesTheHeaderDeadlineUntilTheHeaderIsDecided() throws Exception {
        try (LoopbackConnection connection = LoopbackConnection.open()) {
            long before = System.currentTimeMillis();
            HeaderReadingConnection state = state(connection, "timeout", "2s");
            long after = System.currentTimeMillis();
            long deadline = state.headerDeadlineMillis();
            assertTrue(deadline >= before + 2000 && deadline <= after + 2000, "accept + timeout: " + deadline);

            assertEquals(0, read(state, Arrays.copyOf(V1, 10)));
            assertEquals(deadline, state.headerDeadlineMillis(), "still awaited: the same deadline");
            assertEquals(0, read(state, Arrays.copyOfRange(V1, 10, V1.length)));
            assertEquals(0, state.headerDeadlineMillis(), "decided: no deadline");
        }
    }

    @Test
    void aRejectedHeaderLeavesNoDeadline() throws Exception {
        try (LoopbackConnection connection = LoopbackConnection.open()) {
            HeaderReadingConnection state = state(connection);
            assertThrows(ProxyProtocolException.class,
                    () -> read(state, "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(0, state.headerDeadlineMillis());
        }
    }

    /** A connection's state behind the balancer, with {@code settings} for its port. */
    private static HeaderReadingConnection state(LoopbackConnection connection, String... settings) {
        return new HeaderReadingConnection(connection.policy(settings), connection.statistics(), BALANCER, false);
    }

    private static int read(HeaderReadingConnection state, byte[] bytes) throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(256).put(bytes);
        return state.afterRead(buf, bytes.length);
    }
}
