package io.proxywrap.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Loopback addresses and ports. Everything the tests run listens on {@link #LOOPBACK} only; the
 * "real client" connects from {@link #CLIENT_ADDRESS}, a second loopback address (any address in
 * 127.0.0.0/8 works on Linux without configuration), so the address a PROXY header carries is
 * never the balancer's own.
 */
public final class LoopbackPorts {

    /** Where every test listener binds, and the balancer's own address. */
    public static final InetAddress LOOPBACK = address(127, 0, 0, 1);

    /** The address the test clients bind to: what the PROXY headers must report as the source. */
    public static final InetAddress CLIENT_ADDRESS = address(127, 0, 0, 42);
    /** ::1, for a listener and a client on the IPv6 loopback. */
    public static final InetAddress IPV6_LOOPBACK = address(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

    /** Socket states as /proc/net/tcp's "st" column writes them. */
    private static final String LISTEN = "0A";
    private static final String CLOSE_WAIT = "08";

    private LoopbackPorts() {
    }

    /**
     * A port on 127.0.0.1 that was free a moment ago (the kernel picked it; it is released for the
     * caller to bind). Ask for a fresh one per test and bind it soon.
     */
    public static int freePort() {
        return freePort(LOOPBACK);
    }

    /**
     * A port free on every address a moment ago, for a server that binds the wildcard address
     * (as a sample run by its users does): a port free on 127.0.0.1 alone may be in use on
     * another address, and the server's bind would then fail.
     */
    public static int freePortOnAllAddresses() {
        return freePort(new InetSocketAddress(0).getAddress());
    }

    /**
     * A port on {@code address} that was free a moment ago, e.g. on {@link #CLIENT_ADDRESS} for a
     * client told which source port to bind ({@code curl --local-port}), so that the test knows
     * the port a PROXY header must carry.
     */
    public static int freePort(InetAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(address, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + address.getHostAddress(), e);
        }
    }

    /**
     * Free ports for the connectors of one server: each free a moment ago, and no two the same.
     * {@link #freePort} alone may return a port it has just returned, since the kernel can hand
     * a released ephemeral port out again at once (a CI run once listed one port twice in
     * {@code proxywrap.ports}, and the agent rightly refused to start).
     */
    public static final class DistinctPorts {

        private final java.util.Set<Integer> given = new java.util.HashSet<>();

        /** A free port on 127.0.0.1 that this set has not given before. */
        public int next() {
            return next(LOOPBACK);
        }

        /** A free port on {@code address} that this set has not given before, on any address. */
        public int next(InetAddress address) {
            for (int attempt = 0; attempt < 100; attempt++) {
                int port = freePort(address);
                if (given.add(port)) {
                    return port;
                }
            }
            throw new IllegalStateException("no new free port on " + address.getHostAddress() + " in 100 tries");
        }
    }

    /**
     * Whether some process listens on 127.0.0.1:{@code port}, read from {@code /proc/net/tcp} and
     * {@code /proc/net/tcp6}. Unlike a probe connection this has no side effect: a connection to a
     * balancer's frontend would make it connect to the backend and send a PROXY header of its own.
     * A JVM binds 127.0.0.1 with an IPv6 socket (on {@code ::ffff:127.0.0.1}, listed in tcp6)
     * unless {@code java.net.preferIPv4Stack} is set; haproxy and nginx use an IPv4 one.
     */
    public static boolean isListening(int port) {
        return sockets(port, LISTEN) > 0;
    }

    /**
     * How many TCP sockets on 127.0.0.1:{@code port} are in CLOSE_WAIT: the peer closed and the
     * server has not, i.e. connections a server leaked.
     */
    public static int closeWaiting(int port) {
        return sockets(port, CLOSE_WAIT);
    }

    private static int sockets(int port, String state) {
        Path tcp6 = Path.of("/proc/net/tcp6");
        return socketsIn(Path.of("/proc/net/tcp"), String.format(Locale.ROOT, "0100007F:%04X", port), state)
                // absent on a kernel without IPv6, which then has no IPv6 socket to list
                + (Files.exists(tcp6) ? socketsIn(tcp6,
                        // ::ffff:127.0.0.1 as the kernel prints it: four 32-bit words in host (little-endian) order
                        String.format(Locale.ROOT, "0000000000000000FFFF00000100007F:%04X", port), state) : 0);
    }

    private static int socketsIn(Path table, String local, String state) {
        try {
            List<String> lines = Files.readAllLines(table);
            int count = 0;
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                // sl local_address rem_address st ...
                if (fields.length > 3 && fields[1].equals(local) && fields[3].equals(state)) {
                    count++;
                }
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + table + " (these tests run on Linux)", e);
        }
    }

    /**
     * Waits until {@code port} on 127.0.0.1 listens, polling; fails early when {@code alive} turns
     * false, and after {@code timeout}, with {@code diagnostics} (e.g. the process's stderr).
     */
    public static void awaitListening(int port, Duration timeout, BooleanSupplier alive, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isListening(port)) {
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException("exited before listening on 127.0.0.1:" + port + ":\n"
                        + diagnostics.get());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("not listening on 127.0.0.1:" + port + " after " + timeout + ":\n"
                        + diagnostics.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for 127.0.0.1:" + port, e);
            }
        }
    }

    private static InetAddress address(int a, int b, int c, int d) {
        return address(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
