package io.proxywrap.it.tomcat.server;

import org.apache.catalina.Context;

/**
 * Installs Tomcat's WebSocket support and the server suite's echo endpoint (io.proxywrap.it.server
 * .echo's javax or jakarta WebSocketEcho) at {@code /echo} in a context. The one piece of the
 * server that must name javax or jakarta types, so there is one implementation per
 * namespace ({@link JakartaWebSocketEcho} here, a javax twin in the tomcat-9.0 module), picked by
 * class name when the server starts; this interface itself is namespace-neutral.
 */
public interface WebSocketSetup {

    /** The endpoint's path inside its context. */
    String ENDPOINT = "/echo";

    void install(Context context);
}
