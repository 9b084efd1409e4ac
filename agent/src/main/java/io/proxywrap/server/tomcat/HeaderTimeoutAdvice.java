package io.proxywrap.server.tomcat;

import io.proxywrap.bootstrap.ProxiedConnection;
import net.bytebuddy.asm.Advice;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * {@code proxywrap.timeout} for a connection that sends nothing, closed by Tomcat itself: its
 * poller already closes a connection waiting to read when {@code now - getLastRead()} exceeds
 * {@code getReadTimeout()} ({@code NioEndpoint.Poller.timeout}, checked about once a second),
 * through its own close path, so the connection count comes back and nothing is left half
 * closed. While the header is awaited, {@code NioSocketWrapper.getLastRead()} reports the read
 * time that makes that check fire at the header's deadline (never later than Tomcat's own);
 * the poller is its only caller. A peer that dribbles is caught at its next read instead.
 */
final class HeaderTimeoutAdvice {

    private HeaderTimeoutAdvice() {
    }

    static final class LastRead {
        private LastRead() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This SocketWrapperBase<?> socketWrapper,
                @Advice.FieldValue("proxywrap$connection") ProxiedConnection connection,
                @Advice.Return(readOnly = false) long lastRead) {
            long deadline = connection == null ? 0 : connection.headerDeadlineMillis();
            long readTimeout = socketWrapper.getReadTimeout();
            if (deadline != 0 && readTimeout > 0 && deadline - readTimeout < lastRead) {
                lastRead = deadline - readTimeout;
            }
        }
    }

    /** {@code NioSocketWrapper.doClose()}: every way Tomcat closes the connection ends here. */
    static final class Close {
        private Close() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.FieldValue("proxywrap$connection") ProxiedConnection connection) {
            if (connection != null) {
                connection.closed();
            }
        }
    }
}
