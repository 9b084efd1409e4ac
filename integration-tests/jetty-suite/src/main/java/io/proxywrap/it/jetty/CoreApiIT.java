package io.proxywrap.it.jetty;

import io.proxywrap.it.server.CraftedHeader;
import io.proxywrap.it.server.Echo;
import io.proxywrap.it.server.HeaderDelivery;
import io.proxywrap.it.server.RawClient;
import io.proxywrap.it.server.ServerExtension;
import io.proxywrap.it.server.ServerUnderTest;
import io.proxywrap.it.server.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Jetty 12's core API, which applications without servlets use: a core Handler at
 * {@code /core/} echoes what {@code Request.getRemoteAddr(request)}, {@code getRemotePort},
 * {@code getLocalAddr/Port}, {@code isSecure()}, the URI's scheme and the request's attributes
 * report. They must show the header as the servlet API does (the server suite tests that one).
 * Only the 12.x modules run it (tag {@code jetty-core-api}).
 */
@Tag("supported-line")
@Tag("jetty-core-api")
class CoreApiIT {

    @RegisterExtension
    static final ServerExtension SERVER = ServerExtension.allConnectors();

    static Stream<Arguments> headersAndTransports() {
        return Stream.of(CraftedHeader.V1_TCP4, CraftedHeader.V2_TCP6_WITH_TLVS)
                .flatMap(header -> Stream.of(Transport.values()).map(transport -> Arguments.of(header, transport)));
    }

    /** Two requests on the connection: both report the header. */
    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("headersAndTransports")
    void coreRequestReportsTheHeader(CraftedHeader header, Transport transport) throws IOException {
        ServerUnderTest server = SERVER.get();
        try (RawClient client = RawClient.open(transport.port(server), HeaderDelivery.oneWrite(header.bytes()),
                transport.certificate(server))) {
            header.assertReported(client.get("/core/first").assertField("uri", "/core/first"), transport, client);
            header.assertReported(client.get("/core/second"), transport, client);
        }
    }

    /** A body read through the core API's Content.Source arrives whole and in order after the header. */
    @ParameterizedTest(name = "over {0}")
    @EnumSource(Transport.class)
    void coreBodyAfterTheHeader(Transport transport) throws IOException {
        ServerUnderTest server = SERVER.get();
        CraftedHeader header = CraftedHeader.V2_TCP4;
        byte[] body = new byte[256 * 1024 + 7];
        new Random(12).nextBytes(body);
        CRC32 crc = new CRC32();
        crc.update(body);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(RawClient.request("POST", "/core/post", "Content-Length: " + body.length + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
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
}
