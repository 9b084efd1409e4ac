package io.proxywrap.server.tomcat;

import io.proxywrap.bootstrap.ProxiedConnection;
import java.net.InetSocketAddress;
import net.bytebuddy.asm.Advice;

/**
 * Where Tomcat learns the peer: {@code SocketWrapperBase.getRemoteAddr()} and its siblings fill
 * protected fields lazily through {@code NioSocketWrapper.populateRemoteAddr()} and friends, and
 * everything above (requests, access logs, WebSocket) asks the wrapper. With a header, each
 * populate method is skipped and its field set from the header instead; without one (no header
 * in optional mode, v2 LOCAL, v1 UNKNOWN, a non-INET family) Tomcat's own code runs.
 *
 * <p>Host names resolve only where Tomcat itself would resolve: {@code populateRemoteHost()} is
 * reached only with {@code enableLookups="true"}, and {@code populateLocalName()} only for
 * {@code getLocalName()}; both look up the header's address, as Tomcat would the socket's.
 */
final class SocketWrapperAddressAdvice {

    private SocketWrapperAddressAdvice() {
    }

    static final class RemoteAddr {
        private RemoteAddr() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static boolean enter(@Advice.FieldValue("proxywrap$connection") ProxiedConnection connection,
                @Advice.FieldValue(value = "remoteAddr", readOnly = false) String remoteAddr) {
            InetSocketAddress address = connection == null ? null : connection.remoteAddress();
            if (address == null) {
                return false;
            }
            remoteAddr = address.getAddress().getHostAddress();
            return true;
        }
    }

    static final class RemoteHost {
        private RemoteHost() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static boolean enter(@Advice.FieldValue("proxywrap$connection") ProxiedConnection connection,
                @Advice.FieldValue(value = "remoteHost", readOnly = false) String remoteHost,
                @Advice.FieldValue(value = "remoteAddr", readOnly = false) String remoteAddr) {
            InetSocketAddress address = connection == null ? null : connection.remoteAddress();
            if (address == null) {
                return false;
            }
            remoteHost = address.getAddress().getHostName();
            if (remoteAddr == null) {
                remoteAddr = address.getAddress().getHostAddress();
            }
            return true;
        }
    }

    static final class RemotePort {
        private RemotePort() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static boolean enter(@Advice.FieldValue("proxywrap$connection") ProxiedConnection connection,
                @Advice.FieldValue(value = "remotePort", readOnly = false) int remotePort) {
            InetSocketAddress address = connection == null ? null : connection.remoteAddress();
            if (address == null) {
                return false;
            }
            remotePort = address.getPort();
            return true;
        }
    }

    static final class LocalAddr {
        private LocalAddr() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static boolean enter(@Advice.FieldValue("proxywrap$connection") ProxiedConnection connection,
                @Advice.FieldValue(value = "localAddr", readOnly = false) String localAddr) {
            InetSocketAddress address = connection == null ? null : connection.localAddress();
            if (address == null) {
                return false;
            }
            localAddr = address.getAddress().getHostAddress();
            return true;
        }
    }

    static final class LocalName {
        private LocalName() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static boolean enter(@Advice.FieldValue("proxywrap$connection") ProxiedConnection connection,
                @Advice.FieldValue(value = "localName", readOnly = false) String localName) {
            InetSocketAddress address = connection == null ? null : connection.localAddress();
            if (address == null) {
                return false;
            }
            localName = address.getAddress().getHostName();
            return true;
        }
    }

    static final class LocalPort {
        private LocalPort() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static boolean enter(@Advice.FieldValue("proxywrap$connection") ProxiedConnection connection,
                @Advice.FieldValue(value = "localPort", readOnly = false) int localPort) {
            InetSocketAddress address = connection == null ? null : connection.localAddress();
            if (address == null) {
                return false;
            }
            localPort = address.getPort();
            return true;
        }
    }
}
