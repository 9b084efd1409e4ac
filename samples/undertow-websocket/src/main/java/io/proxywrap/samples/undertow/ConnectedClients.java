package io.proxywrap.samples.undertow;

import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The open WebSocket channels, in the order they connected; each change is sent to all of them. */
final class ConnectedClients {

    private final Map<WebSocketChannel, Client> clients = new LinkedHashMap<>();
    private int nextId = 1;

    void add(Client client) {
        synchronized (clients) {
            client.id = nextId++;
            clients.put(client.channel, client);
        }
        broadcast();
    }

    void remove(WebSocketChannel channel) {
        boolean removed;
        synchronized (clients) {
            removed = clients.remove(channel) != null;
        }
        if (removed) {
            broadcast();
        }
    }

    /** Sent outside the lock: a slow client must not hold up connects and disconnects. */
    private void broadcast() {
        List<Client> snapshot;
        synchronized (clients) {
            snapshot = new ArrayList<>(clients.values());
        }
        StringBuilder message = new StringBuilder("clients");
        for (Client client : snapshot) {
            message.append('\n').append(client.id).append(' ').append(client.address);
        }
        for (Client client : snapshot) {
            client.send(message.toString());
        }
    }

    static final class Client {

        final WebSocketChannel channel;
        /** As {@link EchoEndpoint#describe} put it. */
        final String address;
        int id;

        Client(WebSocketChannel channel, String address) {
            this.channel = channel;
            this.address = address;
        }

        /**
         * Undertow queues each message on the channel in the order sent; a message to a closing
         * channel fails in the callback, and the close task takes it off the list.
         */
        void send(String text) {
            WebSockets.sendText(text, channel, null);
        }
    }
}
