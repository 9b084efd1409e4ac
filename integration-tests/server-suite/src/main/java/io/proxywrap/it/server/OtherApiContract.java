package io.proxywrap.it.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A server API besides the one the suite's other tests reach, which applications use too, on the
 * paths under a {@link #prefix()} the family's echo server gives it (e.g. Jetty 12's core
 * Handler API, Undertow's core HttpHandler API on a line with servlets): its requests must report
 * the header as the main API does (the server suite tests that one). A family's subclass names the
 * prefix and its tags.
 */
public abstract class OtherApiContract {

    @RegisterExtension
    static final ServerExtension SERVER = ServerExtension.allConnectors();

    /** The path prefix of the other API's echo, e.g. {@code /core/}, ending with a slash. */
    protected abstract String prefix();

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
            header.assertReported(client.get(prefix() + "first").assertField("uri", prefix() + "first"), transport, client);
            header.assertReported(client.get(prefix() + "second"), transport, client);
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
        request.writeBytes(RawClient.request("POST", prefix() + "post", "Content-Length: " + body.length + "\r\n")
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
