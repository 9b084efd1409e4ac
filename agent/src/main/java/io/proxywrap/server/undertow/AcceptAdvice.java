package io.proxywrap.server.undertow;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.bootstrap.ProxywrapBridge;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.asm.Advice;
import org.xnio.StreamConnection;

/**
 * Accept: the end of XNIO's {@code NioSocketStreamConnection} constructor, the one object an
 * accepted socket gets for its whole life (TLS, HTTP/2 and WebSocket wrap it, never replace it),
 * made before the connection's first read. {@code NioTcpServer.accept()} passes its
 * {@code NioTcpServerHandle} as the third argument; a client connect
 * ({@code WorkerThread.openTcpStreamConnection}) passes null, so outgoing sockets are never ours.
 *
 * <p>Undertow has no timer that covers a connection before its first request is parsed, so the
 * header's deadline is a task on the connection's own I/O thread, the thread that reads it:
 * it cannot race a read. The task is the connection's {@code ProxiedConnection} itself, so it
 * adds no object of ours to XNIO's own timer entry. It closes the connection through XNIO's
 * {@code close()}, which frees the listener's connection count and runs Undertow's close
 * listeners; {@link CloseAdvice} cancels it when the connection closes first. One millisecond
 * late, so that the close finds the deadline passed and counts a timeout.
 */
final class AcceptAdvice {

    private AcceptAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This StreamConnection connection, @Advice.Argument(1) SelectionKey key,
            @Advice.Argument(2) Object listenerHandle,
            @Advice.FieldValue(value = UndertowAdapter.HEADER_TIMER_FIELD, readOnly = false) Object headerTimer) {
        if (listenerHandle == null || !(key.channel() instanceof SocketChannel)) {
            return;
        }
        ProxiedConnection proxied = ProxywrapBridge.accepted((SocketChannel) key.channel());
        if (proxied == null) {
            return;
        }
        ProxywrapBridge.attach(connection, proxied);
        long deadline = proxied.headerDeadlineMillis();
        if (deadline != 0) {
            headerTimer = connection.getIoThread().executeAfter(ProxywrapBridge.closeIfHeaderPending(proxied, connection),
                    Math.max(1, deadline - System.currentTimeMillis() + 1), TimeUnit.MILLISECONDS);
        }
    }
}
