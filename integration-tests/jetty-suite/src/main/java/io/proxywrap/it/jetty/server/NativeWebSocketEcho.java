package io.proxywrap.it.jetty.server;

import io.proxywrap.it.server.echo.WhoAmI;
import java.io.IOException;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketMessage;
import org.eclipse.jetty.websocket.api.annotations.WebSocket;

/**
 * The echo endpoint of Jetty's own WebSocket API as Jetty 10 and 11 have it (namespace-free, so
 * one class file serves both): every text back, and to {@value WhoAmI#QUESTION} what
 * {@code Session.getRemoteAddress()} reports. Jetty 9.4's API (an InetSocketAddress) and 12's
 * ({@code getRemoteSocketAddress()}, callbacks) have their own in their modules.
 */
@WebSocket
public final class NativeWebSocketEcho {

    @OnWebSocketMessage
    public void onText(Session session, String text) throws IOException {
        session.getRemote().sendString(WhoAmI.reply(text, session.getRemoteAddress()));
    }
}
