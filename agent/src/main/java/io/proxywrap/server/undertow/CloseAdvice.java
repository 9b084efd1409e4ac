package io.proxywrap.server.undertow;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.bootstrap.ProxywrapBridge;
import net.bytebuddy.asm.Advice;
import org.xnio.XnioExecutor;

/**
 * {@code NioSocketStreamConnection.closeAction()}: XNIO runs it once, whoever closes (Undertow
 * after a response, an I/O error or our rejection, the peer, the header timer). It settles the
 * counters, reporting a header that timed out, and drops the header timer if it has not run.
 */
final class CloseAdvice {

    private CloseAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object connection,
            @Advice.FieldValue(UndertowAdapter.HEADER_TIMER_FIELD) Object headerTimer) {
        ProxiedConnection proxied = ProxywrapBridge.connectionOf(connection);
        if (proxied != null) {
            proxied.closed();
        }
        if (headerTimer instanceof XnioExecutor.Key) {
            ((XnioExecutor.Key) headerTimer).remove();
        }
    }
}
