package io.proxywrap.it.server;

import static io.proxywrap.it.server.ServerUnderTest.expectedAccessLine;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxywrap.it.support.LoopbackPorts;
import io.proxywrap.it.support.ProxyHeaderBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Headers written by the test itself from 127.0.0.42, delivered every way TCP may cut them: one
 * byte per write, split in two at every offset, and together with what follows (the request, or
 * the TLS ClientHello when the connector is TLS). Every request must report the header's source
 * and destination, and every byte after the header must reach the server once and in order.
 */
@Tag("supported-line")
class CraftedHeaderIT {

    @RegisterExtension
    static final ServerExtension SERVER = ServerExtension.allConnectors();

    private static final String CLIENT = LoopbackPorts.CLIENT_ADDRESS.getHostAddress();
    private static final AtomicInteger REQUESTS = new AtomicInteger();

    static Stream<Arguments> headersAndTransports() {
        List<Arguments> all = new ArrayList<>();
        for (CraftedHeader header : CraftedHeader.values()) {
            for (Transport transport : Transport.values()) {
                all.add(Arguments.of(header, transport));
            }
        }
        return all.stream();
    }

    /** The deliveries that send the whole header before the client waits for anything. */
    enum WholeDelivery {
        IN_ONE_WRITE_WITH_WHAT_FOLLOWS(HeaderDelivery::oneWrite),
        ONE_BYTE_PER_WRITE(HeaderDelivery::bytePerWrite);

        private final Function<byte[], HeaderDelivery> delivery;

        WholeDelivery(Function<byte[], HeaderDelivery> delivery) {
            this.delivery = delivery;
        }

        HeaderDelivery of(byte[] header) {
            return delivery.apply(header);
        }
    }

    static Stream<Arguments> wholeDeliveries() {
        List<Arguments> all = new ArrayList<>();
        for (CraftedHeader header : CraftedHeader.values()) {
            for (Transport transport : Transport.values()) {
                for (WholeDelivery delivery : WholeDelivery.values()) {
                    all.add(Arguments.of(header, transport, delivery));
                }
            }
        }
        return all.stream();
    }

    /**
     * Two requests on the connection: both report the header (not only the first), and the
     * access log line of the first shows the header's source.
     */
    @ParameterizedTest(name = "{0} over {1}, {2}")
    @MethodSource("wholeDeliveries")
    void headerThenTwoRequests(CraftedHeader header, Transport transport, WholeDelivery how) throws IOException {
        ServerUnderTest server = SERVER.get();
        HeaderDelivery delivery = how.of(header.bytes());
        String first = "/crafted/r" + REQUESTS.incrementAndGet();
        try (RawClient client = RawClient.open(transport.port(server), delivery, transport.certificate(server))) {
            header.assertReported(client.get(first), transport, client);
            header.assertReported(client.get("/crafted/r" + REQUESTS.incrementAndGet()), transport, client);
            // The Host header has no port, so the log's server port is the reported scheme's default.
            int serverPort = transport.scheme(header).equals("https") ? 443 : 80;
            assertEquals(expectedAccessLine(header.sourceText(), header.source.getPort(), serverPort, "GET", first,
                    "HTTP/1.1", 200), server.accessLogLine("GET", first, "HTTP/1.1"));
        }
    }

