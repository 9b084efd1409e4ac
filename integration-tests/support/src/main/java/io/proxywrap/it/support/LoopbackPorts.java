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

    private LoopbackPorts() {
    }

    /**
     * A port on 127.0.0.1 that was free a moment ago (the kernel picked it; it is released for the
     * caller to bind). Ask for a fresh one per test and bind it soon.
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(LOOPBACK, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /**
     * A port on {@link #CLIENT_ADDRESS} that was free a moment ago, for a client that must bind a
     * port the test knows (curl {@code --local-port}). Picked on that address, not 127.0.0.1:
     * test clients leave their closed connections there in TIME_WAIT for a minute, and a port
     * free on 127.0.0.1 may be one of them, which a bind without SO_REUSEADDR refuses.
     */
    public static int freeClientPort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(CLIENT_ADDRESS, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + CLIENT_ADDRESS.getHostAddress(), e);
        }
    }

    /**
     * Whether some process listens on 127.0.0.1:{@code port}, read from {@code /proc/net/tcp} and
     * {@code /proc/net/tcp6} (a Java server's socket is IPv6 with the IPv4-mapped address
     * ::ffff:127.0.0.1, unless the JVM prefers the IPv4 stack). Unlike a probe connection this has
     * no side effect: a connection to a balancer's frontend would make it connect to the backend
     * and send a PROXY header of its own, and one to a server with the agent would be closed as
     * headerless.
     */
    public static boolean isListening(int port) {
        String portHex = String.format(Locale.ROOT, ":%04X", port);
        // The address as the kernel prints it: 32-bit words in host (little-endian) order.
        return listens(Path.of("/proc/net/tcp"), "0100007F" + portHex)
                || listens(Path.of("/proc/net/tcp6"), "0000000000000000FFFF00000100007F" + portHex);
    }

    private static boolean listens(Path table, String local) {
        try {
            if (!Files.exists(table)) {
                return false; // no IPv6 in this kernel: nothing can listen there
            }
            List<String> lines = Files.readAllLines(table);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                // sl local_address rem_address st ...; st 0A is LISTEN
                if (fields.length > 3 && fields[1].equals(local) && fields[3].equals("0A")) {
                    return true;
                }
            }
            return false;
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
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
