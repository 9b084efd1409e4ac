package io.proxywrap.server.undertow;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.bootstrap.ProxywrapBridge;
import io.undertow.server.HttpServerExchange;
import java.util.HashMap;
import java.util.Map;
import net.bytebuddy.asm.Advice;

/**
 * Scheme and attributes, per request: {@code HttpServerExchange.setRequestScheme(String)} when
 * the exchange has no scheme yet. That first call is the protocol's own, once per request and
 * before any handler runs: HTTP/1.1's {@code HttpReadListener} (https when TLS), HTTP/2's
 * {@code Http2ReceiveListener} (the {@code :scheme} pseudo-header) and pushes. The header's or
 * the port's scheme replaces the argument; a handler that sets the scheme later (Undertow's
 * {@code ProxyPeerAddressHandler}) still has the last word, as on Tomcat and Jetty.
 *
 * <p>The attributes go into the exchange's {@code REQUEST_ATTRIBUTES} attachment, Undertow's
 * own place for a connector's request attributes (AJP's): core handlers read it there, and
 * Undertow's servlet layer ({@code ServletInitialHandler}) copies it into every request's
 * servlet attributes.
 */
final class RequestSchemeAdvice {

    private RequestSchemeAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This HttpServerExchange exchange, @Advice.FieldValue("requestScheme") String current,
            @Advice.Argument(value = 0, readOnly = false) String scheme) {
        if (current != null) {
            return;
        }
        ProxiedConnection connection = ProxywrapBridge.connectionOf(exchange.getConnection());
        if (connection == null) {
            return;
        }
        String reported = connection.scheme();
        if (reported != null) {
            scheme = reported;
        }
        String[] attributes = connection.requestAttributes();
        if (attributes.length > 0) {
            Map<String, String> connectorAttributes = exchange.getAttachment(HttpServerExchange.REQUEST_ATTRIBUTES);
            if (connectorAttributes == null) {
                connectorAttributes = new HashMap<String, String>();
                exchange.putAttachment(HttpServerExchange.REQUEST_ATTRIBUTES, connectorAttributes);
            }
            for (int i = 0; i + 1 < attributes.length; i += 2) {
                connectorAttributes.put(attributes[i], attributes[i + 1]);
            }
        }
    }
}
