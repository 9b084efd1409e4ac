package io.proxywrap.it.undertow.server;

import io.proxywrap.it.server.echo.WhoAmI;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;

/**
 * The text echo of Undertow's core WebSocket API ({@code io.undertow.websockets}): every text back
 * as it came, and to {@value WhoAmI#QUESTION} what the channel reports as its peer,
 * {@code WebSocketChannel.getSourceAddress()}.
 */
final class CoreWebSocketEcho {

    private CoreWebSocketEcho() {
    }

    static HttpHandler handler() {
        return Handlers.websocket((exchange, channel) -> {
            channel.getReceiveSetter().set(new AbstractReceiveListener() {
                @Override
                protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
                    WebSockets.sendText(WhoAmI.reply(message.getData(), channel.getSourceAddress()), channel, null);
                }
            });
            channel.resumeReceives();
        });
    }
}
