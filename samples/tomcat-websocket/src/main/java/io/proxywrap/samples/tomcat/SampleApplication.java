package io.proxywrap.samples.tomcat;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;

/** The web application, wired with the plain Servlet and WebSocket APIs. */
final class SampleApplication implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        // The default mapping: Tomcat runs a path's filters, WebSocket upgrade included, only when
        // some servlet maps the path.
        context.addServlet("page", new PageServlet()).addMapping("/");
        context.addServlet("whoami", new WhoamiServlet()).addMapping("/whoami");
        // isMatchAfter=false: before Tomcat's WsFilter, which performs the upgrade.
        context.addFilter("handshake-address", new HandshakeAddress.CaptureFilter())
                .addMappingForUrlPatterns(null, false, EchoEndpoint.PATH);

        ServerContainer container = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
        ConnectedClients clients = new ConnectedClients();
        try {
            container.addEndpoint(ServerEndpointConfig.Builder.create(EchoEndpoint.class, EchoEndpoint.PATH)
                    .configurator(new HandshakeAddress.Configurator(clients))
                    .build());
        } catch (DeploymentException e) {
            throw new ServletException(e);
        }
    }
}
