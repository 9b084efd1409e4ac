package io.proxywrap.it.jetty.v11;

import io.proxywrap.it.jetty.server.JettyEchoServer;
import io.proxywrap.it.jetty.server.JettyLine;
import io.proxywrap.it.jetty.server.JettySsl;
import io.proxywrap.it.jetty.server.NativeWebSocketEcho;
import io.proxywrap.it.server.echo.jakarta.EchoServlet;
import io.proxywrap.it.server.echo.jakarta.WebSocketEcho;
import java.security.KeyStore;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.websocket.server.config.JettyWebSocketServletContainerInitializer;

/**
 * The Jetty 11 echo server: the jakarta twin of Jetty 10's (the WebSocket initializers' callbacks
 * name the namespace), with the jakarta echo servlet and Jakarta WebSocket endpoint.
 */
public final class Jetty11EchoServer implements JettyLine {

    public static void main(String[] args) throws Exception {
        JettyEchoServer.run(args, new Jetty11EchoServer());
    }

    @Override
    public Handler handler(Server server) {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.addServlet(EchoServlet.class, "/*");
        JakartaWebSocketServletContainerInitializer.configure(context,
                (servletContext, container) -> container.addEndpoint(WebSocketEcho.config(JettyEchoServer.WEB_SOCKET_ECHO)));
        JettyWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> container
                .addMapping(JettyEchoServer.WEB_SOCKET_NATIVE, (request, response) -> new NativeWebSocketEcho()));
        return context;
    }

    @Override
    public ConnectionFactory tls(KeyStore keyStore, String password, String next) {
        return JettySsl.connectionFactory(keyStore, password, next);
    }
}
