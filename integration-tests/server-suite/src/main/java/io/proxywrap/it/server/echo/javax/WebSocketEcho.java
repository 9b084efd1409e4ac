package io.proxywrap.it.server.echo.javax;

import io.proxywrap.it.server.echo.WhoAmI;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;
import javax.websocket.Endpoint;
import javax.websocket.EndpointConfig;
import javax.websocket.MessageHandler;
import javax.websocket.Session;
import javax.websocket.server.ServerEndpointConfig;

/**
 * The JSR-356 echo endpoint of every family's echo server on a javax line (Tomcat 9.0, Jetty 9.4
 * and 10, Undertow 2.2): every text back as it came, and to {@value WhoAmI#QUESTION} the remote
 * address the server put in the session's user properties, if it does (Jetty does; Tomcat has no
 * such property, and whoami is a Jetty and Undertow test), or what the server's own
 * {@link #remoteAddressFrom lookup} finds (Undertow). Its jakarta twin is {@code ...echo.jakarta.WebSocketEcho};
 * each server's own setup installs it.
 */
public final class WebSocketEcho extends Endpoint {

    /** Where Jetty's JSR-356 implementation puts the peer's InetSocketAddress. */
    public static final String REMOTE_ADDRESS = "javax.websocket.endpoint.remoteAddress";

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
        // An anonymous class, not a lambda: JSR-356 1.0 (Jetty 9.4) finds the message type from
        // the handler's generic interface.
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
