package io.proxywrap.samples.springboot;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * The client address a WebSocket session was opened from, as the server reports it on the
 * handshake request ({@code getRemoteAddr()}, {@code getRemotePort()}, {@code isSecure()}), kept
 * in the session's attributes. Read from the servlet request itself: Spring's
 * {@code WebSocketSession.getRemoteAddress()} says nothing of TLS.
 */
final class HandshakeAddress implements HandshakeInterceptor {

    /** The key of the address in the session's attributes. */
    static final String ATTRIBUTE = HandshakeAddress.class.getName();

    /** e.g. {@code 203.0.113.7:51000 secure=false}; IPv6 addresses in brackets. */
    static String describe(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        String host = address.indexOf(':') >= 0 ? "[" + address + "]" : address;
        return host + ":" + request.getRemotePort() + " secure=" + request.isSecure();
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) {
        // On the embedded Tomcat every request is a servlet request.
        attributes.put(ATTRIBUTE, describe(((ServletServerHttpRequest) request).getServletRequest()));
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
    }
}
