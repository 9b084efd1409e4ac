package io.proxywrap.samples.undertow;

import io.undertow.Handlers;
import io.undertow.Undertow;

/**
 * An embedded Undertow 2.3 on one port, one plain HTTP/1.1 listener, through Undertow's own core
 * API (no servlets): {@code GET /} is a WebSocket echo page, {@code /echo} its WebSocket endpoint,
 * {@code GET /whoami} plain text. Start it with
 * {@code -javaagent:proxywrap.jar -Dproxywrap.ports=<port>} and everything it reports is the PROXY
 * header's client.
 *
 * <p>The port is the first argument, else {@code -Dsample.port}, else 8080. Not a
 * {@code proxywrap.*} property: the agent owns that namespace and rejects keys it does not know.
 */
public final class UndertowWebSocketSample {

    private static final int DEFAULT_PORT = 8080;

    private UndertowWebSocketSample() {
    }

    public static void main(String[] args) {
        String portSetting = args.length > 0 ? args[0] : System.getProperty("sample.port");
        int port;
        try {
            port = portSetting == null ? DEFAULT_PORT : parsePort(portSetting);
        } catch (IllegalArgumentException e) {
            System.err.println("undertow-websocket: port \"" + portSetting + "\" (first argument or -Dsample.port) is"
                    + " not a TCP port 1-65535");
            System.exit(2);
            return;
        }

        ConnectedClients clients = new ConnectedClients();
        Undertow server = Undertow.builder()
                // Every address, as a server behind a balancer usually listens.
                .addHttpListener(port, "0.0.0.0")
                .setHandler(Handlers.path()
                        .addExactPath("/", new PageHandler())
                        .addExactPath("/whoami", new WhoamiHandler())
                        .addExactPath(EchoEndpoint.PATH, Handlers.websocket(new EchoEndpoint(clients))))
                .build();
        server.start();
        // On Ctrl-C or SIGTERM, stop serving.
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "undertow-websocket-stop"));
        System.out.println("undertow-websocket sample listening on port " + port + ": http://localhost:" + port
                + "/ (WebSocket echo page), http://localhost:" + port + "/whoami (plain text)");
    }

    /** @throws IllegalArgumentException (a {@link NumberFormatException} too) when not a port 1-65535 */
    private static int parsePort(String value) {
        int port = Integer.parseInt(value.trim());
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("out of range: " + port);
        }
        return port;
    }
}
