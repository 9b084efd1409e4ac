package io.proxywrap.it.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.it.support.CommandResult;
import io.proxywrap.it.support.Curl;
import io.proxywrap.it.support.Haproxy;
import io.proxywrap.it.support.HttpResponse;
import io.proxywrap.it.support.LoopbackPorts;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The agent in a server's own distribution started by its own launcher: the server's classes
 * come from the launcher's class loaders and the JSP runs in its webapp loader, unlike the
 * embedded suites where everything is on the class path. One server per test class (a fresh base
 * directory) serves every test of the class; each test's requests carry a marker of their own in
 * the query string, so that access log lines are told apart. A subclass says how its server is
 * started, and may add tests of what only that launcher does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DistributionTests {

    /** The server under test, started once for the class. */
    protected Distribution server;

    /** Starts the distribution, returning once it serves {@link WhoAmI#PAGE}. */
    protected abstract Distribution start();

    @BeforeAll
    void startServer() {
        server = start();
    }

    /**
     * Checks that the server logged no error through all the tests (the agent changed classes of
     * its loaders under it), then stops it and checks it is gone: no JVM and no listener outlive
     * the class.
     */
    @AfterAll
    void stopServer() {
        if (server == null) {
            return; // start failed, and cleaned up after itself
        }
        int port = server.port();
        List<ProcessHandle> processes;
        List<String> problems;
        try {
            processes = server.processes();
            problems = server.problems();
        } finally {
            server.close();
        }
        assertEquals(List.of(), problems, "the server logged an error");
        for (ProcessHandle process : processes) {
            assertFalse(process.isAlive(), "the server's process " + process.pid() + " "
                    + process.info().commandLine().orElse("") + " is still running after close");
        }
        assertFalse(LoopbackPorts.isListening(port), "something still listens on the server's port " + port);
    }

    /** The agent names the connector, and instruments the server without a warning. */
    @Test
    void agentReportsTheConnector() {
        String expected = server.agentConnectorLine();
        String context = server.output();
        assertTrue(server.agentLines().contains(expected), "expected the line\n" + expected + "\nin:\n" + context);
        List<String> warnings = server.agentLines().stream()
                .filter(l -> l.startsWith("[proxywrap] WARN ") && !l.startsWith("[proxywrap] WARN closed connection"))
                .collect(Collectors.toList());
        assertEquals(List.of(), warnings, "the agent instruments the server without a warning: " + context);
    }

    /**
     * A client at 127.0.0.42:{@code clientPort} (curl binds both) goes through haproxy, which
     * sends the header {@code serverOption} makes: the server must report the client, in the JSP
     * and in the access log, and the frontend haproxy was dialled on as the local end.
     */
    @ParameterizedTest(name = "haproxy {0}")
    @CsvSource({"send-proxy-v2, 2", "send-proxy, 1"})
    void clientThroughHaproxy(String serverOption, String version) {
        String marker = "haproxy-" + serverOption;
        int frontend = LoopbackPorts.freePort();
        int clientPort = LoopbackPorts.freePort(LoopbackPorts.CLIENT_ADDRESS);
        try (Haproxy haproxy = Haproxy.tcpRelay(frontend, server.port(), serverOption)) {
            CommandResult curl = Curl.fromClientAddress(clientPort,
                    "http://127.0.0.1:" + frontend + WhoAmI.PAGE + "?test=" + marker);
            String context = curl.describe() + "\n" + haproxy.output() + "\n" + server.output();
            assertEquals(0, curl.exitCode(), context);

            WhoAmI who = WhoAmI.parse(curl.stdout());
            assertEquals("127.0.0.42", who.remoteAddr(), context);
            assertEquals(clientPort, who.remotePort(), context);
            assertEquals("127.0.0.1", who.localAddr(), "the address the client dialled: " + context);
            assertEquals(frontend, who.localPort(), "the port the client dialled: " + context);
            assertFalse(who.secure(), context);
            assertEquals("http", who.scheme(), context);
            assertEquals(version, who.proxywrapVersion(), context);
            assertEquals("127.0.0.1", who.proxyAddress(), "the real peer is haproxy: " + context);

            assertAccessLog(marker, "127.0.0.42", clientPort);
        }
    }

    /** A v1 header of our own making, over a raw socket: its addresses are what the server reports. */
    @Test
    void craftedV1HeaderFromRawSocket() throws Exception {
        String marker = "raw-v1";
        RawHttp.Exchange exchange = RawHttp.exchange(server.port(),
                "PROXY TCP4 203.0.113.7 198.51.100.1 4242 443\r\n" + RawHttp.get(WhoAmI.PAGE + "?test=" + marker));
        String context = exchange + "\n" + server.output();
        HttpResponse response = exchange.http();
        assertEquals(200, response.status(), context);

        WhoAmI who = WhoAmI.parse(response.bodyText());
        assertEquals("203.0.113.7", who.remoteAddr(), context);
        assertEquals(4242, who.remotePort(), context);
        assertEquals("198.51.100.1", who.localAddr(), context);
        assertEquals(443, who.localPort(), context);
        assertFalse(who.secure(), "a v1 header says nothing of TLS: " + context);
        assertEquals("1", who.proxywrapVersion(), context);
        assertEquals("127.0.0.42", who.proxyAddress(), "the real peer: " + context);
        assertEquals("" + exchange.clientPort(), who.proxyPort(), "the real peer: " + context);

        assertAccessLog(marker, "203.0.113.7", 4242);
    }

    /**
     * Required mode: a request without a header is closed before the server parses a byte of it
     * (no response at all, one WARN naming the peer), and the next connection with a header is
     * served.
     */
    @Test
    void connectionWithoutHeaderIsClosedAndTheNextIsServed() throws Exception {
        String rejectedMarker = "no-header";
        RawHttp.Exchange rejected = RawHttp.exchange(server.port(), RawHttp.get(WhoAmI.PAGE + "?test=" + rejectedMarker));
        String context = rejected + "\n" + server.output();
        assertEquals(0, rejected.response().length, "no response byte at all: " + context);

        String warning = server.awaitAgentLine("[proxywrap] WARN closed connection from 127.0.0.42:"
                + rejected.clientPort() + " to port " + server.port() + ": ");
        System.out.println(getClass().getSimpleName() + " (" + server.version() + ") without a header: "
                + rejected.ending() + "; " + warning);

        String servedMarker = "after-no-header";
        RawHttp.Exchange served = RawHttp.exchange(server.port(), "PROXY TCP4 203.0.113.9 198.51.100.1 4343 8443\r\n"
                + RawHttp.get(WhoAmI.PAGE + "?test=" + servedMarker));
        context = served + "\n" + server.output();
        HttpResponse response = served.http();
        assertEquals(200, response.status(), context);
        WhoAmI who = WhoAmI.parse(response.bodyText());
        assertEquals("203.0.113.9", who.remoteAddr(), context);
        assertEquals(4343, who.remotePort(), context);

        assertAccessLog(servedMarker, "203.0.113.9", 4343);
        // The rejected connection closed before the served one was opened, and a server logs a
        // request when it is done: had it reached the server, its line would be there by now.
        List<String> leaked = server.accessLog().stream().filter(l -> l.contains("?test=" + rejectedMarker + " "))
                .collect(Collectors.toList());
        assertEquals(List.of(), leaked, "the server never saw the request without a header");
    }

    /** The access log line of the request with {@code marker}, as {@link Distribution#ACCESS_LOG_SHAPE} says. */
    private void assertAccessLog(String marker, String clientAddress, int clientPort) {
        String logged = server.awaitAccessLogLine("?test=" + marker + " ");
        String expected = clientAddress + " " + clientAddress + " " + clientPort + " \"GET " + WhoAmI.PAGE + "?test="
                + marker + " ";
        assertTrue(logged.startsWith(expected) && logged.endsWith("\" 200"),
                "expected " + expected + "... 200, logged: " + logged);
    }
}
