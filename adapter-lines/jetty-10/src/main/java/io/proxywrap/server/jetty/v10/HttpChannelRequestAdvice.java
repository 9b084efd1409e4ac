package io.proxywrap.server.jetty.v10;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.bootstrap.ProxywrapBridge;
import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;

/**
 * Jetty 10 and 11: scheme and attributes at the end of {@code HttpChannel.onRequest(MetaData.Request)},
 * the same place as 9.4's advice (HTTP/1.1 and every HTTP/2 stream, every request of a kept-alive
 * connection, before customizers and the application). {@code Request.getScheme()} is its URI's
 * scheme here, and the URI immutable, so the request gets a copy with the scheme replaced.
 */
public final class HttpChannelRequestAdvice {

    private HttpChannelRequestAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.FieldValue("_endPoint") Object endPoint, @Advice.FieldValue("_request") Request request) {
        ProxiedConnection connection = ProxywrapBridge.connectionOf(endPoint);
        if (connection != null) {
            String scheme = connection.scheme();
            if (scheme != null) {
                request.setHttpURI(HttpURI.build(request.getHttpURI()).scheme(scheme));
                request.setSecure("https".equals(scheme));
            }
            String[] attributes = connection.requestAttributes();
            for (int i = 0; i < attributes.length; i += 2) {
                request.setAttribute(attributes[i], attributes[i + 1]);
            }
        }
    }
}
