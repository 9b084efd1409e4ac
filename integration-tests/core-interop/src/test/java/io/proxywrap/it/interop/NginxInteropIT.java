package io.proxywrap.it.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.proxywrap.core.codec.ProxyHeader;
import io.proxywrap.it.interop.ProxyTestServer.Received;
import io.proxywrap.it.support.LoopbackPorts;
import io.proxywrap.it.support.Nginx;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What nginx's stream module sends with {@code proxy_protocol on}, decoded by the core. */
class NginxInteropIT {

    @Test
    void streamProxyProtocolOn() throws Exception {
        byte[] payload = Clients.payload(64 * 1024, 5);
        int listen = LoopbackPorts.freePort();
        try (ProxyTestServer server = new ProxyTestServer();
                Nginx nginx = Nginx.start("stream {\n"
                        + "  server {\n"
                        + "    listen 127.0.0.1:" + listen + ";\n"
                        + "    proxy_pass 127.0.0.1:" + server.port() + ";\n"
                        + "    proxy_protocol on;\n"
                        + "  }\n"
                        + "}\n", listen);
                Socket client = Clients.connectFromClientAddress(listen)) {
            Clients.sendAndHalfClose(client, payload);

            Received r = server.awaitConnection(Duration.ofSeconds(20));
            String context = r + "\n--- nginx error.log ---\n" + nginx.errorLog();
            System.out.println("nginx proxy_protocol on sent: " + r);
            assertNull(r.failure(), context);
            ProxyHeader header = r.header();
            RelayedHeaders.assertRelayedTcp4(header, 1, context);
            assertEquals(new InetSocketAddress(LoopbackPorts.CLIENT_ADDRESS, client.getLocalPort()), header.source(),
                    context);
            assertEquals(new InetSocketAddress(LoopbackPorts.LOOPBACK, listen), header.destination(), context);
            String line = "PROXY TCP4 127.0.0.42 127.0.0.1 " + client.getLocalPort() + " " + listen + "\r\n";
            assertEquals(line.length(), header.length(), context);
            assertArrayEquals(payload, r.applicationBytes(), context);
        }
    }
}
