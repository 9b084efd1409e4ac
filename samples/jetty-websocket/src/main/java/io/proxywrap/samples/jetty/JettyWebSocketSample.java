package io.proxywrap.samples.jetty;

import jakarta.websocket.server.ServerEndpointConfig;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An embedded Jetty 12 on one port, one plain HTTP/1.1 {@link ServerConnector}, servlets of
 * Jakarta EE 10 (Jetty's ee10 environment) and the Jakarta WebSocket API: {@code GET /} is a
 * WebSocket echo page, {@code /echo} its endpoint, {@code GET /whoami} plain text. Start it with
 * {@code -javaagent:proxywrap.jar -Dproxywrap.ports=<port>} and everything it reports is the
 * PROXY header's client.
 *
 * <p>The port is the first argument, else {@code -Dsample.port}, else 8080. Not a
 * {@code proxywrap.*} property: the agent owns that namespace and rejects keys it does not know.
 */
public final class JettyWebSocketSample {

    private static final int DEFAULT_PORT = 8080;

    private JettyWebSocketSample() {
    }

    public static void main(String[] args) throws Exception {
        String portSetting = args.length > 0 ? args[0] : System.getProperty("sample.port");
        int port;
        try {
            port = portSetting == null ? DEFAULT_PORT : parsePort(portSetting);
        } catch (IllegalArgumentException e) {
            System.err.println("jetty-websocket: port \"" + portSetting + "\" (first argument or -Dsample.port) is"
                    + " not a TCP port 1-65535");
            System.exit(2);
            return;
        }

        Server server = new Server();
        // No host: every address, as a server behind a balancer usually listens.
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder("page", new PageServlet()), "/");
        context.addServlet(new ServletHolder("whoami", new WhoamiServlet()), "/whoami");
        // Creates the context's WebSocket container (and the filter that performs upgrades) when
        // the context starts, then lets us add the endpoint to it.
        ConnectedClients clients = new ConnectedClients();
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) ->
                container.addEndpoint(ServerEndpointConfig.Builder.create(EchoEndpoint.class, EchoEndpoint.PATH)
                        .configurator(new EchoEndpoint.Configurator(clients))
                        .build()));
        server.setHandler(context);

        // Jetty's own shutdown hook: on Ctrl-C or SIGTERM, stop serving.
        server.setStopAtShutdown(true);
        server.start();
        System.out.println("jetty-websocket sample listening on port " + port + ": http://localhost:" + port
                + "/ (WebSocket echo page), http://localhost:" + port + "/whoami (plain text)");
        server.join();
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
