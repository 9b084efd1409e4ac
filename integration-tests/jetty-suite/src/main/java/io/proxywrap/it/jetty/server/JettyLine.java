package io.proxywrap.it.jetty.server;

import java.nio.file.Path;
import java.security.KeyStore;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Server;

/**
 * The parts of a Jetty echo server that differ from line to line, given by each line's main to
 * {@link JettyEchoServer}: the handlers (servlet API and WebSocket setup are per namespace and
 * per line) and the TLS connection factory (whose constructor changed in 10). Its method
 * signatures name only types whose names are the same on every line.
 */
public interface JettyLine {

    /**
     * The handler tree: the echo on every path, the JSR-356/Jakarta WebSocket endpoint at
     * {@value JettyEchoServer#WEB_SOCKET_ECHO}, the Jetty WebSocket API endpoint at
     * {@value JettyEchoServer#WEB_SOCKET_NATIVE}.
     */
    Handler handler(Server server) throws Exception;

    /**
     * TLS with {@code keyStore}'s key, {@code next} behind it (ALPN's protocol name). Jetty 10 and
     * later: {@link JettySsl#connectionFactory}.
     */
    ConnectionFactory tls(KeyStore keyStore, String password, String next);

    /**
     * The Jetty 12 servlet environment of the handlers when not the line's default (9.4-11's own
     * servlet API, 12's ee10), e.g. {@code ee8}: the ready line names it after the version.
     */
    default String environment() {
        return null;
    }

    /**
     * Jetty 9.4's NCSARequestLog (deprecated there for CustomRequestLog, removed in 10) with its
     * default settings, writing {@code file}; {@code null} on the lines that no longer have it.
     */
    default RequestLog legacyNcsaRequestLog(Path file) {
        return null;
    }
}
