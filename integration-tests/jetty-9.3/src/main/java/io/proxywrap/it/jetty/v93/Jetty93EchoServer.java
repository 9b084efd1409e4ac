package io.proxywrap.it.jetty.v93;

import io.proxywrap.it.server.echo.javax.EchoServlet;
import io.proxywrap.it.server.echo.EchoServerArguments;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;

/**
 * The Jetty 9.3 echo server, for the one test of an unsupported line: plain HTTP/1.1 connectors
 * ({@code http=P,P...}) and the echo servlet (javax), nothing else. 9.3 has neither
 * CustomRequestLog nor the TLS and HTTP/2 classes JettyEchoServer links to; any other argument
 * fails the start rather than be ignored.
 */
public final class Jetty93EchoServer {

    private Jetty93EchoServer() {
    }

    public static void main(String[] args) throws Exception {
        EchoServerArguments options = EchoServerArguments.parse(args);
        for (String key : EchoServerArguments.COMMON_KEYS) {
            if (!key.equals("http") && options.has(key)) {
                throw new IllegalArgumentException("the Jetty 9.3 echo server makes http= connectors only, not " + key);
            }
        }
        Server server = new Server();
        for (int port : options.ports("http")) {
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(port);
            server.addConnector(connector);
        }
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.addServlet(EchoServlet.class, "/*");
        server.setHandler(context);
        server.start();
        System.out.println(EchoServerArguments.readyLine("Jetty/" + Server.getVersion()));
        server.join();
    }
}
