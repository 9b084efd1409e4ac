package io.proxywrap.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxywrap.it.support.Poll;
import io.proxywrap.it.support.ProxyHeaderBytes;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-port counters, read over JMX from the server's JVM as jconsole would (the attach
 * API's local management agent): a known mix of connections moves exactly the counters it should.
 * The server is this class's own, so nothing else has touched its counters.
 */
@Tag("supported-line")
class CountersIT {

    @RegisterExtension
    static final ServerExtension SERVER = ServerExtension.allConnectors();

    private static final Duration SETTLE = Duration.ofSeconds(10);

    @Test
    void eachConnectionMovesItsCounter() throws Exception {
        ServerUnderTest server = SERVER.get();
        try (PortCounters counters = PortCounters.of(server, server.http)) {
            Map<String, Long> expected = new LinkedHashMap<>();
            for (String counter : PortCounters.NAMES) {
                expected.put(counter, 0L);
            }
            assertEquals(expected, counters.read(), "a port nobody connected to yet");

            get(server, CraftedHeader.V1_TCP4.bytes());
            get(server, CraftedHeader.V2_TCP4.bytes());
            get(server, CraftedHeader.V2_TCP6_WITH_TLVS.bytes());
            get(server, ProxyHeaderBytes.v2().local().build());
            rejected(server, "PROXY TCP4 192.0.2.1 198.51.100.2 51000\r\n");
            rejected(server, "GET / HTTP/1.1\r\n\r\n");

            expected.put("Accepted", 6L);
            expected.put("V1Headers", 1L);
            expected.put("V2Headers", 2L);
            expected.put("LocalOrUnknown", 1L);
            expected.put("RejectedMalformed", 1L);
            expected.put("RejectedMissing", 1L);
            // Counted as each connection is decided, which is before its response: poll, bounded.
            Poll.until(SETTLE, () -> expected.equals(counters.read()) ? true : null,
                    () -> "counters " + counters.read() + ", expected " + expected);
        }
    }

    private static void get(ServerUnderTest server, byte[] header) throws IOException {
        try (RawClient client = RawClient.open(server.http, HeaderDelivery.oneWrite(header))) {
            client.write(RawClient.request("GET", "/counted", ""));
            assertEquals(200, client.readResponse().status());
        }
    }

    private static void rejected(ServerUnderTest server, String bytes) throws IOException {
        try (RawClient client = RawClient.open(server.http, HeaderDelivery.oneWrite(new byte[0]))) {
            client.write(bytes);
            client.assertClosedWithoutResponse(bytes);
        }
    }
}
