package io.proxywrap.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxywrap.it.support.CommandResult;
import io.proxywrap.it.support.Curl;
import io.proxywrap.it.support.Haproxy;
import io.proxywrap.it.support.LoopbackPorts;
import io.proxywrap.it.support.Nginx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** The real senders in front of the server, and curl as the real client at 127.0.0.42. */
public final class Balancers {

    private static final String DEFAULTS = ""
            + "defaults\n"
            + "  mode tcp\n"
            + "  timeout connect 5s\n"
            + "  timeout client 30s\n"
            + "  timeout server 30s\n"
            // In the v2 UNIQUE_ID TLV (proxy-v2-options unique-id): made from the client's port,
            // so the test knows the exact value.
            + "  unique-id-format proxywrap-%cp\n";

    private Balancers() {
    }

    /**
     * haproxy in TCP mode on 127.0.0.1:{@code frontend} ({@code bindOptions} added to its bind
     * line, e.g. TLS termination), relaying to 127.0.0.1:{@code backend} with {@code serverOptions}
     * (send-proxy, send-proxy-v2...).
     */
    public static Haproxy haproxy(int frontend, String bindOptions, int backend, String serverOptions) {
        return Haproxy.start(DEFAULTS
                + "frontend fe\n"
                + "  bind 127.0.0.1:" + frontend + " " + bindOptions + "\n"
                + "  default_backend be\n"
                + "backend be\n"
                + "  server backend 127.0.0.1:" + backend + " " + serverOptions + "\n", frontend);
    }

    /** nginx {@code stream} on 127.0.0.1:{@code listen} relaying to {@code backend}, PROXY v1 on. */
    public static Nginx nginx(int listen, int backend) {
        return Nginx.start("stream {\n"
                + "  server {\n"
                + "    listen 127.0.0.1:" + listen + ";\n"
                + "    proxy_pass 127.0.0.1:" + backend + ";\n"
                + "    proxy_protocol on;\n"
                + "  }\n"
                + "}\n", listen);
    }

    /**
     * curl from 127.0.0.42:{@code localPort} ({@link Curl#fromClientAddress}), failing on HTTP
     * errors, with {@code args} (options and URLs) after; asserts it exited 0 and returns what it
     * printed.
     */
    public static CommandResult curl(int localPort, String... args) {
        CommandResult result = Curl.fromClientAddress(localPort, args);
        assertEquals(0, result.exitCode(), result::describe);
        return result;
    }

    /**
     * A TCP connection from 127.0.0.42 (on a port the kernel picks) to 127.0.0.1:{@code frontend},
     * with RawClient's read timeout: a client of the test's own, e.g. for a WebSocket.
     */
    public static Socket clientSocket(int frontend) throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(LoopbackPorts.CLIENT_ADDRESS, 0));
            socket.connect(new InetSocketAddress(LoopbackPorts.LOOPBACK, frontend), RawClient.CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(RawClient.READ_TIMEOUT_MILLIS);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
