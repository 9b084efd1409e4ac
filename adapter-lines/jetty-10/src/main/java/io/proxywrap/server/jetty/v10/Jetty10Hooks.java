package io.proxywrap.server.jetty.v10;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.bootstrap.ProxywrapBridge;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;

/**
 * Templates for Jetty 10 and 11 (see {@code io.proxywrap.agent.weave.Templates}), compiled
 * against 10.0, whose request API 11 keeps.
 */
public final class Jetty10Hooks {

    private Jetty10Hooks() {
    }

    /**
     * The scheme, at the end of {@code HttpChannel.onRequest(MetaData.Request)}, the same place as
     * 9.4's hook (HTTP/1.1 and every HTTP/2 stream, every request of a kept-alive connection,
     * before customizers and the application), which the agent's
     * {@code JettyHooks.requestAttributes} follows. {@code Request.getScheme()} is its URI's scheme
     * here, and the URI immutable, so the request gets a copy with the scheme replaced.
     */
    static void requestScheme(Object endPoint, Request request) {
        try {
            ProxiedConnection connection = ProxywrapBridge.connectionOf(endPoint);
            String scheme = connection == null ? null : connection.scheme();
            if (scheme != null) {
                request.setHttpURI(HttpURI.build(request.getHttpURI()).scheme(scheme));
                request.setSecure("https".equals(scheme));
            }
        } catch (Throwable t) {
            // The request goes on with what Jetty set.
        }
    }
}
