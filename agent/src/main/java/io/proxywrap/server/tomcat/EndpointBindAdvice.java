package io.proxywrap.server.tomcat;

import io.proxywrap.bootstrap.ProxywrapBridge;
import net.bytebuddy.asm.Advice;
import org.apache.tomcat.util.net.AbstractEndpoint;

/**
 * After an endpoint's {@code bind()} opened its server socket: report the listener, so a
 * configured port served by an endpoint we do not cover (NIO2, APR, AJP) is named at start-up
 * instead of being silently left raw. {@code getName()} is the protocol's name for it, e.g.
 * {@code http-nio-8080} or {@code ajp-nio-8009}; {@code getLocalPort()} the bound port.
 */
final class EndpointBindAdvice {

    private EndpointBindAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This AbstractEndpoint<?, ?> endpoint) {
        ProxywrapBridge.listenerBound(endpoint, endpoint.getName(), endpoint.getLocalPort());
    }
}
