package io.proxywrap.server.tomcat;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.bootstrap.ProxywrapBridge;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import org.apache.coyote.Request;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * The Tomcat hooks' code, copied into Tomcat's classes by the weaver (see
 * {@code io.proxywrap.agent.weave.Templates} for what a template may use). {@link TomcatAdapter}
 * says which method calls which. Each catches its own failures, and then lets Tomcat go on as
 * if the hook were not there.
 */
final class TomcatHooks {

    private TomcatHooks() {
    }

    // ---- Accept

    /**
     * At the end of {@code NioChannel.reset(SocketChannel, NioSocketWrapper)}:
     * {@code NioEndpoint.setSocketOptions} hands each accepted channel to a (possibly recycled)
     * {@code NioChannel} through it (that signature since 9.0.27), with the connection's new
     * {@code NioSocketWrapper}. The connection's state goes on the wrapper, which lives exactly as
     * long as the connection.
     */
    static void accepted(SocketChannel channel, Object socketWrapper) {
        try {
            ProxywrapBridge.attach(socketWrapper, ProxywrapBridge.accepted(channel));
        } catch (Throwable t) {
            // The connection goes on without state: the bridge then passes its reads through.
        }
    }

    // ---- Addresses

    /*
     * Where Tomcat learns the peer: SocketWrapperBase.getRemoteAddr() and its siblings fill
     * protected fields lazily through NioSocketWrapper.populateRemoteAddr() and friends, and
     * everything above (requests, access logs, WebSocket) asks the wrapper. With a header, each
     * populate method is answered from the header; without one (no header in optional mode, v2
     * LOCAL, v1 UNKNOWN, a non-INET family) these return none and Tomcat's own code runs.
     *
     * Host names resolve only where Tomcat itself would resolve: populateRemoteHost() is reached
     * only with enableLookups="true", and populateLocalName() only for getLocalName(); both look
     * up the header's address, as Tomcat would the socket's. Tomcat's populateRemoteHost() also
     * fills remoteAddr when it is still empty; answered, it leaves that to getRemoteAddr(), which
     * populates remoteAddr itself when it is empty, from the header again.
     */

    /** For {@code populateRemoteAddr()}: the header's source address, or null. */
    static String remoteAddr(ProxiedConnection connection) {
        try {
            InetSocketAddress address = connection == null ? null : connection.remoteAddress();
            return address == null ? null : address.getAddress().getHostAddress();
        } catch (Throwable t) {
            return null;
        }
    }

    /** For {@code populateRemoteHost()}: the header's source host name, or null. */
    static String remoteHost(ProxiedConnection connection) {
        try {
            InetSocketAddress address = connection == null ? null : connection.remoteAddress();
            return address == null ? null : address.getAddress().getHostName();
        } catch (Throwable t) {
            return null;
        }
    }

    /** For {@code populateRemotePort()}: the header's source port, or -1. */
    static int remotePort(ProxiedConnection connection) {
        try {
            InetSocketAddress address = connection == null ? null : connection.remoteAddress();
            return address == null ? -1 : address.getPort();
        } catch (Throwable t) {
            return -1;
        }
    }

    /** For {@code populateLocalAddr()}: the header's destination address, or null. */
    static String localAddr(ProxiedConnection connection) {
        try {
            InetSocketAddress address = connection == null ? null : connection.localAddress();
            return address == null ? null : address.getAddress().getHostAddress();
        } catch (Throwable t) {
            return null;
        }
    }

    /** For {@code populateLocalName()}: the header's destination host name, or null. */
    static String localName(ProxiedConnection connection) {
        try {
            InetSocketAddress address = connection == null ? null : connection.localAddress();
            return address == null ? null : address.getAddress().getHostName();
        } catch (Throwable t) {
            return null;
        }
    }

    /** For {@code populateLocalPort()}: the header's destination port, or -1. */
    static int localPort(ProxiedConnection connection) {
        try {
            InetSocketAddress address = connection == null ? null : connection.localAddress();
            return address == null ? -1 : address.getPort();
        } catch (Throwable t) {
            return -1;
        }
    }

    // ---- Scheme and attributes

    /**
     * At the end of {@code Http11Processor.prepareRequest()} (HTTP/1.1 and WebSocket handshakes),
     * where Tomcat itself sets {@code https} for a TLS connector; and at the end of
     * {@code StreamProcessor.validateRequest()}, which {@code service()} calls right before the
     * adapter for each HTTP/2 stream (including an h2c upgrade's request, which Tomcat serves as
     * stream 1 after upgrading, before {@code prepareRequest()} would have run). Both fields are
     * {@code AbstractProcessor}'s. Then {@code CoyoteAdapter.postParseRequest} derives
     * {@code isSecure()} from the scheme set here, and {@code Request.getAttribute} falls back to
     * the coyote request's attributes.
     */
    static void requestPrepared(Object socketWrapper, Request request) {
        try {
            ProxiedConnection connection = ProxywrapBridge.connectionOf(socketWrapper);
            if (connection == null) {
                return;
            }
            String scheme = connection.scheme();
            if (scheme != null) {
                request.scheme().setString(scheme);
            }
            String[] attributes = connection.requestAttributes();
            for (int i = 0; i < attributes.length; i += 2) {
                request.setAttribute(attributes[i], attributes[i + 1]);
            }
        } catch (Throwable t) {
            // The request goes on with what Tomcat set.
        }
    }

    // ---- Listeners

    /**
     * At the end of an endpoint's {@code bind()}, which opened its server socket: report the
     * listener, so a configured port served by an endpoint we do not cover (NIO2, APR, AJP) is
     * named at start-up instead of being silently left raw. {@code getName()} is the protocol's
     * name for it, e.g. {@code http-nio-8080}; {@code getLocalPort()} the bound port.
     */
    static void bound(AbstractEndpoint<?, ?> endpoint) {
        try {
            ProxywrapBridge.listenerBound(endpoint, endpoint.getName(), endpoint.getLocalPort());
        } catch (Throwable t) {
            // Only the start-up line misses this listener.
        }
    }

    // ---- A header that never comes

    /**
     * {@code proxywrap.timeout} for a connection that sends nothing, closed by Tomcat itself: its
     * poller already closes a connection waiting to read when {@code now - getLastRead()} exceeds
     * {@code getReadTimeout()} ({@code NioEndpoint.Poller.timeout}, checked about once a second),
     * through its own close path, so the connection count comes back and nothing is left half
     * closed. While the header is awaited, {@code NioSocketWrapper.getLastRead()} returns the
     * read time that makes that check fire at the header's deadline (never later than Tomcat's
     * own); the poller is its only caller. A peer that dribbles is caught at its next read.
     */
    static long lastRead(long lastRead, SocketWrapperBase<?> socketWrapper, ProxiedConnection connection) {
        try {
            long deadline = connection == null ? 0 : connection.headerDeadlineMillis();
            long readTimeout = socketWrapper.getReadTimeout();
            if (deadline != 0 && readTimeout > 0 && deadline - readTimeout < lastRead) {
                return deadline - readTimeout;
            }
            return lastRead;
        } catch (Throwable t) {
            return lastRead;
        }
    }

    /** At the start of {@code NioSocketWrapper.doClose()}: every way Tomcat closes the connection ends there. */
    static void closing(ProxiedConnection connection) {
        try {
            if (connection != null) {
                connection.closed();
            }
        } catch (Throwable t) {
            // Only the connection's counters miss its end.
        }
    }
}
