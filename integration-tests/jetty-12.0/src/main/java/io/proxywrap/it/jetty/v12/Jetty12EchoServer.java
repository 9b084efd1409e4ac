package io.proxywrap.it.jetty.v12;

import io.proxywrap.it.jetty.server.JettyEchoServer;
import io.proxywrap.it.jetty.server.JettyLine;
import io.proxywrap.it.jetty.server.JettySsl;
import io.proxywrap.it.server.echo.jakarta.EchoServlet;
import io.proxywrap.it.server.echo.WhoAmI;
import io.proxywrap.it.server.echo.jakarta.WebSocketEcho;
import java.security.KeyStore;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketMessage;
import org.eclipse.jetty.websocket.api.annotations.WebSocket;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The Jetty 12 echo server (the jetty-12.1 module runs these class files too): {@link
 * JettyEchoServer}'s connectors; the core API in front, as an application without servlets has
 * it (the {@link CoreEcho} at {@code /core/}, and the core Jetty WebSocket API at {@value
 * JettyEchoServer#WEB_SOCKET_NATIVE}); and behind it an ee10 servlet context (jakarta) with the
 * echo servlet and Jakarta WebSocket.
 */
public final class Jetty12EchoServer implements JettyLine {

    public static void main(String[] args) throws Exception {
        JettyEchoServer.run(args, new Jetty12EchoServer());
    }

    @Override
    public Handler handler(Server server) {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.addServlet(EchoServlet.class, "/*");
        JakartaWebSocketServletContainerInitializer.configure(context,
                (servletContext, container) -> container.addEndpoint(WebSocketEcho.config(JettyEchoServer.WEB_SOCKET_ECHO)));
        WebSocketUpgradeHandler webSockets = WebSocketUpgradeHandler.from(server, container -> container
                .addMapping(JettyEchoServer.WEB_SOCKET_NATIVE, (request, response, callback) -> new NativeEcho()));
        webSockets.setHandler(new CoreEcho(context));
        return webSockets;
    }

    @Override
    public ConnectionFactory tls(KeyStore keyStore, String password, String next) {
        return JettySsl.connectionFactory(keyStore, password, next);
    }

    /**
     * Jetty 12's WebSocket API: every text back, and to {@value WhoAmI#QUESTION} what
     * {@code Session.getRemoteSocketAddress()} reports (12's name for 10's getRemoteAddress).
     */
    @WebSocket
    public static final class NativeEcho {
        @OnWebSocketMessage
        public void onText(Session session, String text) {
            session.sendText(WhoAmI.reply(text, session.getRemoteSocketAddress()), Callback.NOOP);
        }
    }
}
