package io.proxywrap.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxywrap.it.support.LoopbackPorts;
import io.proxywrap.it.support.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Churn: 50,000 connections, each a header, one request and a close, leave nothing behind in
 * the server: no header pending, its open file descriptors back where they were, and no socket
 * in CLOSE_WAIT (a connection the server never closed). Per-connection state lives with the
 * server's own connection object, so nothing of ours can grow. Tagged {@code load}: a family's
 * suite runs it on one of its lines, not necessarily on all.
 */
@Tag("supported-line")
@Tag("load")
class ChurnIT {

    @RegisterExtension
    static final ServerExtension SERVER = ServerExtension.oneListedPort();

    private static final int WARM_UP = 500;
    private static final int CONNECTIONS = 50_000;
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final CraftedHeader HEADER = CraftedHeader.V1_TCP4;

    @Test
    void fiftyThousandConnectionsLeaveNothingBehind() throws Exception {
        ServerUnderTest server = SERVER.get();
        // JMX first: attaching opens the server JVM's management agent and its files for good.
        try (PortCounters counters = PortCounters.of(server, server.http)) {
            // The server opens what it keeps open (the access log, its workers) on first use.
            churn(server, WARM_UP);
            long filesBefore = openFiles(server.pid());

            churn(server, CONNECTIONS);

            Poll.until(SETTLE, () -> counters.get("Pending") == 0 ? true : null,
                    () -> "headers still pending: " + counters.read());
            assertEquals(WARM_UP + CONNECTIONS, counters.get("Accepted"));
            assertEquals(WARM_UP + CONNECTIONS, counters.get("V1Headers"));
            Poll.until(SETTLE, () -> openFiles(server.pid()) <= filesBefore ? true : null,
                    () -> "open files: " + openFiles(server.pid()) + ", before the churn: " + filesBefore);
        }
        Poll.until(SETTLE, () -> LoopbackPorts.closeWaiting(server.http) == 0 ? true : null,
                () -> LoopbackPorts.closeWaiting(server.http) + " of the server's sockets in CLOSE_WAIT");
    }

    private static void churn(ServerUnderTest server, int connections) throws IOException {
        for (int i = 0; i < connections; i++) {
            try (RawClient client = RawClient.open(server.http, HeaderDelivery.oneWrite(HEADER.bytes()))) {
                client.write(RawClient.request("GET", "/churn", "Connection: close\r\n"));
                assertEquals(200, client.readResponse().status());
            }
        }
    }

    private static long openFiles(long pid) {
        try (Stream<Path> files = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
