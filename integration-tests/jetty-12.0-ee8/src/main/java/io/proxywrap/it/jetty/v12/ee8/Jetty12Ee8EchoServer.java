package io.proxywrap.it.jetty.v12.ee8;

import io.proxywrap.it.jetty.server.JettyEchoServer;
import io.proxywrap.it.jetty.server.JettyLine;
import io.proxywrap.it.jetty.server.JettySsl;
import io.proxywrap.it.server.echo.javax.EchoServlet;
import io.proxywrap.it.server.echo.javax.WebSocketEcho;
import java.security.KeyStore;
import org.eclipse.jetty.ee8.servlet.ServletContextHandler;
import org.eclipse.jetty.ee8.websocket.javax.server.config.JavaxWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;

/**
 * The Jetty 12 ee8 echo server (the jetty-12.1-ee8 module runs these class files too): {@link
 * JettyEchoServer}'s connectors in front of an ee8 servlet context (javax, servlet 4.0) with the
 * javax echo servlet of the 9.4 and 10 lines, and javax.websocket at {@value
 * JettyEchoServer#WEB_SOCKET_ECHO} when ee8's WebSocket server is on the class path.
 */
public final class Jetty12Ee8EchoServer implements JettyLine {

    /** ee8's javax.websocket server: jetty-12.1-ee8 has none (see its pom). */
    private static final String WEB_SOCKET_SERVER =
            "org.eclipse.jetty.ee8.websocket.javax.server.config.JavaxWebSocketServletContainerInitializer";

    public static void main(String[] args) throws Exception {
        JettyEchoServer.run(args, new Jetty12Ee8EchoServer());
    }

    @Override
    public Handler handler(Server server) {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.addServlet(EchoServlet.class, "/*");
        if (present(WEB_SOCKET_SERVER)) {
            WebSockets.install(context);
        } else {
            System.out.println("no ee8 WebSocket server on the class path: nothing at " + JettyEchoServer.WEB_SOCKET_ECHO);
        }
        // The ee8 context is not itself a core Handler: this is the core handler it runs in.
        return context.get();
    }

    @Override
    public String environment() {
        return "ee8";
    }

    @Override
    public ConnectionFactory tls(KeyStore keyStore, String password, String next) {
        return JettySsl.connectionFactory(keyStore, password, next);
    }

    static boolean present(String className) {
        try {
            Class.forName(className, false, Jetty12Ee8EchoServer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Loaded only when ee8's WebSocket server is there: the one class naming its types. */
    private static final class WebSockets {
        static void install(ServletContextHandler context) {
            JavaxWebSocketServletContainerInitializer.configure(context, (servletContext, container) ->
                    container.addEndpoint(WebSocketEcho.config(JettyEchoServer.WEB_SOCKET_ECHO)));
        }
    }
}
