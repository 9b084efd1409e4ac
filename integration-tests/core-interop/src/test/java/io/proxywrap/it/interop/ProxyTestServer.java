package io.proxywrap.it.interop;

import io.proxywrap.core.codec.ProxyHeader;
import io.proxywrap.core.codec.ProxyHeaderDecoder;
import io.proxywrap.core.connection.ProxyHeaderReader;
import io.proxywrap.it.support.LoopbackPorts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal server that does what an instrumented server will: every raw {@code SocketChannel}
 * read goes through a {@link ProxyHeaderReader} (required mode, trusted peer). One thread accepts;
 * each connection is read on its own thread until end of stream (or until the {@link Responder}
 * has answered), bounded by {@link #CONNECTION_DEADLINE}, and reported as a {@link Received}.
 */
final class ProxyTestServer implements AutoCloseable {

    static final Duration CONNECTION_DEADLINE = Duration.ofSeconds(15);

    /** Decides, from the application bytes so far, whether to answer and finish. */
    interface Responder {
        /** @return the bytes to send before closing, or null to keep reading */
        byte[] respond(byte[] applicationBytes);
    }

    /** What one connection delivered. {@code failure} is set if reading or decoding failed. */
    record Received(SocketAddress peer, ProxyHeader header, byte[] applicationBytes, int reads, Throwable failure,
            byte[] firstBytes) {

        /** The header's bytes exactly as they came off the wire, in hex (null if none was decoded). */
        String headerHex() {
            if (header == null) {
                return null;
            }
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < header.length() && i < firstBytes.length; i++) {
                hex.append(String.format("%02x", firstBytes[i] & 0xff));
            }
            return hex.toString();
        }

        @Override
        public String toString() {
            return "from " + peer + ": " + header + ", " + applicationBytes.length + " application bytes in "
                    + reads + " reads" + (failure == null ? "" : ", failed: " + failure)
                    + (header == null ? "" : ", header bytes " + headerHex());
        }
    }

    /** How many raw bytes of each connection to keep, for showing the header as sent. */
    private static final int FIRST_BYTES_KEPT = 1024;

    private final ServerSocketChannel listener;
    private final Responder responder;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    /** Reads each connection to end of stream. */
    ProxyTestServer() throws IOException {
        this(bytes -> null);
    }

    ProxyTestServer(Responder responder) throws IOException {
        this.responder = responder;
        this.listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(LoopbackPorts.LOOPBACK, 0));
        this.acceptor = new Thread(this::acceptLoop, "proxy-test-server-accept-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return ((InetSocketAddress) listenerAddress()).getPort();
    }

    private SocketAddress listenerAddress() {
        try {
            return listener.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next finished connection, waiting at most {@code timeout}. */
    Received awaitConnection(Duration timeout) throws InterruptedException {
        Received r = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no connection finished on 127.0.0.1:" + port() + " within " + timeout);
        }
        return r;
    }

    /** Connections finished and not yet taken, without waiting. */
    Received poll() {
        return received.poll();
    }

    private void acceptLoop() {
        while (listener.isOpen()) {
            try {
                SocketChannel channel = listener.accept();
                Thread t = new Thread(() -> serve(channel), "proxy-test-server-conn");
                t.setDaemon(true);
                t.start();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!listener.isOpen()) {
                    return;
                }
            }
        }
    }

    private void serve(SocketChannel channel) {
        SocketAddress peer = null;
        ProxyHeaderReader reader = new ProxyHeaderReader(new ProxyHeaderDecoder(), true, true);
        ByteArrayOutputStream application = new ByteArrayOutputStream();
        ByteArrayOutputStream firstBytes = new ByteArrayOutputStream();
        int reads = 0;
        Throwable failure = null;
        long deadline = System.nanoTime() + CONNECTION_DEADLINE.toNanos();
        try (channel; Selector selector = Selector.open()) {
            peer = channel.getRemoteAddress();
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (true) {
                long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remaining <= 0) {
                    throw new IOException("connection not finished after " + CONNECTION_DEADLINE);
                }
                selector.select(remaining);
                selector.selectedKeys().clear();
                buffer.clear();
                int n = channel.read(buffer);
                if (n == 0) {
                    continue;
                }
                reads++;
                if (n > 0 && firstBytes.size() < FIRST_BYTES_KEPT) {
                    firstBytes.write(buffer.array(), buffer.position() - n,
                            Math.min(n, FIRST_BYTES_KEPT - firstBytes.size()));
                }
                int delivered = reader.afterRead(buffer, n);
                if (delivered < 0) {
                    break;
                }
                application.write(buffer.array(), buffer.position() - delivered, delivered);
                byte[] answer = delivered > 0 ? responder.respond(application.toByteArray()) : null;
                if (answer != null) {
                    writeFully(channel, ByteBuffer.wrap(answer), deadline);
                    break;
                }
            }
        } catch (Throwable e) {
            failure = e;
        }
        received.add(new Received(peer, reader.header(), application.toByteArray(), reads, failure,
                firstBytes.toByteArray()));
    }

    private static void writeFully(SocketChannel channel, ByteBuffer bytes, long deadline) throws IOException {
        while (bytes.hasRemaining()) {
            if (channel.write(bytes) == 0) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("response not written before the deadline");
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
