package io.proxywrap.bootstrap;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One accepted connection on a configured port, as instrumented server code sees it.
 *
 * <p>This type lives in the bootstrap class loader so that every server class loader (a webapp
 * server's common loader, Spring Boot's nested-jar loader, JBoss Modules) can name it; the
 * implementation lives in the agent's own loader. Only JDK types cross this line.
 *
 * <p>A server adapter stores the instance with the server's own per-connection object, so it
 * dies with the connection. It is used by the thread that reads the connection; the address
 * and attribute queries are safe from any thread once the header has been consumed, which
 * happens-before the server parses the first request.
 *
 * <p>It is also the header's deadline task on a server whose timers are tasks of the
 * connection's own I/O thread ({@link ProxywrapBridge#closeIfHeaderPending}), so that task is
 * no object of its own.
 */
public abstract class ProxiedConnection implements Runnable {

    /**
     * What {@link #run()} closes: the server's own connection, given by
     * {@link ProxywrapBridge#closeIfHeaderPending}; null on servers that close a connection whose
     * header is late by other means. There on every server, yet free: it takes alignment padding
     * the agent's {@code HeaderReadingConnection} had anyway (56 bytes with or without it, with
     * compressed class pointers). Not volatile: the server's executor publishes it with the task
     * (XNIO's {@code executeAfter} queues the task under a lock its I/O thread takes to run it).
     */
    private Closeable closedAtHeaderDeadline;

    /**
     * Call after the raw read of {@code bytesRead} bytes that ended at {@code dst.position()}.
     *
     * @return what the server's read must return instead: the application bytes now in {@code
     *     dst} (0 while the header is incomplete), or -1 at end of stream
     * @throws IOException to close this one connection: its header is bad, missing or untrusted
     */
    public abstract int afterRead(ByteBuffer dst, int bytesRead) throws IOException;

    /**
     * The same for a scattering read into {@code dsts[offset, offset + length)}.
     *
     * @param positionsBefore each of those buffers' position before the read, or null when
     *     {@link #positionsBeforeRead} said they were not needed
     */
    public abstract long afterRead(ByteBuffer[] dsts, int offset, int length, int[] positionsBefore, long bytesRead)
            throws IOException;

    /**
     * Before a scattering read: the positions {@link #afterRead(ByteBuffer[], int, int, int[], long)}
     * will need, or null once the header is behind us (the common case costs nothing).
     */
    public abstract int[] positionsBeforeRead(ByteBuffer[] dsts, int offset, int length);

    /**
     * While the header is awaited: the wall-clock time ({@code System.currentTimeMillis()}) by
     * which it must be complete, so a server's own idle-timeout machinery can close a connection
     * that sends nothing; 0 once no header is awaited. Safe from any thread.
     */
    public abstract long headerDeadlineMillis();

    /** The server closed the connection, for whatever reason; reports a header that timed out. */
    public abstract void closed();

    /** The client address to report: the header's source, or null to keep the socket's peer. */
    public abstract InetSocketAddress remoteAddress();

    /** The local address to report: the header's destination, or null to keep the socket's. */
    public abstract InetSocketAddress localAddress();

    /** {@code "https"} or {@code "http"} when the header or the port's setting decides, else null. */
    public abstract String scheme();

    /**
     * The request attributes to add, as name, value, name, value...; empty when there are none.
     * Values are plain {@code String}s so any application class loader can read them.
     */
    public abstract String[] requestAttributes();

    /** Makes this connection the task that closes {@code serverConnection} at the header's deadline. */
    final Runnable closingAtHeaderDeadline(Closeable serverConnection) {
        closedAtHeaderDeadline = serverConnection;
        return this;
    }

    /**
     * The header's deadline task (see {@link ProxywrapBridge#closeIfHeaderPending}): closes the
     * server's connection through the server's own close path when the header is still
     * incomplete, and does nothing otherwise.
     */
    @Override
    public final void run() {
        Closeable serverConnection = closedAtHeaderDeadline;
        if (serverConnection != null && headerDeadlineMillis() != 0) {
            try {
                serverConnection.close();
            } catch (IOException | RuntimeException e) {
                // The server's close failed: the socket is as closed as the server can make it.
            }
        }
    }
}
