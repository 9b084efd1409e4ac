package io.proxywrap.it.tomcat.server;

import io.proxywrap.it.server.echo.jakarta.WebSocketEcho;
import jakarta.servlet.ServletException;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import org.apache.catalina.Context;
import org.apache.tomcat.websocket.server.WsSci;

/** Installs the server suite's Jakarta echo endpoint on the jakarta lines (Tomcat 10.1, 11.0). */
public final class JakartaWebSocketEcho implements WebSocketSetup {

    @Override
    public void install(Context context) {
        context.addServletContainerInitializer(new WsSci(), null);
        // Initializers run in the order added, so WsSci has published the container by now.
        context.addServletContainerInitializer((classes, servletContext) -> {
            ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
            try {
                container.addEndpoint(WebSocketEcho.config(ENDPOINT));
            } catch (DeploymentException e) {
                throw new ServletException(e);
            }
        }, null);
    }
}
