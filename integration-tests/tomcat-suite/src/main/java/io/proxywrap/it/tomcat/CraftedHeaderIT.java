package io.proxywrap.it.tomcat;

import static io.proxywrap.it.tomcat.TomcatUnderTest.expectedAccessLine;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxywrap.it.support.LoopbackPorts;
import io.proxywrap.it.support.ProxyHeaderBytes;
import io.proxywrap.it.support.SelfSignedCertificate;
import io.proxywrap.it.tomcat.server.EchoValve;
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
 * and destination, and every byte after the header must reach Tomcat once and in order.
 */
@Tag("supported-line")
class CraftedHeaderIT {

    @RegisterExtension
    static final TomcatExtension TOMCAT = TomcatExtension.allConnectors();

    private static final String CLIENT = LoopbackPorts.CLIENT_ADDRESS.getHostAddress();
    private static final AtomicInteger REQUESTS = new AtomicInteger();

    /** Plain HTTP to the plain connector, or TLS (after the header) to the TLS connector. */
    enum Transport {
        PLAIN, TLS;

        int port(TomcatUnderTest tomcat) {
            return this == PLAIN ? tomcat.http : tomcat.tls;
        }

        SelfSignedCertificate certificate(TomcatUnderTest tomcat) {
            return this == PLAIN ? null : tomcat.certificate();
        }
    }

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
        TomcatUnderTest tomcat = TOMCAT.get();
        HeaderDelivery delivery = how.of(header.bytes());
        String first = "/crafted/r" + REQUESTS.incrementAndGet();
        try (RawClient client = RawClient.open(transport.port(tomcat), delivery, transport.certificate(tomcat))) {
            assertHeaderReported(client.get(first), header, transport, client);
            assertHeaderReported(client.get("/crafted/r" + REQUESTS.incrementAndGet()), header, transport, client);
            // The Host header has no port, so the log's server port is the reported scheme's default.
            int serverPort = scheme(header, transport).equals("https") ? 443 : 80;
            assertEquals(expectedAccessLine(header.sourceText(), header.source.getPort(), serverPort, "GET", first,
                    "HTTP/1.1", 200), tomcat.accessLogLine("GET", first, "HTTP/1.1"));
        }
    }

    /** The header in two writes, cut after each of its bytes in turn, each on a new connection. */
    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("headersAndTransports")
    void headerSplitAtEveryOffset(CraftedHeader header, Transport transport) throws IOException {
        TomcatUnderTest tomcat = TOMCAT.get();
        byte[] bytes = header.bytes();
        for (int offset = 1; offset <= bytes.length; offset++) {
            HeaderDelivery delivery = HeaderDelivery.splitAt(bytes, offset);
            try (RawClient client = RawClient.open(transport.port(tomcat), delivery, transport.certificate(tomcat))) {
                Echo echo = client.get("/split/" + offset);
                try {
                    assertHeaderReported(echo, header, transport, client);
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
        TomcatUnderTest tomcat = TOMCAT.get();
        CraftedHeader header = CraftedHeader.V2_TCP4;
        byte[] body = new byte[1024 * 1024 + 4099];
        new Random(1130).nextBytes(body);
        CRC32 crc = new CRC32();
        crc.update(body);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(RawClient.request("POST", "/post/" + transport, "Content-Type: application/octet-stream\r\n"
                + "Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(body);
        try (RawClient client = RawClient.open(transport.port(tomcat), HeaderDelivery.oneWrite(header.bytes()),
                transport.certificate(tomcat))) {
            client.write(request.toByteArray());
            Echo echo = RawClient.echoOf(client.readResponse());
            assertHeaderReported(echo, header, transport, client);
            echo.assertField("bodyLength", Integer.toString(body.length))
                    .assertField("bodyCrc32", Long.toHexString(crc.getValue()));
        }
    }

    /** Header and three pipelined requests in one write: three responses, each reporting the header. */
    @ParameterizedTest(name = "over {0}")
    @EnumSource(Transport.class)
    void pipelinedRequestsAfterTheHeader(Transport transport) throws IOException {
        TomcatUnderTest tomcat = TOMCAT.get();
        CraftedHeader header = CraftedHeader.V1_TCP4;
        List<String> uris = List.of("/pipelined/" + transport + "/1", "/pipelined/" + transport + "/2",
                "/pipelined/" + transport + "/3");
        StringBuilder requests = new StringBuilder();
        uris.forEach(uri -> requests.append(RawClient.request("GET", uri, "")));
        try (RawClient client = RawClient.open(transport.port(tomcat), HeaderDelivery.oneWrite(header.bytes()),
                transport.certificate(tomcat))) {
            client.write(requests.toString());
            for (String uri : uris) {
                Echo echo = RawClient.echoOf(client.readResponse());
                echo.assertField("uri", uri);
                assertHeaderReported(echo, header, transport, client);
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
        TomcatUnderTest tomcat = TOMCAT.get();
        try (RawClient client = RawClient.open(tomcat.http, HeaderDelivery.oneWrite(header))) {
            client.get("/no-client/" + REQUESTS.incrementAndGet())
                    .assertRemote(CLIENT, client.localPort())
                    .assertLocal(LoopbackPorts.LOOPBACK.getHostAddress(), tomcat.http)
                    .assertScheme("http");
        }
    }

    /** https when the connector is TLS or the header's SSL TLV says the client used TLS. */
    private static String scheme(CraftedHeader header, Transport transport) {
        return transport == Transport.TLS || header.saysClientUsedTls() ? "https" : "http";
    }

    /** The request reports the header's addresses, its attributes, and the scheme it implies. */
    private static void assertHeaderReported(Echo echo, CraftedHeader header, Transport transport, RawClient client) {
        echo.assertRemote(header.sourceText(), header.source.getPort())
                .assertLocal(header.destinationText(), header.destination.getPort())
                .assertField("protocol", "HTTP/1.1")
                .assertScheme(scheme(header, transport))
                .assertField("proxywrap.version", Integer.toString(header.version))
                // the real peer: this client, not a balancer
                .assertField("proxywrap.proxy.address", CLIENT)
                .assertField("proxywrap.proxy.port", Integer.toString(client.localPort()));
        for (String attribute : EchoValve.ATTRIBUTES) {
            if (!attribute.startsWith("proxywrap.proxy.") && !attribute.equals("proxywrap.version")) {
                echo.assertField(attribute, header.tlvAttributes.get(attribute));
            }
        }
    }
}
