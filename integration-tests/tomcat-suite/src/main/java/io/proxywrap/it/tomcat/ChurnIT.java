package io.proxywrap.it.tomcat;

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
 * in CLOSE_WAIT (a connection the server never closed). Per-connection state lives with Tomcat's
 * own connection object, so nothing of ours can grow.
 */
@Tag("supported-line")
class ChurnIT {

    @RegisterExtension
    static final TomcatExtension TOMCAT = TomcatExtension.oneListedPort();

    private static final int WARM_UP = 500;
    private static final int CONNECTIONS = 50_000;
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final CraftedHeader HEADER = CraftedHeader.V1_TCP4;

    @Test
    void fiftyThousandConnectionsLeaveNothingBehind() throws Exception {
        TomcatUnderTest tomcat = TOMCAT.get();
        // JMX first: attaching opens the server JVM's management agent and its files for good.
        try (PortCounters counters = PortCounters.of(tomcat, tomcat.http)) {
            // Tomcat opens what it keeps open (the access log, its workers) on first use.
            churn(tomcat, WARM_UP);
            long filesBefore = openFiles(tomcat.pid());

            churn(tomcat, CONNECTIONS);

            Poll.until(SETTLE, () -> counters.get("Pending") == 0 ? true : null,
                    () -> "headers still pending: " + counters.read());
            assertEquals(WARM_UP + CONNECTIONS, counters.get("Accepted"));
            assertEquals(WARM_UP + CONNECTIONS, counters.get("V1Headers"));
            Poll.until(SETTLE, () -> openFiles(tomcat.pid()) <= filesBefore ? true : null,
                    () -> "open files: " + openFiles(tomcat.pid()) + ", before the churn: " + filesBefore);
        }
        Poll.until(SETTLE, () -> LoopbackPorts.closeWaiting(tomcat.http) == 0 ? true : null,
                () -> LoopbackPorts.closeWaiting(tomcat.http) + " of the server's sockets in CLOSE_WAIT");
    }

    private static void churn(TomcatUnderTest tomcat, int connections) throws IOException {
        for (int i = 0; i < connections; i++) {
            try (RawClient client = RawClient.open(tomcat.http, HeaderDelivery.oneWrite(HEADER.bytes()))) {
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
