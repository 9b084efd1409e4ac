package io.proxywrap.server.jetty;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.bootstrap.ProxywrapBridge;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import org.eclipse.jetty.io.AbstractConnection;

/**
 * Jetty 12 copies both addresses into final fields when a connection is built, which for
 * HTTP/1.1 ({@code AbstractMetaDataConnection}) and prior-knowledge h2c
 * ({@code HTTP2ServerConnection}) is at accept, before the header is read; the core API
 * ({@code Request.getRemoteAddr(request)}), the servlet layers and request logs read those
 * copies. Their getters report the header's addresses instead, found through the connection's
 * end point (the socket's, or TLS's wrapper of it, which carries the same state).
 */
final class ConnectionAddressAdvice {

    private ConnectionAddressAdvice() {
    }

    static final class Remote {
        private Remote() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This AbstractConnection connection,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) SocketAddress address) {
            ProxiedConnection state = ProxywrapBridge.connectionOf(connection.getEndPoint());
            InetSocketAddress reported = state == null ? null : state.remoteAddress();
            if (reported != null) {
                address = reported;
            }
        }
    }

    static final class Local {
        private Local() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This AbstractConnection connection,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) SocketAddress address) {
            ProxiedConnection state = ProxywrapBridge.connectionOf(connection.getEndPoint());
            InetSocketAddress reported = state == null ? null : state.localAddress();
            if (reported != null) {
                address = reported;
            }
        }
    }
}
