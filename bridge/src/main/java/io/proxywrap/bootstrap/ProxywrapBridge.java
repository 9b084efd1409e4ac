package io.proxywrap.bootstrap;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The static entry points that instrumented server code calls. The hooks' templates and the
 * rewritten raw reads stay short calls to here; everything protocol-specific happens behind
 * {@link ProxiedConnection}, in the agent's class loader.
 *
 * <p>JDK types only: this class is injected into the bootstrap class loader at {@code premain}
 * so every server class loader sees the same one.
 */
public final class ProxywrapBridge {

    /** The agent behind the bridge. Installed once, before anything is instrumented. */
    public interface Hooks {

        /** @return the new connection's state, or null when its local port is not configured */
        ProxiedConnection accepted(SocketChannel channel);

        /**
         * A server opened a listening socket.
         *
         * @param listener the server's object that owns it (its adapter knows what it covers);
         *     the same object may report the same port more than once
         * @param listenerName the server's own name for it, for log lines; may be null
         */
        void listenerBound(Object listener, String listenerName, int port);
    }

    private static volatile Hooks hooks;

    private ProxywrapBridge() {
    }

    public static void install(Hooks installed) {
        hooks = installed;
    }

    /** At accept: the connection's state, or null when proxywrap leaves it alone. */
    public static ProxiedConnection accepted(SocketChannel channel) {
        Hooks current = hooks;
        return current == null || channel == null ? null : current.accepted(channel);
    }

    /** After a server bound a listening socket. */
    public static void listenerBound(Object listener, String listenerName, int port) {
        Hooks current = hooks;
        if (current != null && listener != null) {
            current.listenerBound(listener, listenerName, port);
        }
    }

    /** Stores {@code connection} with {@code owner}, the server's per-connection object. */
    public static void attach(Object owner, ProxiedConnection connection) {
        if (owner instanceof ConnectionSlot) {
            ((ConnectionSlot) owner).proxywrap$connection(connection);
        }
    }

    /** The state stored with {@code owner}, or null. */
    public static ProxiedConnection connectionOf(Object owner) {
        return owner instanceof ConnectionSlot ? ((ConnectionSlot) owner).proxywrap$connection() : null;
    }

    /**
     * A task for a server whose timers are tasks on the connection's own I/O thread (Undertow's
     * XNIO): run at the header's deadline, it closes {@code serverConnection} through the
     * server's own close path when the header is still incomplete, and does nothing otherwise.
     * The task is {@code connection} itself, which keeps {@code serverConnection}: one task per
     * connection, so no object of its own.
     */
    public static Runnable closeIfHeaderPending(ProxiedConnection connection, Closeable serverConnection) {
        return connection.closingAtHeaderDeadline(serverConnection);
    }

    /**
     * Replaces a server's raw {@code channel.read(dst)}: reads, then lets the connection stored
     * with {@code owner} take its header out of what arrived.
     */
    public static int read(SocketChannel channel, ByteBuffer dst, Object owner) throws IOException {
        int bytesRead = channel.read(dst);
        ProxiedConnection connection = connectionOf(owner);
        return connection == null ? bytesRead : connection.afterRead(dst, bytesRead);
    }

    /** Replaces a server's raw scattering {@code channel.read(dsts, offset, length)}. */
    public static long read(SocketChannel channel, ByteBuffer[] dsts, int offset, int length, Object owner)
            throws IOException {
        ProxiedConnection connection = connectionOf(owner);
        if (connection == null) {
            return channel.read(dsts, offset, length);
        }
        int[] positionsBefore = connection.positionsBeforeRead(dsts, offset, length);
        long bytesRead = channel.read(dsts, offset, length);
        return connection.afterRead(dsts, offset, length, positionsBefore, bytesRead);
    }
}
