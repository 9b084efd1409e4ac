package io.proxywrap.server.undertow;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.bootstrap.ProxywrapBridge;
import net.bytebuddy.asm.Advice;

/**
 * The end of the constructor of an Undertow object that wraps the connection, passed as its
 * first argument: it gets the same state, so that a request finds it from its
 * {@code ServerConnection} ({@link RequestSchemeAdvice}) however the connection was wrapped.
 * The chains, all of which start at XNIO's {@code NioSocketStreamConnection}:
 *
 * <ul>
 *   <li>TLS: {@code UndertowSslConnection(StreamConnection delegate, ...)};</li>
 *   <li>HTTP/1.1: {@code AbstractServerConnection(StreamConnection channel, ...)}, the
 *       superclass of {@code HttpServerConnection};</li>
 *   <li>HTTP/2 (h2 after ALPN, h2c after an upgrade): {@code AbstractFramedChannel(StreamConnection
 *       ...)}, the superclass of {@code Http2Channel}, then {@code Http2ServerConnection(Http2Channel
 *       ...)}.</li>
 * </ul>
 *
 * Addresses need none of this: every one of these objects asks the socket's connection live.
 */
final class WrapperAdvice {

    private WrapperAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object wrapper, @Advice.Argument(0) Object wrapped) {
        ProxiedConnection connection = ProxywrapBridge.connectionOf(wrapped);
        if (connection != null) {
            ProxywrapBridge.attach(wrapper, connection);
        }
    }
}
