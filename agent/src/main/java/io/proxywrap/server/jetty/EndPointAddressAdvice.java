package io.proxywrap.server.jetty;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.bootstrap.ProxywrapBridge;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Where Jetty learns the peer: the end point's address getters, which every layer above asks
 * live (TLS's decrypted end point, HTTP/2 sessions and streams, {@code HttpChannel}, WebSocket
 * sessions, request logs): 9.4's {@code ChannelEndPoint.getRemoteAddress()/getLocalAddress()}
 * and 10+'s {@code getRemoteSocketAddress()/getLocalSocketAddress()}. The header's address
 * replaces the socket's when there is one; it is built from bytes, so no lookup ever happens.
 * Typed {@code SocketAddress} so one advice serves both (9.4 returns {@code InetSocketAddress}).
 */
final class EndPointAddressAdvice {

    private EndPointAddressAdvice() {
    }

    static final class Remote {
        private Remote() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object endPoint,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) SocketAddress address) {
            ProxiedConnection connection = ProxywrapBridge.connectionOf(endPoint);
            InetSocketAddress reported = connection == null ? null : connection.remoteAddress();
            if (reported != null) {
                address = reported;
            }
        }
    }

    static final class Local {
        private Local() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object endPoint,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) SocketAddress address) {
            ProxiedConnection connection = ProxywrapBridge.connectionOf(endPoint);
            InetSocketAddress reported = connection == null ? null : connection.localAddress();
            if (reported != null) {
                address = reported;
            }
        }
    }
}
