package io.proxywrap.it.server;

import static io.proxywrap.it.support.ProxyHeaderBytes.tlv;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.it.support.ProxyHeaderBytes;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BRIEF §4's bad headers on a port in {@code required} mode, each followed by a valid request in
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

    static Stream<Arguments> badHeaders() {
        byte[] tcp4 = CraftedHeader.V2_TCP4.bytes();
        return Stream.of(
                bad("v1 missing a port", ProxyHeaderBytes.v1("PROXY TCP4 198.51.100.23 203.0.113.80 41234\r\n")),
                bad("v1 lowercase proxy", ProxyHeaderBytes.v1("proxy TCP4 198.51.100.23 203.0.113.80 41234 443\r\n")),
                bad("v1 line of 108 bytes", ProxyHeaderBytes.v1(
                        "PROXY UNKNOWN " + "x".repeat(108 - "PROXY UNKNOWN ".length() - 2) + "\r\n")),
                bad("v1 port 65536", ProxyHeaderBytes.v1("PROXY TCP4 198.51.100.23 203.0.113.80 65536 443\r\n")),
                bad("v1 host name instead of an address",
                        ProxyHeaderBytes.v1("PROXY TCP4 localhost 203.0.113.80 41234 443\r\n")),
                bad("v1 leading zero in a port",
                        ProxyHeaderBytes.v1("PROXY TCP4 198.51.100.23 203.0.113.80 041234 443\r\n")),
                bad("v1 IPv6 address in TCP4", ProxyHeaderBytes.v1("PROXY TCP4 2001:db8::23 203.0.113.80 41234 443\r\n")),
                bad("v2 version nibble 1", withByte(tcp4, 12, 0x11)),
                bad("v2 command 0x3", withByte(tcp4, 12, 0x23)),
                bad("v2 PROXY with UNSPEC family", ProxyHeaderBytes.v2().familyTransport(ProxyHeaderBytes.UNSPEC).build()),
                bad("v2 undefined family byte", withByte(tcp4, 13, 0x41)),
                bad("v2 length 4097, over the 4096 default maximum", ProxyHeaderBytes.v2()
                        .addresses(CraftedHeader.V2_TCP4.source, CraftedHeader.V2_TCP4.destination)
                        .lengthField(4097).build()),
                bad("v2 wrong CRC32C", ProxyHeaderBytes.v2()
                        .addresses(CraftedHeader.V2_TCP4.source, CraftedHeader.V2_TCP4.destination)
                        .crc32c(0x12345678).build()),
                bad("v2 TLV overrunning the header", ProxyHeaderBytes.v2()
                        .addresses(CraftedHeader.V2_TCP4.source, CraftedHeader.V2_TCP4.destination)
                        // declares 100 bytes of value, and the header ends after 5
                        .append(Arrays.copyOf(tlv(ProxyHeaderBytes.TLV_AUTHORITY, new byte[100]), 8)).build()),
                bad("no header at all: a plain request", new byte[0]));
    }

    private static Arguments bad(String name, byte[] header) {
        return Arguments.of(name, header);
    }

    private static byte[] withByte(byte[] bytes, int index, int value) {
        byte[] copy = bytes.clone();
        copy[index] = (byte) value;
        return copy;
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("badHeaders")
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
