package io.proxywrap.server.tomcat;

import io.proxywrap.bootstrap.ProxywrapBridge;
import java.nio.channels.SocketChannel;
import net.bytebuddy.asm.Advice;

/**
 * Accept: {@code NioEndpoint.setSocketOptions} hands each accepted {@code SocketChannel} to a
 * (possibly recycled) {@code NioChannel} through {@code reset(SocketChannel, NioSocketWrapper)}
 * (that signature since 9.0.27), together with the connection's new {@code NioSocketWrapper}.
 * The connection's state goes on the wrapper, which lives exactly as long as the connection.
 */
final class NioChannelResetAdvice {

    private NioChannelResetAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.Argument(0) SocketChannel channel, @Advice.Argument(1) Object socketWrapper) {
        ProxywrapBridge.attach(socketWrapper, ProxywrapBridge.accepted(channel));
    }
}
