package io.proxywrap.samples.undertow;

import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.net.InetSocketAddress;

/**
 * The WebSocket sessions on {@code /echo}, through Undertow's core WebSocket API. The page and the
 * test read three kinds of text message, each starting with a keyword:
 * <ul>
 *   <li>{@code you <address>}: first, how the server sees this client;</li>
 *   <li>{@code clients} and one line per connected client, on every connect and disconnect;</li>
 *   <li>{@code echo <text>}: the reply to each text message.</li>
 * </ul>
 */
final class EchoEndpoint implements WebSocketConnectionCallback {

    static final String PATH = "/echo";

    private final ConnectedClients clients;

    EchoEndpoint(ConnectedClients clients) {
        this.clients = clients;
    }

    @Override
    public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        ConnectedClients.Client client = new ConnectedClients.Client(channel, describe(channel));
        // Before joining the list, so that "you" is always this client's first message.
        client.send("you " + client.address);
        channel.getReceiveSetter().set(new AbstractReceiveListener() {
            @Override
            protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
                client.send("echo " + message.getData());
            }

            @Override
            protected void onCloseMessage(CloseMessage message, WebSocketChannel channel) {
                clients.remove(channel);
            }
        });
        // Also when the connection breaks without a close frame.
        channel.addCloseTask(closed -> clients.remove(closed));
        clients.add(client);
        channel.resumeReceives();
    }

    /**
     * e.g. {@code 203.0.113.7:51000 secure=false}; IPv6 addresses in brackets. The channel's peer
     * ({@code getSourceAddress()}) and whether the handshake came over https ({@code isSecure()}).
     */
    static String describe(WebSocketChannel channel) {
        InetSocketAddress remote = channel.getSourceAddress();
        String host = WhoamiHandler.literal(remote);
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + remote.getPort() + " secure="
                + channel.isSecure();
    }
}
