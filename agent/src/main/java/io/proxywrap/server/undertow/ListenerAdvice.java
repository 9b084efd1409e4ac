package io.proxywrap.server.undertow;

import io.proxywrap.bootstrap.ProxywrapBridge;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import net.bytebuddy.asm.Advice;
import org.xnio.channels.AcceptingChannel;

/**
 * Listeners: the exit of XNIO's {@code NioXnioWorker.createTcpConnectionServer}, where every
 * Undertow listener is bound (the builder's {@code Undertow.start()}, WildFly's listener
 * services, and TLS listeners through {@code UndertowXnioSsl}), before it accepts. The accept
 * listener's name goes with it: XNIO's {@code ChannelListeners.openListenerAdapter} names the
 * open listener it calls, which is how {@link UndertowAdapter#describe} tells a listener where
 * Undertow reads PROXY headers itself.
 */
final class ListenerAdvice {

    private ListenerAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.Argument(1) Object acceptListener, @Advice.Return AcceptingChannel<?> server) {
        SocketAddress bound = server.getLocalAddress();
        if (bound instanceof InetSocketAddress) {
            ProxywrapBridge.listenerBound(server, acceptListener == null ? null : acceptListener.toString(),
                    ((InetSocketAddress) bound).getPort());
        }
    }
}
