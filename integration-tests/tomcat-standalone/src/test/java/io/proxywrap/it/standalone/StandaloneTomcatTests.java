package io.proxywrap.it.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.it.support.CommandResult;
import io.proxywrap.it.support.Curl;
import io.proxywrap.it.support.Haproxy;
import io.proxywrap.it.support.HttpResponse;
import io.proxywrap.it.support.LoopbackPorts;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The agent in a Tomcat distribution started by its own {@code catalina.sh run}, with the agent
 * in {@code CATALINA_OPTS}: Tomcat's classes come from the common class loader and the JSP runs
 * in its webapp loader, unlike the embedded suite where everything is on the class path. One
 * Tomcat per line (a fresh CATALINA_BASE) serves every test of the class; each test's requests
 * carry a marker of their own in the query string, so that access log lines are told apart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StandaloneTomcatTests {

    private static final String HAPROXY_DEFAULTS = ""
            + "defaults\n"
            + "  mode tcp\n"
            + "  timeout connect 5s\n"
            + "  timeout client 30s\n"
            + "  timeout server 30s\n";

    private final String line;
    private StandaloneTomcat tomcat;

    /** @param line the Tomcat line, "10.1": selects the distribution Maven unpacked */
    StandaloneTomcatTests(String line) {
        this.line = line;
    }

    @BeforeAll
    void startTomcat() {
        tomcat = StandaloneTomcat.start(line);
    }

    /**
     * Checks that Tomcat logged no error through all the tests (the agent changed classes of its
     * common loader under it), then stops it and checks it is gone: no JVM and no listener
     * outlive the class.
     */
    @AfterAll
    void stopTomcat() {
        if (tomcat == null) {
            return; // start failed, and cleaned up after itself
        }
        long pid = tomcat.pid();
        int port = tomcat.port();
        Optional<String> severe;
        try {
            severe = tomcat.outputLine(l -> l.contains(" SEVERE ") || l.contains("Exception"));
        } finally {
            tomcat.close();
        }
        assertEquals(Optional.empty(), severe, "Tomcat logged an error");
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                "Tomcat's JVM (pid " + pid + ") is still running after close");
        assertFalse(LoopbackPorts.isListening(port), "something still listens on Tomcat's port " + port);
    }

    @Test
    void agentReportsTheConnectorAndCatalinaShRanItOnOurJdk() {
        int port = tomcat.port();
        String expected = "[proxywrap] Apache Tomcat/" + tomcat.version() + ": connector \"http-nio-127.0.0.1-"
                + port + "\" on port " + port + " reads PROXY headers";
        String context = tomcat.output();
        assertTrue(tomcat.agentLines().contains(expected), "expected the line\n" + expected + "\nin:\n" + context);
        List<String> warnings = tomcat.agentLines().stream()
                .filter(l -> l.startsWith("[proxywrap] WARN ") && !l.startsWith("[proxywrap] WARN closed connection"))
                .collect(Collectors.toList());
        assertEquals(List.of(), warnings, "the agent instruments Tomcat without a warning: " + context);

        // Tomcat's VersionLoggerListener: what catalina.sh really started
        assertOutputLine("Server version name:", "Apache Tomcat/" + tomcat.version(), context);
        assertOutputLine("Java Home:", System.getProperty("java.home"), context);
        assertOutputLine("Command line argument:", "-javaagent:" + StandaloneTomcat.AGENT_JAR, context);
        assertOutputLine("CATALINA_BASE:", "proxywrap-tomcat-", context);
    }

    /**
     * A client at 127.0.0.42:{@code clientPort} (curl binds both) goes through haproxy, which
     * sends the header {@code serverOption} makes: Tomcat must report the client, in the JSP and
     * in the access log, and the frontend haproxy was dialled on as the local end.
     */
    @ParameterizedTest(name = "haproxy {0}")
    @CsvSource({"send-proxy-v2, 2", "send-proxy, 1"})
    void clientThroughHaproxy(String serverOption, String version) {
        String marker = "haproxy-" + serverOption;
        int frontend = LoopbackPorts.freePort();
        int clientPort = LoopbackPorts.freePort(LoopbackPorts.CLIENT_ADDRESS);
        try (Haproxy haproxy = Haproxy.start(HAPROXY_DEFAULTS
                + "frontend fe\n"
                + "  bind 127.0.0.1:" + frontend + "\n"
                + "  default_backend be\n"
                + "backend be\n"
                + "  server tomcat 127.0.0.1:" + tomcat.port() + " " + serverOption + "\n", frontend)) {
            CommandResult curl = Curl.run("--silent", "--show-error", "--fail", "--max-time", "15",
                    "--interface", LoopbackPorts.CLIENT_ADDRESS.getHostAddress(), "--local-port", "" + clientPort,
                    "http://127.0.0.1:" + frontend + StandaloneTomcat.PAGE + "?test=" + marker);
            String context = curl.describe() + "\n" + haproxy.output() + "\n" + tomcat.output();
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

    /** A v1 header of our own making, over a raw socket: its addresses are what Tomcat reports. */
    @Test
    void craftedV1HeaderFromRawSocket() throws Exception {
        String marker = "raw-v1";
        RawHttp.Exchange exchange = RawHttp.exchange(tomcat.port(),
                "PROXY TCP4 203.0.113.7 198.51.100.1 4242 443\r\n" + RawHttp.get(StandaloneTomcat.PAGE + "?test=" + marker));
        String context = exchange + "\n" + tomcat.output();
        HttpResponse response = exchange.http();
        assertTrue(response.statusLine().startsWith("HTTP/1.1 200 "), context);

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
     * Required mode: a request without a header is closed before Tomcat parses a byte of it (no
     * response at all, one WARN naming the peer), and the next connection with a header is served.
     */
    @Test
    void connectionWithoutHeaderIsClosedAndTheNextIsServed() throws Exception {
        String rejectedMarker = "no-header";
        RawHttp.Exchange rejected = RawHttp.exchange(tomcat.port(),
                RawHttp.get(StandaloneTomcat.PAGE + "?test=" + rejectedMarker));
        String context = rejected + "\n" + tomcat.output();
        assertEquals(0, rejected.response().length, "no response byte at all: " + context);

        String warning = tomcat.awaitAgentLine("[proxywrap] WARN closed connection from 127.0.0.42:"
                + rejected.clientPort() + " to port " + tomcat.port() + ": ");
        System.out.println("Tomcat " + tomcat.version() + " without a header: " + rejected.ending() + "; " + warning);

        String servedMarker = "after-no-header";
        RawHttp.Exchange served = RawHttp.exchange(tomcat.port(), "PROXY TCP4 203.0.113.9 198.51.100.1 4343 8443\r\n"
                + RawHttp.get(StandaloneTomcat.PAGE + "?test=" + servedMarker));
        context = served + "\n" + tomcat.output();
        HttpResponse response = served.http();
        assertTrue(response.statusLine().startsWith("HTTP/1.1 200 "), context);
        WhoAmI who = WhoAmI.parse(response.bodyText());
        assertEquals("203.0.113.9", who.remoteAddr(), context);
        assertEquals(4343, who.remotePort(), context);

        assertAccessLog(servedMarker, "203.0.113.9", 4343);
        // The rejected connection closed before the served one was opened, and Tomcat logs a
        // request when it is done: had it reached Tomcat, its line would be there by now.
        List<String> leaked = tomcat.accessLog().stream().filter(l -> l.contains("?test=" + rejectedMarker + " "))
                .collect(Collectors.toList());
        assertEquals(List.of(), leaked, "Tomcat never saw the request without a header");
    }

    /** The access log line of the request with {@code marker}: %a %h %{remote}p "%r" %s. */
    private void assertAccessLog(String marker, String clientAddress, int clientPort) {
        String logged = tomcat.awaitAccessLogLine("?test=" + marker + " ");
        String expected = clientAddress + " " + clientAddress + " " + clientPort + " \"GET " + StandaloneTomcat.PAGE + "?test=" + marker + " ";
        assertTrue(logged.startsWith(expected) && logged.endsWith("\" 200"),
                "expected " + expected + "... 200, logged: " + logged);
    }

    private void assertOutputLine(String label, String expectedPart, String context) {
        Optional<String> found = tomcat.outputLine(l -> l.contains(label) && l.contains(expectedPart));
        assertTrue(found.isPresent(), "expected a \"" + label + "\" line of Tomcat's with " + expectedPart + ":\n"
                + context);
    }
}
