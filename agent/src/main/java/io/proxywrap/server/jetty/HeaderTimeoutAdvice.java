package io.proxywrap.server.jetty;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.bootstrap.ProxywrapBridge;
import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.io.IdleTimeout;

/**
 * {@code proxywrap.timeout} for a connection that sends nothing, closed by Jetty itself. Jetty
 * has no header timeout, but every end point is an {@code IdleTimeout}: its scheduled check
 * ({@code checkIdleTimeout}, all lines) expires the end point when {@code getIdleFor()} reaches
 * {@code getIdleTimeout()}, failing the pending read so the connection closes through Jetty's
 * own path (its connection counts come back, the socket is closed, not left half open), and
 * reschedules itself {@code getIdleTimeout() - getIdleFor()} later. While the header is
 * awaited, {@code getIdleTimeout()} reports what makes that check fire at the header's
 * deadline (never later than Jetty's own timeout; a disabled one stays disabled); the end
 * point's {@code onOpen()} schedules the first check with it. A peer that dribbles is caught at
 * its next read instead, since each byte makes the end point not idle.
 */
final class HeaderTimeoutAdvice {

    private HeaderTimeoutAdvice() {
    }

    /** {@code IdleTimeout.getIdleTimeout()}, which only our end points' state changes. */
    static final class IdleTime {
        private IdleTime() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This IdleTimeout endPoint, @Advice.Return(readOnly = false) long idleTimeout) {
            ProxiedConnection connection = ProxywrapBridge.connectionOf(endPoint);
            long deadline = connection == null ? 0 : connection.headerDeadlineMillis();
            if (deadline != 0 && idleTimeout > 0) {
                // At least 1: Jetty treats a timeout of 0 as "none", and would stop checking.
                long untilDeadline = Math.max(1, endPoint.getIdleFor() + deadline - System.currentTimeMillis());
                if (untilDeadline < idleTimeout) {
                    idleTimeout = untilDeadline;
                }
            }
        }
    }

    /** {@code doClose()} of the end point: every way Jetty closes the socket ends here. */
    static final class Close {
        private Close() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object endPoint) {
            ProxiedConnection connection = ProxywrapBridge.connectionOf(endPoint);
            if (connection != null) {
                connection.closed();
            }
        }
    }
}
