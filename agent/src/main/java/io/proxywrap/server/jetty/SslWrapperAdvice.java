package io.proxywrap.server.jetty;

import io.proxywrap.bootstrap.ProxywrapBridge;
import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.io.AbstractConnection;

/**
 * TLS: {@code SslConnection} wraps the socket's end point in a decrypted one, which everything
 * above it (HTTP/1.1, HTTP/2 and the request) knows as its end point. At the end of its
 * constructor, the wrapper gets the same state as the socket's end point, so the request hooks
 * find it without knowing how each line wraps. 9.4 to 11 name the field
 * {@code _decryptedEndPoint}, 12 {@code _sslEndPoint}.
 */
final class SslWrapperAdvice {

    private SslWrapperAdvice() {
    }

    static final class DecryptedEndPoint {
        private DecryptedEndPoint() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This AbstractConnection sslConnection,
                @Advice.FieldValue("_decryptedEndPoint") Object wrapper) {
            ProxywrapBridge.attach(wrapper, ProxywrapBridge.connectionOf(sslConnection.getEndPoint()));
        }
    }

    static final class SslEndPoint {
        private SslEndPoint() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This AbstractConnection sslConnection,
                @Advice.FieldValue("_sslEndPoint") Object wrapper) {
            ProxywrapBridge.attach(wrapper, ProxywrapBridge.connectionOf(sslConnection.getEndPoint()));
        }
    }
}
