package io.proxywrap.it.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.it.jetty.server.JettyEchoServer;
import io.proxywrap.it.server.CraftedHeader;
import io.proxywrap.it.server.HeaderDelivery;
import io.proxywrap.it.server.RawClient;
import io.proxywrap.it.server.ServerExtension;
import io.proxywrap.it.server.ServerUnderTest;
import io.proxywrap.it.server.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Jetty's request logs behind the agent, beyond the {@code %{client}a:%{client}p} access log the
 * server suite checks: CustomRequestLog's {@code %{remote}a:%{remote}p %{local}a:%{local}p} (on
 * 9.4-11 the connection's EndPoint, not the servlet request API; on 12 the connection's metadata),
 * its default extended NCSA format, and on 9.4 the
 * deprecated NCSARequestLog with its defaults. Each written by the echo server to a file of its
 * own ({@link JettyEchoServer}). Two requests on one connection after a crafted header: both lines
 * must show the header's addresses, which (documentation ranges) only the header can have given.
 *
 * <p>A bare {@code %a} is not among them: Jetty's CustomRequestLog reads it as {@code %{server}a},
 * the request's server name (the Host header), not an address of the client (9.4-12 alike).
 */
@Tag("supported-line")
class RequestLogIT {

    @RegisterExtension
    static final ServerExtension SERVER = ServerExtension.allConnectors();

    private static final AtomicInteger REQUESTS = new AtomicInteger();

    /** The request logs the echo server writes besides the suite's access log, by line. */
    enum Log {
        /** CustomRequestLog, {@value JettyEchoServer#ENDPOINT_LOG_FORMAT}. */
        ENDPOINT(JettyEchoServer.ENDPOINT_LOG),
        /** CustomRequestLog, EXTENDED_NCSA_FORMAT: {@code %{client}a - %u %t "%r" %s %O "%{Referer}i" "%{User-Agent}i"}. */
        CUSTOM_NCSA(JettyEchoServer.NCSA_LOG),
        /** 9.4's NCSARequestLog: {@code getRemoteAddr()}, then the same NCSA fields. */
        LEGACY_NCSA(JettyEchoServer.LEGACY_NCSA_LOG);

        final String file;

        Log(String file) {
            this.file = file;
        }

        /** The logs the module's line writes: NCSARequestLog only on 9.x (10 removed it). */
        static List<Log> onThisLine() {
            return JettyFamily.VERSION.startsWith("9.") ? List.of(values()) : List.of(ENDPOINT, CUSTOM_NCSA);
        }
    }

    static Stream<Arguments> headersAndLogs() {
        List<Arguments> all = new ArrayList<>();
        for (CraftedHeader header : CraftedHeader.values()) {
            for (Log log : Log.onThisLine()) {
                all.add(Arguments.of(header, log));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{1} after {0}")
    @MethodSource("headersAndLogs")
    void bothRequestsOfAConnectionAreLoggedWithTheHeadersAddresses(CraftedHeader header, Log log) throws IOException {
        ServerUnderTest server = SERVER.get();
        List<String> uris = List.of("/request-log/r" + REQUESTS.incrementAndGet(),
                "/request-log/r" + REQUESTS.incrementAndGet());
        try (RawClient client = RawClient.open(server.http, HeaderDelivery.oneWrite(header.bytes()))) {
            for (String uri : uris) {
                header.assertReported(client.get(uri), Transport.PLAIN, client);
            }
            for (String uri : uris) {
                if (log == Log.ENDPOINT) {
                    String line = server.logLine(log.file, " GET " + uri + " HTTP/1.1 ");
                    assertEquals(endpointAddress(header.source.getAddress()) + ":" + header.source.getPort() + " "
                            + endpointAddress(header.destination.getAddress()) + ":" + header.destination.getPort()
                            + " GET " + uri + " HTTP/1.1 200", line);
                } else {
                    String line = server.logLine(log.file, "\"GET " + uri + " HTTP/1.1\"");
                    // address - user [time] "request line" status bytes "referer" "user agent"
                    assertTrue(line.startsWith(header.sourceText() + " - - [")
                            && line.contains("] \"GET " + uri + " HTTP/1.1\" 200 "), line);
                }
            }
        }
    }

    /**
     * How {@code %{remote}a}/{@code %{local}a} write an address: 9.4-11 take the HttpChannel's
     * (the EndPoint's) InetSocketAddress and write {@code getHostAddress()}, an IPv6 one bare; 12
     * writes the core {@code Request.getRemoteAddr/getLocalAddr}, from the connection's metadata,
     * an IPv6 one in brackets as everywhere else in 12.
     */
    private static String endpointAddress(InetAddress address) {
        return Integer.parseInt(JettyFamily.VERSION.substring(0, JettyFamily.VERSION.indexOf('.'))) < 12
                ? address.getHostAddress() : ServerUnderTest.family().addressText(address);
    }
}
