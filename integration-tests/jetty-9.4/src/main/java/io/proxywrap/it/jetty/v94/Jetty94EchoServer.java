package io.proxywrap.it.jetty.v94;

import io.proxywrap.it.jetty.server.JettyEchoServer;
import io.proxywrap.it.jetty.server.JettyLine;
import io.proxywrap.it.server.echo.javax.EchoServlet;
import io.proxywrap.it.server.echo.WhoAmI;
import io.proxywrap.it.server.echo.javax.WebSocketEcho;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyStore;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.NCSARequestLog;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketMessage;
import org.eclipse.jetty.websocket.api.annotations.WebSocket;
import org.eclipse.jetty.websocket.jsr356.server.deploy.WebSocketServerContainerInitializer;
import org.eclipse.jetty.websocket.servlet.WebSocketServlet;
import org.eclipse.jetty.websocket.servlet.WebSocketServletFactory;

/**
 * The Jetty 9.4 echo server: {@link JettyEchoServer}'s connectors, a servlet context (javax) with
 * the echo servlet, JSR-356 through Jetty 9.4's own initializer, and 9.4's Jetty WebSocket API,
 * whose session reports an InetSocketAddress (10 made it a SocketAddress).
 */
public final class Jetty94EchoServer implements JettyLine {

    public static void main(String[] args) throws Exception {
        JettyEchoServer.run(args, new Jetty94EchoServer());
    }

    @Override
    public Handler handler(Server server) throws Exception {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.addServlet(EchoServlet.class, "/*");
        context.addServlet(NativeEchoServlet.class, JettyEchoServer.WEB_SOCKET_NATIVE);
        WebSocketServerContainerInitializer.configure(context,
                (servletContext, container) -> container.addEndpoint(WebSocketEcho.config(JettyEchoServer.WEB_SOCKET_ECHO)));
        return context;
    }

    /** 9.4's SslConnectionFactory takes the base SslContextFactory (10 narrowed it to .Server). */
    @Override
    public ConnectionFactory tls(KeyStore keyStore, String password, String next) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keyStore);
        ssl.setKeyStorePassword(password);
        return new SslConnectionFactory(ssl, next);
    }

    /** 9.4 still has NCSARequestLog (deprecated since 9.4.15 for CustomRequestLog; 10 removed it): its defaults. */
    @Override
    @SuppressWarnings("deprecation")
    public RequestLog legacyNcsaRequestLog(Path file) {
        return new NCSARequestLog(file.toString());
    }

    /** Upgrades to {@link NativeEcho}: how 9.4 maps the Jetty WebSocket API. */
    public static final class NativeEchoServlet extends WebSocketServlet {
        private static final long serialVersionUID = 1L;

        @Override
        public void configure(WebSocketServletFactory factory) {
            factory.register(NativeEcho.class);
        }
    }

    /** Every text back, and to {@value WhoAmI#QUESTION} what the session says its remote address is. */
    @WebSocket
    public static final class NativeEcho {
        @OnWebSocketMessage
        public void onText(Session session, String text) throws IOException {
            session.getRemote().sendString(WhoAmI.reply(text, session.getRemoteAddress()));
        }
    }
}
