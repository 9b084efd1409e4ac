package io.proxywrap.it.tomcat.javax;

import io.proxywrap.it.tomcat.server.WebSocketSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.servlet.ServletException;
import javax.websocket.DeploymentException;
import javax.websocket.Endpoint;
import javax.websocket.EndpointConfig;
import javax.websocket.Session;
import javax.websocket.server.ServerContainer;
import javax.websocket.server.ServerEndpointConfig;
import org.apache.catalina.Context;
import org.apache.tomcat.websocket.server.WsSci;

/** The echo endpoint for the javax line (Tomcat 9.0): {@code JakartaWebSocketEcho} in javax types. */
public final class JavaxWebSocketEcho implements WebSocketSetup {

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
