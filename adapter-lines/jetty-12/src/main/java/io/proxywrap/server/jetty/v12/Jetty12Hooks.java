package io.proxywrap.server.jetty.v12;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.bootstrap.ProxywrapBridge;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.internal.HttpChannelState;
import org.eclipse.jetty.util.Attributes;

/**
 * Templates for Jetty 12's request model (see {@code io.proxywrap.agent.weave.Templates}),
 * compiled against 12.0, whose signatures 12.1 keeps. Each finds the connection's state on the
 * end point of the request's connection: the socket's, or TLS's wrapper of it.
 */
public final class Jetty12Hooks {

    private Jetty12Hooks() {
    }

    /**
     * Attributes, at the end of {@code HttpChannelState.onRequest(MetaData.Request)}, the one entry
     * of HTTP/1.1 and HTTP/2 requests, which has just made the request ({@code ChannelRequest}, one
     * per request) and runs before customizers and handlers. Request attributes, not the
     * connection's: only those reach {@code Request.getAttribute} through every wrapper, and the
     * servlet layers (ee8 to ee11) read them from there.
     */
    static void requestReceived(HttpChannelState channel, Attributes request) {
        try {
            ProxiedConnection connection = ProxywrapBridge.connectionOf(
                    channel.getConnectionMetaData().getConnection().getEndPoint());
            if (connection == null) {
                return;
            }
            String[] attributes = connection.requestAttributes();
            for (int i = 0; i < attributes.length; i += 2) {
                request.setAttribute(attributes[i], attributes[i + 1]);
            }
        } catch (Throwable t) {
            // The request goes on without them.
        }
    }

    /**
     * The scheme. A request's scheme is its URI's ({@code Request.isSecure()}, servlet
     * {@code getScheme()}, {@code getRequestURL()} and the default server port all read
     * {@code getHttpURI()}), fixed when the HTTP/1.1 or HTTP/2 layer parsed the request, in an
     * immutable URI inside a final field. So {@code ChannelRequest.getHttpURI()} returns a copy
     * with the connection's scheme, made on the first call and kept in a field the adapter adds,
     * where the weaver stores this template's result; a connection without one keeps Jetty's URI.
     *
     * @param reported what this returned the last time, or null on the first call
     */
    static HttpURI requestUri(HttpURI uri, Request request, Object reported) {
        try {
            if (reported != null) {
                return (HttpURI) reported;
            }
            ProxiedConnection connection = ProxywrapBridge.connectionOf(
                    request.getConnectionMetaData().getConnection().getEndPoint());
            String scheme = connection == null ? null : connection.scheme();
            return scheme == null ? uri : HttpURI.build(uri).scheme(scheme).asImmutable();
        } catch (Throwable t) {
            return uri;
        }
    }

    /**
     * Whether the connection is secure, which session cookies and the servlet connection ask
     * apart from the request ({@code ConnectionMetaData.isSecure()}, a default method that the
     * HTTP/1.1 and HTTP/2 connections keep): what the connection's scheme says.
     */
    static boolean secure(boolean secure, ConnectionMetaData metaData) {
        try {
            ProxiedConnection connection = ProxywrapBridge.connectionOf(metaData.getConnection().getEndPoint());
            String scheme = connection == null ? null : connection.scheme();
            return scheme != null ? "https".equals(scheme) : secure;
        } catch (Throwable t) {
            return secure;
        }
    }

    /*
     * Jetty 12 copies both addresses into final fields when a connection is built, which for
     * HTTP/1.1 (AbstractMetaDataConnection) and prior-knowledge h2c (HTTP2ServerConnection) is at
     * accept, before the header is read; the core API (Request.getRemoteAddr(request)), the servlet
     * layers and request logs read those copies. Their getters report the header's addresses
     * instead, found through the connection's end point.
     */

    /** {@code getRemoteSocketAddress()} of a connection: the header's source. */
    static SocketAddress connectionRemoteAddress(SocketAddress address, AbstractConnection connection) {
        try {
            ProxiedConnection state = ProxywrapBridge.connectionOf(connection.getEndPoint());
            InetSocketAddress reported = state == null ? null : state.remoteAddress();
            return reported != null ? reported : address;
        } catch (Throwable t) {
            return address;
        }
    }

    /** {@code getLocalSocketAddress()} of a connection: the header's destination. */
    static SocketAddress connectionLocalAddress(SocketAddress address, AbstractConnection connection) {
        try {
            ProxiedConnection state = ProxywrapBridge.connectionOf(connection.getEndPoint());
            InetSocketAddress reported = state == null ? null : state.localAddress();
            return reported != null ? reported : address;
        } catch (Throwable t) {
            return address;
        }
    }
}
