package io.proxywrap.server.jetty;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.bootstrap.ProxywrapBridge;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.io.EndPoint;

/**
 * Accept: {@code ServerConnectorManager.newEndPoint(channel, selector, key)} makes the one end
 * point an accepted socket gets for its whole life (TLS, detection, h2c and WebSocket upgrades
 * replace its {@code Connection}, never the end point), before the connection's first read. The
 * manager's method rather than {@code ServerConnector.newEndPoint}, which subclasses such as
 * {@code NetworkTrafficServerConnector} override without calling super.
 *
 * <p>{@code ServerConnector.newEndPoint} has already armed the end point's idle check with
 * Jetty's idle timeout, and Jetty 12 arms it nowhere else before the first one fires; it is
 * re-armed once the state is attached, so that the check is scheduled by the header's deadline
 * ({@link HeaderTimeoutAdvice}). Setting the timeout to 0 and back is Jetty's own way:
 * {@code IdleTimeout.setIdleTimeout} cancels the check and schedules a new one.
 */
final class EndPointAcceptAdvice {

    private EndPointAcceptAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.Argument(0) SelectableChannel channel, @Advice.Return EndPoint endPoint) {
        ProxiedConnection connection = channel instanceof SocketChannel
                ? ProxywrapBridge.accepted((SocketChannel) channel) : null;
        if (connection != null) {
            long idleTimeout = endPoint.getIdleTimeout();
            ProxywrapBridge.attach(endPoint, connection);
            if (idleTimeout > 0) {
                endPoint.setIdleTimeout(0);
                endPoint.setIdleTimeout(idleTimeout);
            }
        }
    }
}