    /** The header in two writes, cut after each of its bytes in turn, each on a new connection. */
    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("headersAndTransports")
    void headerSplitAtEveryOffset(CraftedHeader header, Transport transport) throws IOException {
        ServerUnderTest server = SERVER.get();
        byte[] bytes = header.bytes();
        for (int offset = 1; offset <= bytes.length; offset++) {
            HeaderDelivery delivery = HeaderDelivery.splitAt(bytes, offset);
            try (RawClient client = RawClient.open(transport.port(server), delivery, transport.certificate(server))) {
                Echo echo = client.get("/split/" + offset);
                try {
                    header.assertReported(echo, transport, client);
                } catch (AssertionError e) {
                    throw new AssertionError(delivery + " of " + bytes.length + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * A POST of over 1 MiB right after the header, in one write: every body byte arrives once and
     * in order (length and CRC32 as sent), and the request reports the header.
     */
    @ParameterizedTest(name = "over {0}")
    @EnumSource(Transport.class)
    void largeBodyAfterTheHeader(Transport transport) throws IOException {
        ServerUnderTest server = SERVER.get();
        CraftedHeader header = CraftedHeader.V2_TCP4;
        byte[] body = new byte[1024 * 1024 + 4099];
        new Random(1130).nextBytes(body);
        CRC32 crc = new CRC32();
        crc.update(body);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(RawClient.request("POST", "/post/" + transport, "Content-Type: application/octet-stream\r\n"
                + "Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(body);
        try (RawClient client = RawClient.open(transport.port(server), HeaderDelivery.oneWrite(header.bytes()),
                transport.certificate(server))) {
            client.write(request.toByteArray());
            Echo echo = RawClient.echoOf(client.readResponse());
            header.assertReported(echo, transport, client);
            echo.assertField("bodyLength", Integer.toString(body.length))
                    .assertField("bodyCrc32", Long.toHexString(crc.getValue()));
        }
    }

    /** Header and three pipelined requests in one write: three responses, each reporting the header. */
    @ParameterizedTest(name = "over {0}")
    @EnumSource(Transport.class)
    void pipelinedRequestsAfterTheHeader(Transport transport) throws IOException {
        ServerUnderTest server = SERVER.get();
        CraftedHeader header = CraftedHeader.V1_TCP4;
        List<String> uris = List.of("/pipelined/" + transport + "/1", "/pipelined/" + transport + "/2",
                "/pipelined/" + transport + "/3");
        StringBuilder requests = new StringBuilder();
        uris.forEach(uri -> requests.append(RawClient.request("GET", uri, "")));
        try (RawClient client = RawClient.open(transport.port(server), HeaderDelivery.oneWrite(header.bytes()),
                transport.certificate(server))) {
            client.write(requests.toString());
            for (String uri : uris) {
                Echo echo = RawClient.echoOf(client.readResponse());
                echo.assertField("uri", uri);
                header.assertReported(echo, transport, client);
            }
        }
    }

    static Stream<Arguments> headersWithoutAClient() {
        return Stream.of(
                Arguments.of("v2 LOCAL", ProxyHeaderBytes.v2().local().build()),
                Arguments.of("v2 LOCAL with an address block (skipped)", ProxyHeaderBytes.v2().local()
                        .addresses(CraftedHeader.V2_TCP4.source, CraftedHeader.V2_TCP4.destination).build()),
                Arguments.of("v2 LOCAL with a CRC32C", ProxyHeaderBytes.v2().local().crc32c().build()),
                Arguments.of("v1 UNKNOWN", ProxyHeaderBytes.v1("PROXY UNKNOWN\r\n")),
                Arguments.of("v1 UNKNOWN with addresses (ignored)",
                        ProxyHeaderBytes.v1("PROXY UNKNOWN ffff:f...:ffff ffff:f...:ffff 65535 65535\r\n")),
                Arguments.of("v1 UNKNOWN of 107 bytes, the longest allowed", ProxyHeaderBytes.v1(
                        "PROXY UNKNOWN " + "x".repeat(107 - "PROXY UNKNOWN ".length() - 2) + "\r\n")));
    }

    /**
     * Headers that carry no client (a v2 LOCAL health check, v1 UNKNOWN in its forms): the
     * request reports the real socket's addresses.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("headersWithoutAClient")
    void headersWithoutAClientReportTheRealSocket(String kind, byte[] header) throws IOException {
        ServerUnderTest server = SERVER.get();
        try (RawClient client = RawClient.open(server.http, HeaderDelivery.oneWrite(header))) {
            client.get("/no-client/" + REQUESTS.incrementAndGet())
                    .assertRemote(CLIENT, client.localPort())
                    .assertLocal(LoopbackPorts.LOOPBACK.getHostAddress(), server.http)
                    .assertScheme("http");
        }
    }
}
