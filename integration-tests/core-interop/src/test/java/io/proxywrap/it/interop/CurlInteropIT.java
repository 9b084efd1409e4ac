package io.proxywrap.it.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.core.codec.ProxyHeader;
import io.proxywrap.it.interop.ProxyTestServer.Received;
import io.proxywrap.it.support.CommandResult;
import io.proxywrap.it.support.Curl;
import io.proxywrap.it.support.LoopbackPorts;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What {@code curl --haproxy-protocol} sends, decoded by the core, with an HTTP exchange after it. */
class CurlInteropIT {

    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\n"
            + "Content-Type: text/plain\r\n"
            + "Content-Length: 3\r\n"
            + "Connection: close\r\n"
            + "\r\n"
            + "ok\n").getBytes(StandardCharsets.US_ASCII);

    @Test
    void haproxyProtocolFromSecondLoopbackAddress() throws Exception {
        try (ProxyTestServer server = new ProxyTestServer(CurlInteropIT::answerAfterRequestHead)) {
            CommandResult curl = Curl.run("--silent", "--show-error", "--max-time", "10",
                    "--haproxy-protocol", "--interface", "127.0.0.42",
                    "http://127.0.0.1:" + server.port() + "/");
            Received r = server.awaitConnection(Duration.ofSeconds(20));
            String context = r + "\n" + curl.describe();
            System.out.println("curl --haproxy-protocol sent: " + r);
            assertEquals(0, curl.exitCode(), context);
            assertEquals("ok\n", curl.stdout(), context);
            assertNull(r.failure(), context);

            ProxyHeader header = r.header();
            RelayedHeaders.assertRelayedTcp4(header, 1, context);
            assertEquals(LoopbackPorts.CLIENT_ADDRESS, header.source().getAddress(), context);
            int[] range = ephemeralPortRange();
            int sourcePort = header.source().getPort();
            assertTrue(sourcePort >= range[0] && sourcePort <= range[1],
                    "source port " + sourcePort + " in the kernel's ephemeral range: " + context);
            // curl connects directly, so its header describes its own connection exactly
            assertEquals(r.peer(), header.source(), context);
            assertEquals(new InetSocketAddress(LoopbackPorts.LOOPBACK, server.port()), header.destination(), context);

            String request = new String(r.applicationBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(request.startsWith("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n"), context
                    + "\nrequest: " + request);
            assertTrue(request.endsWith("\r\n\r\n"), "exactly the request head, nothing more: " + request);
        }
    }

    private static byte[] answerAfterRequestHead(byte[] applicationBytes) {
        String soFar = new String(applicationBytes, StandardCharsets.ISO_8859_1);
        return soFar.contains("\r\n\r\n") ? RESPONSE : null;
    }

    /** Linux's net.ipv4.ip_local_port_range, where an unbound connect's source port comes from. */
    private static int[] ephemeralPortRange() throws Exception {
        // readAllLines, not readString: JDK 17's readString trusts the 0 size procfs reports
        String[] fields = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim()
                .split("\\s+");
        return new int[] {Integer.parseInt(fields[0]), Integer.parseInt(fields[1])};
    }
}
