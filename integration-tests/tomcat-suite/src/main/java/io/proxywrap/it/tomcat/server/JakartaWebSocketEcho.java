package io.proxywrap.it.tomcat.server;

import jakarta.servlet.ServletException;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.catalina.Context;
import org.apache.tomcat.websocket.server.WsSci;

/** The echo endpoint for the jakarta lines (Tomcat 10.1, 11.0). */
public final class JakartaWebSocketEcho implements WebSocketSetup {

    @Override
    public void install(Context context) {
        context.addServletContainerInitializer(new WsSci(), null);
        // Initializers run in the order added, so WsSci has published the container by now.
        context.addServletContainerInitializer((classes, servletContext) -> {
            ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
            try {
                container.addEndpoint(ServerEndpointConfig.Builder.create(Echo.class, ENDPOINT).build());
            } catch (DeploymentException e) {
                throw new ServletException(e);
            }
        }, null);
    }

    /** Sends every text message back as it came. */
    public static final class Echo extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, text -> {
                try {
                    session.getBasicRemote().sendText(text);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
