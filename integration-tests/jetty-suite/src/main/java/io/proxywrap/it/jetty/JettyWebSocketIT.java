package io.proxywrap.it.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxywrap.it.jetty.server.JettyEchoServer;
import io.proxywrap.it.server.Balancers;
import io.proxywrap.it.server.ServerExtension;
import io.proxywrap.it.server.ServerUnderTest;
import io.proxywrap.it.server.echo.WhoAmI;
import io.proxywrap.it.support.Haproxy;
import io.proxywrap.it.support.LoopbackPorts;
import io.proxywrap.it.support.RawWebSocket;
import java.net.Socket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A WebSocket session's remote address through haproxy v2 (BRIEF §2: WebSocket session
 * addresses are the header's source): what the JSR-356/Jakarta session keeps in its user
 * properties ({@code ...websocket.endpoint.remoteAddress}, which Tomcat does not have) and what
 * Jetty's own WebSocket API's session reports, both the client at 127.0.0.42, not haproxy.
 */
@Tag("supported-line")
class JettyWebSocketIT {

    @RegisterExtension
    static final ServerExtension SERVER = ServerExtension.allConnectors();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {JettyEchoServer.WEB_SOCKET_ECHO, JettyEchoServer.WEB_SOCKET_NATIVE})
    void sessionReportsTheClient(String path) throws Exception {
        ServerUnderTest server = SERVER.get();
        int frontend = LoopbackPorts.freePort();
        try (Haproxy haproxy = Balancers.haproxy(frontend, "", server.http, "send-proxy-v2")) {
            Socket socket = Balancers.clientSocket(frontend);
            try (RawWebSocket ws = RawWebSocket.connect(socket, "127.0.0.1:" + frontend, path)) {
                ws.sendText("hello");
                assertEquals("hello", ws.receiveText(), "the endpoint echoes");
                ws.sendText(WhoAmI.QUESTION);
                assertEquals(LoopbackPorts.CLIENT_ADDRESS.getHostAddress() + " " + socket.getLocalPort(),
                        ws.receiveText(), "the session's remote address");
            }
        }
    }
}
