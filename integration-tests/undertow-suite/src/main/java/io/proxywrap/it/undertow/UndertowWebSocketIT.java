package io.proxywrap.it.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxywrap.it.server.Balancers;
import io.proxywrap.it.server.CraftedHeader;
import io.proxywrap.it.server.ServerExtension;
import io.proxywrap.it.server.ServerUnderTest;
import io.proxywrap.it.server.echo.WhoAmI;
import io.proxywrap.it.support.Haproxy;
import io.proxywrap.it.support.LoopbackPorts;
import io.proxywrap.it.support.RawWebSocket;
import io.proxywrap.it.undertow.server.UndertowEchoServer;
import java.net.Socket;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A WebSocket session's remote address (BRIEF §2: WebSocket session addresses are the header's
 * source): what Undertow's core API's channel reports ({@code WebSocketChannel.getSourceAddress()})
 * on every line, and on 2.2 and 2.3 what a JSR-356/Jakarta session's {@code UndertowSession}
 * reports through its channel, both the header's client, not the socket's peer.
 */
@Tag("supported-line")
class UndertowWebSocketIT {

    @RegisterExtension
    static final ServerExtension SERVER = ServerExtension.allConnectors();

    /** The endpoints this line has: the core one, and the JSR one where there are servlets. */
    static Stream<String> paths() {
        return UndertowFamily.SERVLETS
                ? Stream.of(UndertowEchoServer.WEB_SOCKET_CORE, UndertowEchoServer.WEB_SOCKET_ECHO)
                : Stream.of(UndertowEchoServer.WEB_SOCKET_CORE);
    }

    /** Through haproxy v2: the client at 127.0.0.42 and its port, not haproxy. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void sessionReportsTheBalancersClient(String path) throws Exception {
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

    /** A hand-made v1 and v2 header sent straight to the listener before the handshake: the header's source. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void sessionReportsACraftedHeadersSource(String path) throws Exception {
        ServerUnderTest server = SERVER.get();
        for (CraftedHeader header : List.of(CraftedHeader.V1_TCP6, CraftedHeader.V2_TCP4)) {
            try (Socket socket = Balancers.clientSocket(server.http)) {
                socket.getOutputStream().write(header.bytes());
                RawWebSocket ws = RawWebSocket.connect(socket, "localhost", path);
                ws.sendText(WhoAmI.QUESTION);
                assertEquals(header.source.getAddress().getHostAddress() + " " + header.source.getPort(),
                        ws.receiveText(), header + ": the session's remote address");
            }
        }
    }
}
