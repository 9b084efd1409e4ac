package io.proxywrap.it.jetty.v10;

import io.proxywrap.it.jetty.server.JettyEchoServer;
import io.proxywrap.it.jetty.server.JettyLine;
import io.proxywrap.it.jetty.server.JettySsl;
import io.proxywrap.it.jetty.server.NativeWebSocketEcho;
import io.proxywrap.it.server.echo.javax.EchoServlet;
import io.proxywrap.it.server.echo.javax.WebSocketEcho;
import java.security.KeyStore;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.websocket.javax.server.config.JavaxWebSocketServletContainerInitializer;
import org.eclipse.jetty.websocket.server.config.JettyWebSocketServletContainerInitializer;

/**
 * The Jetty 10 echo server: {@link JettyEchoServer}'s connectors, a servlet context (javax) with
 * the echo servlet, JSR-356 and the Jetty WebSocket API through their initializers. Jetty 11's
 * is its jakarta twin: the initializers' callbacks name the namespace.
 */
public final class Jetty10EchoServer implements JettyLine {

    public static void main(String[] args) throws Exception {
        JettyEchoServer.run(args, new Jetty10EchoServer());
    }

    @Override
    public Handler handler(Server server) {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.addServlet(EchoServlet.class, "/*");
        JavaxWebSocketServletContainerInitializer.configure(context,
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
