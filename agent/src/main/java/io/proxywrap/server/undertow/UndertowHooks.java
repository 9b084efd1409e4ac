package io.proxywrap.server.undertow;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.bootstrap.ProxywrapBridge;
import io.undertow.server.HttpServerExchange;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.channels.AcceptingChannel;

/**
 * The Undertow hooks' code, copied into XNIO's and Undertow's classes by the weaver (see
 * {@code io.proxywrap.agent.weave.Templates} for what a template may use); compiled against
 * Undertow 2.2 and XNIO 3.8, whose signatures 2.3 and 2.4 keep. {@link UndertowAdapter} says which
 * method calls which. Each catches its own failures, and then lets the server go on as if the
 * hook were not there.
 */
final class UndertowHooks {

    private UndertowHooks() {
    }

    // ---- Accept

    /**
     * At the end of XNIO's {@code NioSocketStreamConnection} constructor, the one object an
     * accepted socket gets for its whole life (TLS, HTTP/2 and WebSocket wrap it, never replace
     * it), made before the connection's first read. {@code NioTcpServer.accept()} passes its
     * {@code NioTcpServerHandle} as the third argument; a client connect
     * ({@code WorkerThread.openTcpStreamConnection}) passes null, so outgoing sockets are never ours.
     *
     * <p>Undertow has no timer that covers a connection before its first request is parsed, so
     * the header's deadline is a task on the connection's own I/O thread, the thread that reads
     * it: it cannot race a read. The task is the connection's {@code ProxiedConnection} itself, so
     * it adds no object of ours to XNIO's own timer entry. It closes the connection through XNIO's
     * {@code close()}, which frees the listener's connection count and runs Undertow's close
     * listeners; {@link #closing} cancels it when the connection closes first. One millisecond
     * late, so that the close finds the deadline passed and counts a timeout.
     *
     * @return the deadline task's {@code XnioExecutor.Key}, which the weaver stores on the
     *     connection for {@link #closing}, or null
     */
    static Object accepted(StreamConnection connection, SelectionKey key, Object listenerHandle) {
        try {
            if (listenerHandle == null || !(key.channel() instanceof SocketChannel)) {
                return null;
            }
            ProxiedConnection proxied = ProxywrapBridge.accepted((SocketChannel) key.channel());
            if (proxied == null) {
                return null;
            }
            ProxywrapBridge.attach(connection, proxied);
            long deadline = proxied.headerDeadlineMillis();
            if (deadline == 0) {
                return null;
            }
            return connection.getIoThread().executeAfter(ProxywrapBridge.closeIfHeaderPending(proxied, connection),
                    Math.max(1, deadline - System.currentTimeMillis() + 1), TimeUnit.MILLISECONDS);
        } catch (Throwable t) {
            // The connection goes on without state (its reads pass through) or without a deadline.
            return null;
        }
    }

    /**
     * At the end of the constructor of an Undertow object that wraps the connection, passed as
     * its first argument: it gets the same state, so that a request finds it from its
     * {@code ServerConnection} ({@link #requestScheme}) however the connection was wrapped. The
     * chains, all of which start at XNIO's {@code NioSocketStreamConnection}:
     *
     * <ul>
     *   <li>TLS: {@code UndertowSslConnection(StreamConnection delegate, ...)};</li>
     *   <li>HTTP/1.1: {@code AbstractServerConnection(StreamConnection channel, ...)}, the
     *       superclass of {@code HttpServerConnection};</li>
     *   <li>HTTP/2 (h2 after ALPN, h2c after an upgrade): {@code AbstractFramedChannel(StreamConnection
     *       ...)}, the superclass of {@code Http2Channel}, then {@code Http2ServerConnection(Http2Channel
     *       ...)}.</li>
     * </ul>
     *
     * Addresses need none of this: every one of these objects asks the socket's connection live.
     */
    static void wrapped(Object wrapper, Object wrappedConnection) {
        try {
            ProxiedConnection connection = ProxywrapBridge.connectionOf(wrappedConnection);
            if (connection != null) {
                ProxywrapBridge.attach(wrapper, connection);
            }
        } catch (Throwable t) {
            // Its requests see the listener's scheme and no attributes.
        }
    }

    // ---- Scheme and attributes

    /**
     * Where {@code HttpServerExchange.setRequestScheme(String)} starts, the scheme it is given, when
     * the exchange has no scheme yet. That first call is the protocol's own, once per request and
     * before any handler runs: HTTP/1.1's {@code HttpReadListener} (https when TLS), HTTP/2's
     * {@code Http2ReceiveListener} (the {@code :scheme} pseudo-header) and pushes. The header's or
     * the port's scheme replaces it; a handler that sets the scheme later (Undertow's
     * {@code ProxyPeerAddressHandler}) still has the last word, as on Tomcat and Jetty.
     *
     * <p>The attributes go into the exchange's {@code REQUEST_ATTRIBUTES} attachment, Undertow's
     * own place for a connector's request attributes (AJP's): core handlers read it there, and
     * Undertow's servlet layer ({@code ServletInitialHandler}) copies it into every request's
     * servlet attributes.
     *
     * @param current the exchange's {@code requestScheme} field
     */
    static String requestScheme(String scheme, HttpServerExchange exchange, String current) {
        String reported = null;
        try {
            ProxiedConnection connection = current != null ? null : ProxywrapBridge.connectionOf(exchange.getConnection());
            if (connection == null) {
                return scheme;
            }
            reported = connection.scheme();
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
        } catch (Throwable t) {
            // The request goes on without the attributes, with the scheme if it was found.
        }
        return reported != null ? reported : scheme;
    }

    // ---- Listeners

    /**
     * At the end of XNIO's {@code NioXnioWorker.createTcpConnectionServer}, where every Undertow
     * listener is bound (the builder's {@code Undertow.start()}, WildFly's listener services, and
     * TLS listeners through {@code UndertowXnioSsl}), before it accepts. The accept listener's name
     * goes with it: XNIO's {@code ChannelListeners.openListenerAdapter} names the open listener it
     * calls, which is how {@link UndertowAdapter#describe} tells a listener where Undertow reads
     * PROXY headers itself.
     *
     * @return the server, unchanged
     */
    static AcceptingChannel<?> listening(AcceptingChannel<?> server, Object acceptListener) {
        try {
            SocketAddress bound = server.getLocalAddress();
            if (bound instanceof InetSocketAddress) {
                ProxywrapBridge.listenerBound(server, acceptListener == null ? null : acceptListener.toString(),
                        ((InetSocketAddress) bound).getPort());
            }
        } catch (Throwable t) {
            // Only the start-up line misses this listener.
        }
        return server;
    }

    // ---- The end of a connection

    /**
     * Where {@code NioSocketStreamConnection.closeAction()} starts: XNIO runs it once, whoever
     * closes (Undertow after a response, an I/O error or our rejection, the peer, the header
     * timer). It settles the counters, reporting a header that timed out, and drops the header
     * timer if it has not run.
     *
     * @param headerTimer what {@link #accepted} returned
     */
    static void closing(Object connection, Object headerTimer) {
        try {
            ProxiedConnection proxied = ProxywrapBridge.connectionOf(connection);
            if (proxied != null) {
                proxied.closed();
            }
            if (headerTimer instanceof XnioExecutor.Key) {
                ((XnioExecutor.Key) headerTimer).remove();
            }
        } catch (Throwable t) {
            // Only the connection's counters miss its end; an unremoved timer finds it closed.
        }
    }
}
