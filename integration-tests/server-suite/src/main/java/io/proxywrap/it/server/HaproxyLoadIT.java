package io.proxywrap.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxywrap.it.support.Haproxy;
import io.proxywrap.it.support.LoopbackPorts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Load through a real balancer: 100,000 requests through haproxy {@code send-proxy-v2}, kept
 * alive and with a connection per request, from several clients at once. Not one fails, and
 * every one sees its own client's address and port, the socket's as haproxy saw it, never
 * another connection's (Undertow's CVE-2024-7885 leaked one connection's header into another).
 * The port's counters then add up: one v2 header per connection haproxy opened, no rejection.
 * Tagged {@code load}: a family's suite runs it on one of its lines.
 */
@Tag("supported-line")
@Tag("load")
class HaproxyLoadIT {

    @RegisterExtension
    static final ServerExtension SERVER = ServerExtension.oneListedPort();

    private static final int REQUESTS = 100_000;
    private static final int CLIENTS = 4;
    private static final long TIME_LIMIT_MINUTES = 5;
    private static final HeaderDelivery NO_HEADER = HeaderDelivery.oneWrite(new byte[0]);

    @Test
    void aHundredThousandKeptAliveRequests() throws Exception {
        ServerUnderTest server = SERVER.get();
        int perClient = REQUESTS / CLIENTS;
        try (PortCounters counters = PortCounters.of(server, server.http)) {
            long before = counters.get("V2Headers");
            relay(server, frontend -> {
                try (RawClient connection = RawClient.open(frontend, NO_HEADER)) {
                    for (int i = 0; i < perClient; i++) {
                        assertSeesItsClient(connection.get("/load/keep-alive"), connection);
                    }
                }
            });
            assertEquals(CLIENTS, counters.get("V2Headers") - before, () -> counters.read().toString());
            assertNoRejections(counters);
        }
    }

    @Test
    void aHundredThousandRequestsEachOnItsOwnConnection() throws Exception {
        ServerUnderTest server = SERVER.get();
        int perClient = REQUESTS / CLIENTS;
        try (PortCounters counters = PortCounters.of(server, server.http)) {
            long before = counters.get("V2Headers");
            relay(server, frontend -> {
                for (int i = 0; i < perClient; i++) {
                    try (RawClient connection = RawClient.open(frontend, NO_HEADER)) {
                        connection.write(RawClient.request("GET", "/load/close", "Connection: close\r\n"));
                        assertSeesItsClient(RawClient.echoOf(connection.readResponse()), connection);
                    }
                }
            });
            assertEquals(REQUESTS, counters.get("V2Headers") - before, () -> counters.read().toString());
            assertNoRejections(counters);
        }
    }

    private static void assertSeesItsClient(Echo echo, RawClient connection) {
        echo.assertRemote(ServerFamily.underTest().addressText(LoopbackPorts.CLIENT_ADDRESS), connection.localPort());
    }

    private static void assertNoRejections(PortCounters counters) {
        for (String name : PortCounters.NAMES) {
            if (name.startsWith("Rejected")) {
                assertEquals(0, counters.get(name), () -> name + ": " + counters.read());
            }
        }
    }

    /** What one client does, through haproxy's frontend port. */
    private interface Client {
        void run(int frontend) throws Exception;
    }

    /** haproxy in front of the server, {@link #CLIENTS} clients through it at once, each to the end. */
    private static void relay(ServerUnderTest server, Client client) throws Exception {
        int frontend = LoopbackPorts.freePort();
        try (Haproxy haproxy = Balancers.haproxy(frontend, "", server.http, "send-proxy-v2")) {
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<?>> results = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    results.add(clients.submit(() -> {
                        client.run(frontend);
                        return null;
                    }));
                }
                for (Future<?> result : results) {
                    result.get(TIME_LIMIT_MINUTES, TimeUnit.MINUTES);
                }
            } finally {
                clients.shutdownNow();
            }
        }
    }
}
