package io.proxywrap.server.jetty.v12;

import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.bootstrap.ProxywrapBridge;
import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.server.ConnectionMetaData;

/**
 * Jetty 12: whether the connection is secure, which session cookies and the servlet
 * connection ask apart from the request ({@code ConnectionMetaData.isSecure()}, a default
 * method that the HTTP/1.1 and HTTP/2 connections keep): what the connection's scheme says.
 */
public final class ConnectionSecureAdvice {

    private ConnectionSecureAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This ConnectionMetaData metaData, @Advice.Return(readOnly = false) boolean secure) {
        ProxiedConnection connection = ProxywrapBridge.connectionOf(metaData.getConnection().getEndPoint());
        String scheme = connection == null ? null : connection.scheme();
        if (scheme != null) {
            secure = "https".equals(scheme);
        }
    }
}
