package io.proxywrap.it.tomcat.javax;

import io.proxywrap.it.server.echo.javax.WebSocketEcho;
import io.proxywrap.it.tomcat.server.WebSocketSetup;
import javax.servlet.ServletException;
import javax.websocket.DeploymentException;
import javax.websocket.server.ServerContainer;
import org.apache.catalina.Context;
import org.apache.tomcat.websocket.server.WsSci;

/** Installs the server suite's javax echo endpoint on the javax line (Tomcat 9.0): {@code JakartaWebSocketEcho} in javax types. */
public final class JavaxWebSocketEcho implements WebSocketSetup {

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
