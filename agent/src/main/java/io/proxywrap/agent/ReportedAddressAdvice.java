package io.proxywrap.agent;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.bootstrap.ProxywrapBridge;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Where a server learns the peer: the getters of its per-connection object that every layer
 * above asks live, so that replacing what they return reaches servlets, HTTP/2 streams,
 * WebSocket sessions and access logs alike. The header's address replaces the socket's when
 * there is one; it is built from bytes, so no lookup ever happens.
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
 * Typed {@code SocketAddress} so one advice serves every getter (9.4 returns
 * {@code InetSocketAddress}).
 */
public final class ReportedAddressAdvice {

    private ReportedAddressAdvice() {
    }

    /** The client: the header's source. */
    public static final class Remote {
        private Remote() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object owner,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) SocketAddress address) {
            ProxiedConnection connection = ProxywrapBridge.connectionOf(owner);
            InetSocketAddress reported = connection == null ? null : connection.remoteAddress();
            if (reported != null) {
                address = reported;
            }
        }
    }

    /** The address the client dialled: the header's destination. */
    public static final class Local {
        private Local() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object owner,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) SocketAddress address) {
            ProxiedConnection connection = ProxywrapBridge.connectionOf(owner);
            InetSocketAddress reported = connection == null ? null : connection.localAddress();
            if (reported != null) {
                address = reported;
            }
        }
    }
}
