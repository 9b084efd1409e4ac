package io.proxywrap.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.proxywrap.it.support.Poll;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that misbehave around the header without sending a bad one. Each leaves no header
 * pending in the port's counters, is not counted as a rejection it is not, and the port goes on
 * serving. The server is this class's own, so nothing else touches its counters.
 */
@Tag("supported-line")
class FaultsIT {

    @RegisterExtension
    static final ServerExtension SERVER = ServerExtension.oneListedPort();

    /** proxywrap.timeout's default, which the suite's server runs with. */
    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(3);
    /** Well inside the header timeout: what settles by then was not settled by the timeout. */
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final CraftedHeader HEADER = CraftedHeader.V1_TCP4;

    /** A reset after half a header: the connection's state goes with it, not at the timeout. */
    @Test
    void clientResetMidHeader() throws Exception {
        ServerUnderTest server = SERVER.get();
        try (PortCounters counters = PortCounters.of(server, server.http)) {
            long timeoutsBefore = counters.get("RejectedTimeout");
            RawClient client = RawClient.open(server.http, HeaderDelivery.oneWrite(Arrays.copyOf(HEADER.bytes(), 10)));
            client.write(new byte[0]); // sends the held bytes: the partial header alone
            Poll.until(SETTLE, () -> counters.get("Pending") == 1 ? true : null,
                    () -> "the partial header is not pending: " + counters.read());
            client.reset();
            Poll.until(SETTLE, () -> counters.get("Pending") == 0 ? true : null,
                    () -> "still pending after the reset: " + counters.read());
            assertEquals(timeoutsBefore, counters.get("RejectedTimeout"), () -> counters.read().toString());
        }
        assertServed(server);
    }

    /** The client sends the header and a request, then ends its side: the request is answered. */
    @Test
    void halfCloseAfterTheHeader() throws IOException {
        ServerUnderTest server = SERVER.get();
        try (RawClient client = RawClient.open(server.http, HeaderDelivery.oneWrite(HEADER.bytes()))) {
            client.write(RawClient.request("GET", "/half-closed", "Connection: close\r\n"));
            client.shutdownOutput();
            RawClient.echoOf(client.readResponse()).assertRemote(HEADER.sourceText(), HEADER.source.getPort());
        }
    }

    /**
     * A complete header, then silence past the header timeout: the timeout is over once the header
     * is, so the connection is still open, and its first request sees the header's client.
     * Waiting out the timeout is the condition under test.
     */
    @Test
    void headerFollowedByNothing() throws Exception {
        ServerUnderTest server = SERVER.get();
        try (PortCounters counters = PortCounters.of(server, server.http);
                RawClient client = RawClient.open(server.http, HeaderDelivery.oneWrite(HEADER.bytes()))) {
            client.write(new byte[0]); // the header alone
            Poll.until(SETTLE, () -> counters.get("Pending") == 0 && counters.get("V1Headers") > 0 ? true : null,
                    () -> "the header is not done: " + counters.read());
            Thread.sleep(HEADER_TIMEOUT.plusSeconds(1).toMillis());
            client.get("/after-silence").assertRemote(HEADER.sourceText(), HEADER.source.getPort());
            assertEquals(0, counters.get("RejectedTimeout"), () -> counters.read().toString());
        }
    }

    /**
     * A second PROXY line after the first header is application data: the server's HTTP parser
     * gets it and refuses it as a request, and its addresses never replace the first header's.
     */
    @Test
    void aSecondProxyLineIsApplicationData() throws Exception {
        ServerUnderTest server = SERVER.get();
        try (PortCounters counters = PortCounters.of(server, server.http);
                RawClient client = RawClient.open(server.http, HeaderDelivery.oneWrite(HEADER.bytes()))) {
            long headersBefore = counters.get("V1Headers");
            client.get("/first").assertRemote(HEADER.sourceText(), HEADER.source.getPort());
            byte[] second = CraftedHeader.V1_TCP6.bytes();
            client.write(second);
            client.write(RawClient.request("GET", "/second", ""));
            assertNotEquals(200, client.readResponse().status(), "the second PROXY line was taken as a request");
            assertEquals(headersBefore + 1, counters.get("V1Headers"), () -> counters.read().toString());
            for (String name : PortCounters.NAMES) {
                if (name.startsWith("Rejected")) {
                    assertEquals(0, counters.get(name), () -> name + ": " + counters.read());
                }
            }
        }
    }

    private static void assertServed(ServerUnderTest server) throws IOException {
        try (RawClient client = RawClient.open(server.http, HeaderDelivery.oneWrite(HEADER.bytes()))) {
            client.get("/after-a-fault").assertRemote(HEADER.sourceText(), HEADER.source.getPort());
        }
    }
}
