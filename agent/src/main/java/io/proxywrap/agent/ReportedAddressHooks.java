package io.proxywrap.agent;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.bootstrap.ProxywrapBridge;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Templates (see {@code io.proxywrap.agent.weave.Templates}) for where a server learns the peer:
 * the getters of its per-connection object that every layer above asks live, so that replacing
 * what they return reaches servlets, HTTP/2 streams, WebSocket sessions and access logs alike.
 * The header's address replaces the socket's when there is one; it is built from bytes, so no
 * lookup ever happens.
 *
 * <ul>
 *   <li>Jetty: 9.4's {@code ChannelEndPoint.getRemoteAddress()/getLocalAddress()} and 10+'s
 *       {@code getRemoteSocketAddress()/getLocalSocketAddress()}, asked by TLS's decrypted end
 *       point, HTTP/2, {@code HttpChannel}, WebSocket sessions and request logs.</li>
 *   <li>Undertow: XNIO's {@code NioSocketStreamConnection.getPeerAddress()/getLocalAddress()},
 *       to which TLS ({@code UndertowSslConnection}), HTTP/1.1 and HTTP/2 connections and
 *       WebSocket channels all delegate.</li>
 * </ul>
 *
 * Typed {@code SocketAddress}, so that one template serves every getter; the weaver casts the
 * result back to 9.4's {@code InetSocketAddress}. The owner is the getter's object, which carries
 * the connection's slot or is a superclass of one that does.
 */
public final class ReportedAddressHooks {

    private ReportedAddressHooks() {
    }

    /** The client: the header's source. */
    static SocketAddress remoteAddress(SocketAddress address, Object owner) {
        try {
            ProxiedConnection connection = ProxywrapBridge.connectionOf(owner);
            InetSocketAddress reported = connection == null ? null : connection.remoteAddress();
            return reported != null ? reported : address;
        } catch (Throwable t) {
            return address;
        }
    }

    /** The address the client dialled: the header's destination. */
    static SocketAddress localAddress(SocketAddress address, Object owner) {
        try {
            ProxiedConnection connection = ProxywrapBridge.connectionOf(owner);
            InetSocketAddress reported = connection == null ? null : connection.localAddress();
            return reported != null ? reported : address;
        } catch (Throwable t) {
            return address;
        }
    }
}
