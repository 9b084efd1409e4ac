package io.proxywrap.samples.tomcat;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

/**
 * One WebSocket session on {@code /echo}. The page and the test read three kinds of text
 * message, each starting with a keyword:
 * <ul>
 *   <li>{@code you <address>}: first, how the server sees this client;</li>
 *   <li>{@code clients} and one line per connected client, on every connect and disconnect;</li>
 *   <li>{@code echo <text>}: the reply to each text message.</li>
 * </ul>
 */
final class EchoEndpoint extends Endpoint {

    static final String PATH = "/echo";

    private final ConnectedClients clients;

    EchoEndpoint(ConnectedClients clients) {
        this.clients = clients;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        String address = (String) config.getUserProperties().get(HandshakeAddress.PROPERTY);
        ConnectedClients.Client client = new ConnectedClients.Client(session, address);
        // Before joining the list, so that "you" is always this client's first message.
        client.send("you " + address);
        session.addMessageHandler(String.class, text -> client.send("echo " + text));
        clients.add(client);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        clients.remove(session);
    }
}
