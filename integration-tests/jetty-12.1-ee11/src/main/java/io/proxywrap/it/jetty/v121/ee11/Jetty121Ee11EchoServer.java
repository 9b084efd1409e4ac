package io.proxywrap.it.jetty.v121.ee11;

import io.proxywrap.it.jetty.server.JettyEchoServer;
import io.proxywrap.it.jetty.server.JettyLine;
import io.proxywrap.it.jetty.server.JettySsl;
import io.proxywrap.it.server.echo.jakarta.EchoServlet;
import io.proxywrap.it.server.echo.jakarta.WebSocketEcho;
import java.security.KeyStore;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;

/**
 * The Jetty 12.1 ee11 echo server: {@link JettyEchoServer}'s connectors in front of an ee11
 * servlet context (jakarta, servlet 6.1; 12.1 added ee11) with the jakarta echo servlet of the 11
 * line and ee10, and jakarta.websocket at {@value JettyEchoServer#WEB_SOCKET_ECHO}.
 */
public final class Jetty121Ee11EchoServer implements JettyLine {

    public static void main(String[] args) throws Exception {
        JettyEchoServer.run(args, new Jetty121Ee11EchoServer());
    }

    @Override
    public Handler handler(Server server) {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.addServlet(EchoServlet.class, "/*");
        JakartaWebSocketServletContainerInitializer.configure(context,
                (servletContext, container) -> container.addEndpoint(WebSocketEcho.config(JettyEchoServer.WEB_SOCKET_ECHO)));
        return context;
    }

    @Override
    public String environment() {
        return "ee11";
    }

    @Override
    public ConnectionFactory tls(KeyStore keyStore, String password, String next) {
        return JettySsl.connectionFactory(keyStore, password, next);
    }
}
