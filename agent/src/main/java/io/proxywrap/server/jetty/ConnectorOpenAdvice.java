package io.proxywrap.server.jetty;

import io.proxywrap.bootstrap.ProxywrapBridge;
import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.server.ServerConnector;

/**
 * After {@code ServerConnector.open()} (every line: {@code doStart} calls it first, and it is a
 * no-op when the application opened the connector already): report the listener, so a
 * configured port whose connector has Jetty's own {@code ProxyConnectionFactory} is left to
 * Jetty and said so at start-up.
 */
final class ConnectorOpenAdvice {

    private ConnectorOpenAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This ServerConnector connector) {
        ProxywrapBridge.listenerBound(connector, connector.getName(), connector.getLocalPort());
    }
}
