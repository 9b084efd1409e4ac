package io.proxywrap.server.jetty;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.bootstrap.ProxywrapBridge;
import org.eclipse.jetty.server.Request;

/**
 * Templates for Jetty 9.4 (see {@code io.proxywrap.agent.weave.Templates}): the request's
 * scheme, which needs 9.4's {@code Request.setScheme}.
 */
final class Jetty94Hooks {

    private Jetty94Hooks() {
    }

    /**
     * The scheme, at the end of {@code HttpChannel.onRequest(MetaData.Request)}, which every
     * request runs (HTTP/1.1 and each HTTP/2 stream, every request of a kept-alive connection)
     * after it set {@code isSecure()} from the request's URI and before customizers and the
     * application see it; {@link JettyHooks#requestAttributes} follows it there.
     * {@code Request.setScheme} writes the request's own URI, so {@code getRequestURL()} and the
     * default server port follow. 10 and later lack {@code setScheme}: see adapter-lines.
     */
    static void requestScheme(Object endPoint, Request request) {
        try {
            ProxiedConnection connection = ProxywrapBridge.connectionOf(endPoint);
            String scheme = connection == null ? null : connection.scheme();
            if (scheme != null) {
                request.setScheme(scheme);
                request.setSecure("https".equals(scheme));
            }
        } catch (Throwable t) {
            // The request goes on with what Jetty set.
        }
    }
}
