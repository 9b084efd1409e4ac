package io.proxywrap.server.jetty;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.bootstrap.ProxywrapBridge;
import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.server.Request;

/**
 * Jetty 9.4: scheme and attributes, at the end of {@code HttpChannel.onRequest(MetaData.Request)},
 * which every request runs (HTTP/1.1 and each HTTP/2 stream, every request of a kept-alive
 * connection: {@code Request.recycle()} clears attributes between them) after it set
 * {@code isSecure()} from the request's URI and before customizers and the application see it.
 * {@code Request.setScheme} writes the request's own URI, so {@code getRequestURL()} and the
 * default server port follow. 10 and later lack {@code setScheme}: see adapter-lines.
 */
final class Jetty94RequestAdvice {

    private Jetty94RequestAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.FieldValue("_endPoint") Object endPoint, @Advice.FieldValue("_request") Request request) {
        ProxiedConnection connection = ProxywrapBridge.connectionOf(endPoint);
        if (connection != null) {
            String scheme = connection.scheme();
            if (scheme != null) {
                request.setScheme(scheme);
                request.setSecure("https".equals(scheme));
            }
            String[] attributes = connection.requestAttributes();
            for (int i = 0; i < attributes.length; i += 2) {
                request.setAttribute(attributes[i], attributes[i + 1]);
            }
        }
    }
}
