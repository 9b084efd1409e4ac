package io.proxywrap.benchmarks.servers;

/**
 * What the three benchmark servers share: one argument contract, one response.
 *
 * <p>Arguments: {@code <port> <variant>}. Every server listens on 127.0.0.1 only and answers
 * every request with a small plain-text body naming the client address the server sees,
 * {@code remote=<address>:<port>}. The benchmark checks that body before it measures (that the
 * agent, the server's own PROXY support or nginx's {@code X-Forwarded-For} really delivered the
 * client), so the body is also what every variant does per request. When the server is listening
 * it prints {@link #READY} and the port on standard output.
 */
final class BenchServer {

    static final String READY = "bench-server ready on port ";
    /** Loopback only: the benchmark's load generator, balancer and server share the machine. */
    static final String HOST = "127.0.0.1";

    final int port;
    final String variant;

    private BenchServer(int port, String variant) {
        this.port = port;
        this.variant = variant;
    }

    /**
     * @param variants the variants this server knows; the first is the plain server
     */
    static BenchServer parse(String[] args, String... variants) {
        if (args.length != 2 || !java.util.Arrays.asList(variants).contains(args[1])) {
            throw new IllegalArgumentException("usage: <port> <variant>, variant one of "
                    + String.join(", ", variants) + "; got " + String.join(" ", args));
        }
        return new BenchServer(Integer.parseInt(args[0]), args[1]);
    }

    static String body(String address, int port) {
        return "remote=" + address + ":" + port + "\n";
    }

    void ready() {
        System.out.println(READY + port);
        System.out.flush();
    }
}
