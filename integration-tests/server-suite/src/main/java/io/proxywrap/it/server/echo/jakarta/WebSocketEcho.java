package io.proxywrap.it.server.echo.jakarta;

import io.proxywrap.it.server.echo.WhoAmI;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * The Jakarta WebSocket echo endpoint of every family's echo server on a jakarta line (Tomcat
 * 10.1 and 11.0, Jetty 11 and 12's ee10, Undertow 2.3): every text back as it came, and to
 * {@value WhoAmI#QUESTION} the remote address the server put in the session's user properties, if
 * it does (Jetty does; Tomcat has no such property, and whoami is a Jetty and Undertow test), or
 * what the server's own {@link #remoteAddressFrom lookup} finds (Undertow). The jakarta twin of
 * {@code ...echo.javax.WebSocketEcho}; each server's own setup installs it.
 */
public final class WebSocketEcho extends Endpoint {

    /** Where Jetty's Jakarta WebSocket implementation puts the peer's InetSocketAddress. */
    public static final String REMOTE_ADDRESS = "jakarta.websocket.endpoint.remoteAddress";

    /**
     * How whoami finds the session's remote address: the {@link #REMOTE_ADDRESS} user property by
     * default; a server whose API keeps it elsewhere sets its own lookup once, before it starts.
     */
    private static volatile Function<Session, Object> remoteAddress =
            session -> session.getUserProperties().get(REMOTE_ADDRESS);

    /**
     * For a server without the {@link #REMOTE_ADDRESS} user property: Undertow keeps the address
     * on its own session type ({@code UndertowSession.getWebSocketChannel().getSourceAddress()}).
     */
    public static void remoteAddressFrom(Function<Session, Object> lookup) {
        remoteAddress = lookup;
    }

    /** The endpoint at {@code path}, in the context it is added to. */
    public static ServerEndpointConfig config(String path) {
        return ServerEndpointConfig.Builder.create(WebSocketEcho.class, path).build();
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        // An anonymous class, as in the javax twin, whose JSR-356 1.0 needs it.
        session.addMessageHandler(new MessageHandler.Whole<String>() {
            @Override
            public void onMessage(String text) {
                try {
                    session.getBasicRemote().sendText(
                            WhoAmI.reply(text, remoteAddress.apply(session)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }
}
