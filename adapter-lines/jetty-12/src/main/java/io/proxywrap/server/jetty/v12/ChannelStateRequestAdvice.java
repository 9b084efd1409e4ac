package io.proxywrap.server.jetty.v12;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.bootstrap.ProxywrapBridge;
import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.server.internal.HttpChannelState;
import org.eclipse.jetty.util.Attributes;

/**
 * Jetty 12: attributes, at the end of {@code HttpChannelState.onRequest(MetaData.Request)}, the
 * one entry of HTTP/1.1 and HTTP/2 requests, which has just made the request
 * ({@code ChannelRequest}, one per request) and runs before customizers and handlers. Request
 * attributes, not the connection's: only those reach {@code Request.getAttribute} through every
 * wrapper, and the servlet layers (ee8 to ee11) read them from there.
 */
public final class ChannelStateRequestAdvice {

    private ChannelStateRequestAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This HttpChannelState channel, @Advice.FieldValue("_request") Attributes request) {
        ProxiedConnection connection = ProxywrapBridge.connectionOf(
                channel.getConnectionMetaData().getConnection().getEndPoint());
        if (connection != null) {
            String[] attributes = connection.requestAttributes();
            for (int i = 0; i < attributes.length; i += 2) {
                request.setAttribute(attributes[i], attributes[i + 1]);
            }
        }
    }
}
