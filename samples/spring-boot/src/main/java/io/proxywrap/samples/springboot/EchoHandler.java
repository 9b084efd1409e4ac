package io.proxywrap.samples.springboot;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * The WebSocket sessions on {@code /echo}. The page and the test read three kinds of text
 * message, each starting with a keyword:
 * <ul>
 *   <li>{@code you <address>}: first, how the server sees this client;</li>
 *   <li>{@code clients} and one line per connected client, on every connect and disconnect;</li>
 *   <li>{@code echo <text>}: the reply to each text message.</li>
 * </ul>
 */
final class EchoHandler extends TextWebSocketHandler {

    static final String PATH = "/echo";

    private final ConnectedClients clients;

    EchoHandler(ConnectedClients clients) {
        this.clients = clients;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        ConnectedClients.Client client = new ConnectedClients.Client(session,
                (String) session.getAttributes().get(HandshakeAddress.ATTRIBUTE));
        // Before joining the list, so that "you" is always this client's first message.
        client.send("you " + client.address());
        clients.add(client);
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        clients.get(session).send("echo " + message.getPayload());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        clients.remove(session);
    }
}
