package io.proxywrap.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.proxywrap.bootstrap.ConnectionSlot;
import io.proxywrap.bootstrap.ProxiedConnection;
import io.proxywrap.core.codec.ProxyProtocolException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.Test;

/**
 * The call-site rewrite on a class shaped like a server's connection class, over a real
 * loopback socket: the rewritten reads go through the bridge to the connection stored with the
 * owner field, and the bridge methods the rewrite names exist with exactly that shape (a
 * mismatch would be a {@code NoSuchMethodError} in the server, not a build failure).
 */
class RawReadSubstitutionTest {

    private static final byte[] HEADER = "PROXY TCP4 203.0.113.7 198.51.100.1 4242 443\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REQUEST = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Shaped like Tomcat's NioChannel: a channel field and the connection's owner object. */
    public static class ServerChannel {
        public SocketChannel sc;
        public Object socketWrapper;

        public int read(ByteBuffer dst) throws IOException {
            return sc.read(dst);
        }

        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return sc.read(dsts, offset, length);
        }

        public int notRewritten(ByteBuffer dst) throws IOException {
            return sc.read(dst);
        }
    }

    /** Shaped like Jetty's end point: it reads itself and carries the slot itself. */
    public static class SelfOwnedEndPoint implements ConnectionSlot {
        public SocketChannel channel;
        public ProxiedConnection connection;

        public int fill(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        public ProxiedConnection proxywrap$connection() {
            return connection;
        }

        @Override
        public void proxywrap$connection(ProxiedConnection connection) {
            this.connection = connection;
        }
    }

    /** The server's per-connection object, with the slot the instrumentation would add. */
    public static final class Owner implements ConnectionSlot {
        ProxiedConnection connection;

        @Override
        public ProxiedConnection proxywrap$connection() {
            return connection;
        }

        @Override
        public void proxywrap$connection(ProxiedConnection connection) {
            this.connection = connection;
        }
    }

    @Test
    void aRewrittenReadReturnsOnlyTheBytesAfterTheHeader() throws Exception {
        try (LoopbackConnection connection = LoopbackConnection.open()) {
            Owner owner = withState(connection);
            Object channel = rewritten(connection.accepted, owner);
            connection.send(concat(HEADER, REQUEST));

            ByteBuffer dst = ByteBuffer.allocate(256);
            readUntil(() -> invokeRead(channel, "read", dst), dst, REQUEST.length);

            assertEquals(new String(REQUEST, StandardCharsets.US_ASCII), text(dst));
            assertEquals(new InetSocketAddress("203.0.113.7", 4242), owner.connection.remoteAddress());
        }
    }

    @Test
    void aRewrittenScatteringReadFillsTheServersBuffersInOrder() throws Exception {
        try (LoopbackConnection connection = LoopbackConnection.open()) {
            Owner owner = withState(connection);
            Object channel = rewritten(connection.accepted, owner);
            connection.send(concat(HEADER, REQUEST));

            ByteBuffer[] dsts = {ByteBuffer.allocate(4), ByteBuffer.allocateDirect(8), ByteBuffer.allocate(64)};
            long total = 0;
            for (int reads = 0; total < REQUEST.length && reads < 100; reads++) {
                long n = (long) channel.getClass().getMethod("read", ByteBuffer[].class, int.class, int.class)
                        .invoke(channel, dsts, 0, dsts.length);
                total += n;
            }
            assertEquals(REQUEST.length, total);
            StringBuilder delivered = new StringBuilder();
            for (ByteBuffer b : dsts) {
                delivered.append(text(b));
            }
            assertEquals(new String(REQUEST, StandardCharsets.US_ASCII), delivered.toString());
        }
    }

    @Test
    void theInstrumentedObjectCanBeTheOwner() throws Exception {
        try (LoopbackConnection connection = LoopbackConnection.open()) {
            Class<?> type = load(new ByteBuddy().redefine(SelfOwnedEndPoint.class)
                    .visit(RawReadSubstitution.inMethods(RawReadSubstitution.Owner.instrumentedObject(), named("fill"))));
            Object endPoint = type.getConstructor().newInstance();
            type.getField("channel").set(endPoint, connection.accepted);
            HeaderReadingConnection state = state(connection);
            type.getField("connection").set(endPoint, state);
            connection.send(concat(HEADER, REQUEST));

            ByteBuffer dst = ByteBuffer.allocate(256);
            readUntil(() -> (int) type.getMethod("fill", ByteBuffer.class).invoke(endPoint, dst), dst, REQUEST.length);
            assertEquals(new String(REQUEST, StandardCharsets.US_ASCII), text(dst));
            assertEquals(new InetSocketAddress("203.0.113.7", 4242), state.remoteAddress());
        }
    }

    @Test
    void aBadHeaderFailsTheReadWithTheCoresException() throws Exception {
        try (LoopbackConnection connection = LoopbackConnection.open()) {
            Owner owner = withState(connection);
            Object channel = rewritten(connection.accepted, owner);
            connection.send("PROXY TCP4 203.0.113.7 198.51.100.1 4242\r\n".getBytes(StandardCharsets.US_ASCII));

            ByteBuffer dst = ByteBuffer.allocate(256);
            Throwable thrown = assertThrows(Throwable.class, () -> readUntil(() -> invokeRead(channel, "read", dst), dst, 1));
            assertEquals(ProxyProtocolException.class, rootCause(thrown).getClass());
        }
    }

    @Test
    void withoutAConnectionStateTheBytesPassUntouched() throws Exception {
        try (LoopbackConnection connection = LoopbackConnection.open()) {
            Object channel = rewritten(connection.accepted, new Owner());
            connection.send(concat(HEADER, REQUEST));

            ByteBuffer dst = ByteBuffer.allocate(256);
            readUntil(() -> invokeRead(channel, "read", dst), dst, HEADER.length + REQUEST.length);
            assertEquals(new String(concat(HEADER, REQUEST), StandardCharsets.US_ASCII), text(dst));
        }
    }

    @Test
    void onlyTheMatchedMethodsAreRewritten() throws Exception {
        try (LoopbackConnection connection = LoopbackConnection.open()) {
            Owner owner = withState(connection);
            Object channel = rewritten(connection.accepted, owner);
            connection.send(concat(HEADER, REQUEST));

            ByteBuffer dst = ByteBuffer.allocate(256);
            readUntil(() -> invokeRead(channel, "notRewritten", dst), dst, HEADER.length + REQUEST.length);
            assertEquals(new String(concat(HEADER, REQUEST), StandardCharsets.US_ASCII), text(dst));
            assertNull(owner.connection.remoteAddress(), "the header never reached the reader");
        }
    }

    /** The state a configured port's connection gets at accept. */
    private static HeaderReadingConnection state(LoopbackConnection connection) throws IOException {
        return new HeaderReadingConnection(connection.policy(), connection.statistics(), peer(connection), false);
    }

    private static Owner withState(LoopbackConnection connection) throws IOException {
        Owner owner = new Owner();
        owner.connection = state(connection);
        return owner;
    }

    /** {@link ServerChannel} with its {@code read} methods rewritten, in a loader of its own. */
    private static Object rewritten(SocketChannel channel, Object owner) throws Exception {
        Class<?> type = load(new ByteBuddy().redefine(ServerChannel.class)
                .visit(RawReadSubstitution.inMethods(RawReadSubstitution.Owner.field("socketWrapper"), named("read"))));
        Object instance = type.getConstructor().newInstance();
        type.getField("sc").set(instance, channel);
        type.getField("socketWrapper").set(instance, owner);
        return instance;
    }

    /** Defined in a loader of its own, so the rewritten class does not clash with the original. */
    private static Class<?> load(DynamicType.Builder<?> builder) {
        return builder.make()
                .load(new ClassLoader(RawReadSubstitutionTest.class.getClassLoader()) { },
                        ClassLoadingStrategy.Default.CHILD_FIRST)
                .getLoaded();
    }

    private interface Read {
        int read() throws Exception;
    }

    /** Reads until {@code expected} bytes are in {@code dst}, bounded in reads and time. */
    private static void readUntil(Read read, ByteBuffer dst, int expected) {
        assertTimeoutPreemptively(LoopbackConnection.TIMEOUT, () -> {
            for (int reads = 0; dst.position() < expected && reads < 100; reads++) {
                if (read.read() < 0) {
                    break;
                }
            }
        });
        assertEquals(expected, dst.position());
    }

    private static int invokeRead(Object channel, String method, ByteBuffer dst) throws Exception {
        return (int) channel.getClass().getMethod(method, ByteBuffer.class).invoke(channel, dst);
    }

    private static InetSocketAddress peer(LoopbackConnection connection) throws IOException {
        return (InetSocketAddress) connection.accepted.getRemoteAddress();
    }

    private static String text(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        copy.flip();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
