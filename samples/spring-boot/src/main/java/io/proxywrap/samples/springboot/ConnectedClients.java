package io.proxywrap.samples.springboot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/** The open WebSocket sessions, in the order they connected; each change is sent to all of them. */
final class ConnectedClients {

    private final Map<String, Client> clients = new LinkedHashMap<>();

    void add(Client client) {
        synchronized (clients) {
            clients.put(client.session.getId(), client);
        }
        broadcast();
    }

    /** The client of a session that {@link #add} added and {@link #remove} has not removed. */
    Client get(WebSocketSession session) {
        synchronized (clients) {
            return clients.get(session.getId());
        }
    }

    void remove(WebSocketSession session) {
        synchronized (clients) {
            clients.remove(session.getId());
        }
        broadcast();
    }

    /** Sent outside the lock: a slow client must not hold up connects and disconnects. */
    private void broadcast() {
        List<Client> snapshot;
        synchronized (clients) {
            snapshot = new ArrayList<>(clients.values());
        }
        StringBuilder message = new StringBuilder("clients");
        for (Client client : snapshot) {
            message.append('\n').append(client.session.getId()).append(' ').append(client.address);
        }
        for (Client client : snapshot) {
            client.send(message.toString());
        }
    }

    /** A session and the address its handshake came from. */
    static final class Client {

        /** Bounds on what one slow client may hold up; far above what the page sends. */
        private static final int SEND_TIME_LIMIT_MILLIS = 10_000;
        private static final int BUFFER_SIZE_LIMIT = 512 * 1024;

        /**
         * Spring's sessions take one message at a time, and echoes (the session's own thread) and
         * broadcasts (other sessions' threads) can meet: the decorator queues them in order.
         */
        private final WebSocketSession session;
        /** As {@link HandshakeAddress#describe} put it. */
        private final String address;

        Client(WebSocketSession session, String address) {
            this.session = new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MILLIS, BUFFER_SIZE_LIMIT);
            this.address = address;
        }

        String address() {
            return address;
        }

        void send(String text) {
            try {
                session.sendMessage(new TextMessage(text));
            } catch (IOException | IllegalStateException e) {
                // The session is closing, its connection broke or it fell too far behind (the
                // decorator closes it then): its close takes it off the list, and the other
                // clients are not affected.
            }
        }
    }
}
