package io.proxywrap.server.tomcat;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.bootstrap.ProxywrapBridge;
import net.bytebuddy.asm.Advice;
import org.apache.coyote.Request;

/**
 * Scheme and attributes, set on the coyote request just before {@code CoyoteAdapter} sees it:
 * at the end of {@code Http11Processor.prepareRequest()} (HTTP/1.1 and WebSocket handshakes),
 * where Tomcat itself sets {@code https} for a TLS connector; and at the end of
 * {@code StreamProcessor.validateRequest()}, which {@code service()} calls right before the
 * adapter for each HTTP/2 stream (including an h2c upgrade's request, which Tomcat serves as
 * stream 1 after upgrading, before {@code prepareRequest()} would have run). Both fields are {@code AbstractProcessor}'s. Then
 * {@code CoyoteAdapter.postParseRequest} derives {@code isSecure()} from the scheme a processor
 * set, and {@code Request.getAttribute} falls back to the coyote request's attributes.
 */
final class ProcessorRequestAdvice {

    private ProcessorRequestAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.FieldValue("socketWrapper") Object socketWrapper,
            @Advice.FieldValue("request") Request request) {
        ProxiedConnection connection = ProxywrapBridge.connectionOf(socketWrapper);
        if (connection != null) {
            String scheme = connection.scheme();
            if (scheme != null) {
                request.scheme().setString(scheme);
            }
            String[] attributes = connection.requestAttributes();
            for (int i = 0; i < attributes.length; i += 2) {
                request.setAttribute(attributes[i], attributes[i + 1]);
            }
        }
    }
}
