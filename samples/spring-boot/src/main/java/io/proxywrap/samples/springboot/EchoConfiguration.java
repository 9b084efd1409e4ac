package io.proxywrap.samples.springboot;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * {@code /echo} on Spring's WebSocket API (over Tomcat's Jakarta WebSocket), with the handshake
 * request's client address captured for each session. Same-origin only, Spring's default: the
 * page is served from the same address.
 */
@Configuration
@EnableWebSocket
class EchoConfiguration implements WebSocketConfigurer {

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(new EchoHandler(new ConnectedClients()), EchoHandler.PATH)
                .addInterceptors(new HandshakeAddress());
    }
}
