package io.proxywrap.benchmarks.servers;

import io.undertow.Undertow;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;

/**
 * Embedded Undertow 2.3 with one HTTP listener and a core {@code HttpHandler} answering every
 * path, on the I/O thread (no dispatch to a worker: the body is computed from what the exchange
 * already holds).
 *
 * <ul>
 *   <li>{@code plain}: with or without the agent;</li>
 *   <li>{@code use-proxy-protocol}: Undertow's own PROXY support,
 *       {@code ListenerBuilder.setUseProxyProtocol(true)}.</li>
 * </ul>
 */
public final class UndertowBenchServer {

    public static void main(String[] args) {
        BenchServer bench = BenchServer.parse(args, "plain", "use-proxy-protocol");
        Undertow server = Undertow.builder()
                .addListener(new Undertow.ListenerBuilder()
                        .setType(Undertow.ListenerType.HTTP)
                        .setHost(BenchServer.HOST)
                        .setPort(bench.port)
                        .setUseProxyProtocol(bench.variant.equals("use-proxy-protocol")))
                .setHandler(exchange -> {
                    InetSocketAddress source = exchange.getSourceAddress();
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                    exchange.getResponseSender().send(
                            BenchServer.body(source.getAddress().getHostAddress(), source.getPort()));
                })
                .build();
        server.start();
        bench.ready();
    }
}
