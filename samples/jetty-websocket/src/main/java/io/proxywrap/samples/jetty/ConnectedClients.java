package io.proxywrap.samples.jetty;

import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The open WebSocket sessions, in the order they connected; each change is sent to all of them. */
final class ConnectedClients {

    private final Map<Session, Client> clients = new LinkedHashMap<>();

    void add(Client client) {
        synchronized (clients) {
            clients.put(client.session, client);
        }
        broadcast();
    }

    void remove(Session session) {
        synchronized (clients) {
            clients.remove(session);
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

    static final class Client {

        final Session session;
        /** As {@link EchoEndpoint#describe} put it. */
        final String address;

        Client(Session session, String address) {
            this.session = session;
            this.address = address;
        }

        /**
         * Synchronized because a session's basic remote takes one message at a time, and echoes
         * (the session's own thread) and broadcasts (other sessions' threads) can meet.
         */
        synchronized void send(String text) {
            try {
                session.getBasicRemote().sendText(text);
            } catch (IOException | IllegalStateException e) {
                // The session is closing or its connection broke: Jetty closes it, onClose takes
                // it off the list, and the other clients are not affected.
            }
        }
    }
}
