package io.proxywrap.server.jetty;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.bootstrap.ProxywrapBridge;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.IdleTimeout;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The Jetty hooks' code that links on every line from 9.4 to 12.1 (the attributes' on 9.4 to 11),
 * copied into Jetty's classes by the weaver (see {@code io.proxywrap.agent.weave.Templates} for
 * what a template may use); compiled against 9.4. {@link JettyAdapter} says which method calls
 * which; the request's scheme is per line ({@link Jetty94Hooks}, and the adapter-lines modules
 * for 10 and 12). Each catches its own failures, and then lets Jetty go on as if the hook were
 * not there.
 */
final class JettyHooks {

    private JettyHooks() {
    }

    // ---- Accept

    /**
     * At the end of {@code ServerConnectorManager.newEndPoint(channel, selector, key)}, which makes
     * the one end point an accepted socket gets for its whole life (TLS, detection, h2c and
     * WebSocket upgrades replace its {@code Connection}, never the end point), before the
     * connection's first read. The manager's method rather than {@code ServerConnector.newEndPoint},
     * which subclasses such as {@code NetworkTrafficServerConnector} override without calling super.
     *
     * <p>{@code ServerConnector.newEndPoint} has already armed the end point's idle check with
     * Jetty's idle timeout, and Jetty 12 arms it nowhere else before the first one fires; it is
     * re-armed once the state is attached, so that the check is scheduled by the header's deadline
     * ({@link #idleTimeout}). Setting the timeout to 0 and back is Jetty's own way:
     * {@code IdleTimeout.setIdleTimeout} cancels the check and schedules a new one.
     *
     * @return the end point, unchanged
     */
    static EndPoint accepted(EndPoint endPoint, SelectableChannel channel) {
        try {
            ProxiedConnection connection = channel instanceof SocketChannel
                    ? ProxywrapBridge.accepted((SocketChannel) channel) : null;
            if (connection != null) {
                long idleTimeout = endPoint.getIdleTimeout();
                ProxywrapBridge.attach(endPoint, connection);
                if (idleTimeout > 0) {
                    endPoint.setIdleTimeout(0);
                    endPoint.setIdleTimeout(idleTimeout);
                }
            }
        } catch (Throwable t) {
            // The connection goes on without state: the bridge then passes its reads through.
        }
        return endPoint;
    }

    /**
     * TLS: {@code SslConnection} wraps the socket's end point in a decrypted one, which everything
     * above it (HTTP/1.1, HTTP/2 and the request) knows as its end point. At the end of its
     * constructors, the wrapper gets the same state as the socket's end point, so the request
     * hooks find it without knowing how each line wraps. 9.4 to 11 name the field
     * {@code _decryptedEndPoint}, 12 {@code _sslEndPoint}; the plan passes the line's.
     */
    static void sslWrapped(AbstractConnection sslConnection, Object wrapper) {
        try {
            ProxywrapBridge.attach(wrapper, ProxywrapBridge.connectionOf(sslConnection.getEndPoint()));
        } catch (Throwable t) {
            // The requests on it see the socket's scheme and no attributes.
        }
    }

    // ---- Attributes, 9.4 to 11

    /**
     * At the end of {@code HttpChannel.onRequest(MetaData.Request)}, after the line's scheme hook:
     * the header's request attributes. {@code Request} is a class with the same
     * {@code setAttribute(String, Object)} from 9.4 to 11 ({@code Request.recycle()} clears them
     * between the requests of a kept-alive connection); 12's request model has its own hook.
     */
    static void requestAttributes(Object endPoint, Request request) {
        try {
            ProxiedConnection connection = ProxywrapBridge.connectionOf(endPoint);
            String[] attributes = connection == null ? new String[0] : connection.requestAttributes();
            for (int i = 0; i < attributes.length; i += 2) {
                request.setAttribute(attributes[i], attributes[i + 1]);
            }
        } catch (Throwable t) {
            // The request goes on without them.
        }
    }

    // ---- Listeners

    /**
     * At the end of {@code ServerConnector.open()} (every line: {@code doStart} calls it first, and
     * it is a no-op when the application opened the connector already): report the listener, so
     * a configured port whose connector has Jetty's own {@code ProxyConnectionFactory} is left to
     * Jetty and said so at start-up.
     */
    static void opened(ServerConnector connector) {
        try {
            ProxywrapBridge.listenerBound(connector, connector.getName(), connector.getLocalPort());
        } catch (Throwable t) {
            // Only the start-up line misses this listener.
        }
    }

    // ---- A header that never comes

    /**
     * {@code proxywrap.timeout} for a connection that sends nothing, closed by Jetty itself: the
     * return of {@code IdleTimeout.getIdleTimeout()}, which only our end points' state changes.
     * Jetty has no header timeout, but every end point is an {@code IdleTimeout}: its scheduled
     * check ({@code checkIdleTimeout}, all lines) expires the end point when {@code getIdleFor()}
     * reaches {@code getIdleTimeout()}, failing the pending read so the connection closes through
     * Jetty's own path (its connection counts come back, the socket is closed, not left half open),
     * and reschedules itself {@code getIdleTimeout() - getIdleFor()} later. While the header is
     * awaited, this reports what makes that check fire at the header's deadline (never later than
     * Jetty's own timeout; a disabled one stays disabled); the end point's {@code onOpen()}
     * schedules the first check with it. A peer that dribbles is caught at its next read instead,
     * since each byte makes the end point not idle.
     */
    static long idleTimeout(long idleTimeout, IdleTimeout endPoint) {
        try {
            ProxiedConnection connection = ProxywrapBridge.connectionOf(endPoint);
            long deadline = connection == null ? 0 : connection.headerDeadlineMillis();
            if (deadline != 0 && idleTimeout > 0) {
                // At least 1: Jetty treats a timeout of 0 as "none", and would stop checking.
                long untilDeadline = Math.max(1, endPoint.getIdleFor() + deadline - System.currentTimeMillis());
                return Math.min(untilDeadline, idleTimeout);
            }
            return idleTimeout;
        } catch (Throwable t) {
            return idleTimeout;
        }
    }

    /** At the start of the end point's {@code doClose()}: every way Jetty closes the socket ends there. */
    static void closing(Object endPoint) {
        try {
            ProxiedConnection connection = ProxywrapBridge.connectionOf(endPoint);
            if (connection != null) {
                connection.closed();
            }
        } catch (Throwable t) {
            // Only the connection's counters miss its end.
        }
    }
}
