package io.proxywrap.it.jetty.v12.ee9;

import io.proxywrap.it.jetty.server.JettyEchoServer;
import io.proxywrap.it.jetty.server.JettyLine;
import io.proxywrap.it.jetty.server.JettySsl;
import io.proxywrap.it.server.echo.jakarta.EchoServlet;
import io.proxywrap.it.server.echo.jakarta.WebSocketEcho;
import java.security.KeyStore;
import org.eclipse.jetty.ee9.servlet.ServletContextHandler;
import org.eclipse.jetty.ee9.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;

/**
 * The Jetty 12 ee9 echo server (the jetty-12.1-ee9 module runs these class files too): {@link
 * JettyEchoServer}'s connectors in front of an ee9 servlet context (jakarta, servlet 5.0) with the
 * jakarta echo servlet of the 11 line and ee10, and jakarta.websocket at {@value
 * JettyEchoServer#WEB_SOCKET_ECHO} when ee9's WebSocket server is on the class path.
 */
public final class Jetty12Ee9EchoServer implements JettyLine {

    /** ee9's jakarta.websocket server: jetty-12.1-ee9 has none (see its pom). */
    private static final String WEB_SOCKET_SERVER =
            "org.eclipse.jetty.ee9.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer";

    public static void main(String[] args) throws Exception {
        JettyEchoServer.run(args, new Jetty12Ee9EchoServer());
    }

    @Override
    public Handler handler(Server server) {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.addServlet(EchoServlet.class, "/*");
        if (present(WEB_SOCKET_SERVER)) {
            WebSockets.install(context);
        } else {
            System.out.println("no ee9 WebSocket server on the class path: nothing at " + JettyEchoServer.WEB_SOCKET_ECHO);
        }
        // The ee9 context is not itself a core Handler: this is the core handler it runs in.
        return context.get();
    }

    @Override
    public String environment() {
        return "ee9";
    }

    @Override
    public ConnectionFactory tls(KeyStore keyStore, String password, String next) {
        return JettySsl.connectionFactory(keyStore, password, next);
    }

    static boolean present(String className) {
        try {
            Class.forName(className, false, Jetty12Ee9EchoServer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Loaded only when ee9's WebSocket server is there: the one class naming its types. */
    private static final class WebSockets {
        static void install(ServletContextHandler context) {
            JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) ->
                    container.addEndpoint(WebSocketEcho.config(JettyEchoServer.WEB_SOCKET_ECHO)));
        }
    }
}
