package io.proxywrap.it.undertow.v22;

import io.proxywrap.it.server.echo.javax.EchoServlet;
import io.proxywrap.it.server.echo.javax.WebSocketEcho;
import io.proxywrap.it.undertow.server.UndertowEchoServer;
import io.undertow.server.HttpHandler;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.websockets.jsr.UndertowSession;
import io.undertow.websockets.jsr.WebSocketDeploymentInfo;

/**
 * Undertow 2.2's echo server: the suite's {@link UndertowEchoServer} with this line's servlet
 * deployment (javax, servlet 4.0): the servlet echo on every path the core echo does not take, and the
 * JSR-356 WebSocket echo at {@value UndertowEchoServer#WEB_SOCKET_ECHO}, whose whoami reads the
 * session's peer where Undertow keeps it, {@code UndertowSession.getWebSocketChannel().getSourceAddress()}.
 */
public final class Undertow22EchoServer {

    private Undertow22EchoServer() {
    }

    public static void main(String[] args) throws Exception {
        WebSocketEcho.remoteAddressFrom(
                session -> ((UndertowSession) session).getWebSocketChannel().getSourceAddress());
        UndertowEchoServer.run(args, Undertow22EchoServer::servlets);
    }

    private static HttpHandler servlets() throws Exception {
        DeploymentInfo deployment = Servlets.deployment()
                .setClassLoader(Undertow22EchoServer.class.getClassLoader())
                .setContextPath("/")
                .setDeploymentName("echo")
                .addServlet(Servlets.servlet("echo", EchoServlet.class).addMapping("/*"))
                // The WebSocket container's own filter answers upgrades on the endpoint's path.
                .addServletContextAttribute(WebSocketDeploymentInfo.ATTRIBUTE_NAME, new WebSocketDeploymentInfo()
                        .setBuffers(new DefaultByteBufferPool(false, 8192))
                        .addEndpoint(WebSocketEcho.config(UndertowEchoServer.WEB_SOCKET_ECHO)));
        DeploymentManager manager = Servlets.defaultContainer().addDeployment(deployment);
        manager.deploy();
        return manager.start();
    }
}
