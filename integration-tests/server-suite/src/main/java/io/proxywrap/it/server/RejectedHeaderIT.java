package io.proxywrap.it.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BRIEF §4's bad headers ({@link BadHeaders}) on a port in {@code required} mode, each followed by a valid request in
 * the same write: the connection is closed before the server parses a byte (no response at all,
 * not even a 400), the agent names the peer in a WARN line, and the next, good connection to the
 * same port is served as usual.
 */
@Tag("supported-line")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RejectedHeaderIT {

    @RegisterExtension
    static final ServerExtension SERVER = ServerExtension.allConnectors();

    private static final String REQUEST = RawClient.request("GET", "/must-not-be-served", "");
    /** proxywrap.timeout's default, which the suite's server runs with. */
    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(3);

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.proxywrap.it.server.BadHeaders#all")
    void closedWithoutAResponse(String name, byte[] header) throws IOException {
        ServerUnderTest server = SERVER.get();
        int clientPort;
        try (RawClient client = RawClient.open(server.http, HeaderDelivery.oneWrite(header))) {
            clientPort = client.localPort();
            client.write(REQUEST);
            client.assertClosedWithoutResponse(name);
        }
        // One WARN line per rejected connection, naming the peer and the port (the peer's port
        // makes the line this connection's own).
        String warning = server.awaitOutputLine("closed connection from 127.0.0.42:" + clientPort + " to port "
                + server.http + ": ");
        assertTrue(warning.startsWith("[proxywrap] WARN "), warning);
        assertGoodConnectionServed(server);
    }

    /**
     * The first bytes of a header, then silence: closed without a response once the header
     * timeout has passed (within the client's 10 s read timeout), and the port still serves
     * others.
     */
    @Order(2)
    @Test
    void headerTooSlow() throws IOException {
        ServerUnderTest server = SERVER.get();
        byte[] start = Arrays.copyOf(CraftedHeader.V2_TCP4.bytes(), 10);
        try (RawClient client = RawClient.open(server.http, HeaderDelivery.oneWrite(start))) {
            client.write(new byte[0]); // sends the held bytes: the partial header alone
            client.assertClosedWithoutResponse("a partial header and nothing more");
            server.awaitOutputLine("closed connection from 127.0.0.42:" + client.localPort() + " to port "
                    + server.http + ": ");
        }
        assertGoodConnectionServed(server);
    }

    /**
     * The first bytes of a header, then the rest with a request only after the header timeout
     * has passed: the late bytes are not accepted as a header. Waiting out the timeout is the
     * condition under test, not a guess at how long something takes.
     */
    @Order(3)
    @Test
    void headerCompletedAfterTheTimeout() throws IOException, InterruptedException {
        ServerUnderTest server = SERVER.get();
        try (RawClient client = RawClient.open(server.http, HeaderDelivery.splitAt(CraftedHeader.V1_TCP4.bytes(), 10))) {
            Thread.sleep(HEADER_TIMEOUT.plusMillis(500).toMillis());
            client.write(REQUEST); // the rest of the header goes with it
            client.assertClosedWithoutResponse("the rest of the header after the timeout");
            server.awaitOutputLine("closed connection from 127.0.0.42:" + client.localPort() + " to port "
                    + server.http + ": ");
        }
        assertGoodConnectionServed(server);
    }

    private static void assertGoodConnectionServed(ServerUnderTest server) throws IOException {
        CraftedHeader good = CraftedHeader.V1_TCP4;
        try (RawClient client = RawClient.open(server.http, HeaderDelivery.oneWrite(good.bytes()))) {
            client.get("/after-a-rejection").assertRemote(good.sourceText(), good.source.getPort());
        }
    }
}
