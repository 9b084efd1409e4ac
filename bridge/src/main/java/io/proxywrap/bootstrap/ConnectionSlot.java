package io.proxywrap.bootstrap;

/**
 * Added by the instrumentation to a server's per-connection class (with a field of the same
 * name), so hooks in other classes can reach the connection's {@link ProxiedConnection}. The
 * odd method names cannot collide with a server's own.
 */
public interface ConnectionSlot {

    ProxiedConnection proxywrap$connection();

    void proxywrap$connection(ProxiedConnection connection);
}
