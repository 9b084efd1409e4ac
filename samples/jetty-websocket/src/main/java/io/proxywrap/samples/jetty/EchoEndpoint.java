package io.proxywrap.samples.jetty;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.InetSocketAddress;

/**
 * One WebSocket session on {@code /echo}. The page and the test read three kinds of text
 * message, each starting with a keyword:
 * <ul>
 *   <li>{@code you <address>}: first, how the server sees this client;</li>
 *   <li>{@code clients} and one line per connected client, on every connect and disconnect;</li>
 *   <li>{@code echo <text>}: the reply to each text message.</li>
 * </ul>
 *
 * <p>Public because Jetty deploys only public endpoint classes; its {@link Configurator} creates
 * each one.
 */
public final class EchoEndpoint extends Endpoint {

    static final String PATH = "/echo";

    /**
     * Where Jetty puts the client's address, in each session's user properties (from the
     * upgrade request's connection, before {@code modifyHandshake}). Jetty's own key: the
     * WebSocket API has no remote address.
     */
    static final String REMOTE_ADDRESS = "jakarta.websocket.endpoint.remoteAddress";

    private final ConnectedClients clients;

    EchoEndpoint(ConnectedClients clients) {
        this.clients = clients;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        String address = describe(session);
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

    /** e.g. {@code 203.0.113.7:51000 secure=false}; IPv6 addresses in brackets. */
    static String describe(Session session) {
        Object remote = session.getUserProperties().get(REMOTE_ADDRESS);
        String address;
        if (remote instanceof InetSocketAddress socketAddress) {
            // The address as a literal (getHostName would look it up in DNS); an unresolved
            // address has only its host string.
            String host = socketAddress.getAddress() != null
                    ? socketAddress.getAddress().getHostAddress() : socketAddress.getHostString();
            address = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + socketAddress.getPort();
        } else {
            address = String.valueOf(remote);
        }
        return address + " secure=" + session.isSecure();
    }

    /** Creates each session's endpoint with the shared client list. */
    static final class Configurator extends ServerEndpointConfig.Configurator {

        private final ConnectedClients clients;

        Configurator(ConnectedClients clients) {
            this.clients = clients;
        }

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(new EchoEndpoint(clients));
        }
    }
}
