package io.proxywrap.samples.tomcat;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;

/**
 * The client address a WebSocket session was opened from, as the server reports it on the
 * handshake request ({@code getRemoteAddr()}, {@code getRemotePort()}, {@code isSecure()}).
 *
 * <p>The WebSocket API's {@link HandshakeRequest} has no remote address, so a servlet filter
 * reads it from the HTTP request and hands it to the endpoint's configurator through a
 * thread-local: Tomcat's {@code WsFilter}, further down the same filter chain, performs the whole
 * handshake, {@code modifyHandshake} included, on the thread that runs {@code doFilter}.
 */
final class HandshakeAddress {

    /** The key of the address in the session's user properties. */
    static final String PROPERTY = HandshakeAddress.class.getName();

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private HandshakeAddress() {
    }

    /** e.g. {@code 203.0.113.7:51000 secure=false}; IPv6 addresses in brackets. */
    static String describe(ServletRequest request) {
        String address = request.getRemoteAddr();
        String host = address.indexOf(':') >= 0 ? "[" + address + "]" : address;
        return host + ":" + request.getRemotePort() + " secure=" + request.isSecure();
    }

    /** Mapped on the endpoint's path, ahead of Tomcat's {@code WsFilter}. */
    static final class CaptureFilter implements Filter {

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            CURRENT.set(describe(request));
            try {
                chain.doFilter(request, response);
            } finally {
                // Request threads are pooled: the next request on this thread is someone else's.
                CURRENT.remove();
            }
        }
    }

    /** Stores the captured address with the new session, and creates its endpoint. */
    static final class Configurator extends ServerEndpointConfig.Configurator {

        private final ConnectedClients clients;

        Configurator(ConnectedClients clients) {
            this.clients = clients;
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
            super.modifyHandshake(config, request, response);
            // Tomcat passes a per-session copy of the configuration here and to onOpen, so these
            // user properties belong to this one session.
            config.getUserProperties().put(PROPERTY, CURRENT.get());
        }

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(new EchoEndpoint(clients));
        }
    }
}
