package io.proxywrap.agent;

import io.proxywrap.core.config.PortPolicy;
import io.proxywrap.core.config.ProxywrapConfig;
import io.proxywrap.core.connection.PortStatistics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/** A real loopback TCP connection: what a server accepted, and the client end to write into. */
final class LoopbackConnection implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final ServerSocketChannel listener;
    final SocketChannel client;
    final SocketChannel accepted;

    private LoopbackConnection(ServerSocketChannel listener, SocketChannel client, SocketChannel accepted) {
        this.listener = listener;
        this.client = client;
        this.accepted = accepted;
    }

    static LoopbackConnection open() throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        SocketChannel client = SocketChannel.open(listener.getLocalAddress());
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        SocketChannel accepted = listener.accept();
        return new LoopbackConnection(listener, client, accepted);
    }

    int port() {
        return listener.socket().getLocalPort();
    }

    /** Counters for this connection's port, fresh for each call. */
    PortStatistics statistics() {
        return new PortStatistics(port());
    }

    /** This connection's port configured with {@code settings} (e.g. {@code trusted}), nothing else. */
    PortPolicy policy(String... settings) {
        Properties properties = new Properties();
        properties.setProperty("proxywrap.ports", Integer.toString(port()));
        for (int i = 0; i < settings.length; i += 2) {
            properties.setProperty("proxywrap." + settings[i], settings[i + 1]);
        }
        return ProxywrapConfig.load(null, properties, Map.of()).policy(port());
    }

    void send(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            client.write(buffer);
        }
    }

    @Override
    public void close() throws IOException {
        try (listener; client; accepted) {
            // closes all three
        }
    }
}
