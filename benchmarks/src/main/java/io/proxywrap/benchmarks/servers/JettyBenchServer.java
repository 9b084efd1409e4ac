package io.proxywrap.benchmarks.servers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ProxyConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * Embedded Jetty 12 with one {@code ServerConnector} and a core {@code Handler} answering every
 * path.
 *
 * <ul>
 *   <li>{@code plain}: HTTP/1.1 only; with or without the agent;</li>
 *   <li>{@code proxy-connection-factory}: Jetty's own PROXY support,
 *       {@code ProxyConnectionFactory} before HTTP/1.1, the way Jetty's documentation sets it up.</li>
 * </ul>
 */
public final class JettyBenchServer {

    public static void main(String[] args) throws Exception {
        BenchServer bench = BenchServer.parse(args, "plain", "proxy-connection-factory");
        Server server = new Server();
        HttpConnectionFactory http = new HttpConnectionFactory();
        ServerConnector connector = bench.variant.equals("proxy-connection-factory")
                ? new ServerConnector(server, new ProxyConnectionFactory(HttpVersion.HTTP_1_1.asString()), http)
                : new ServerConnector(server, http);
        connector.setHost(BenchServer.HOST);
        connector.setPort(bench.port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                byte[] body = BenchServer.body(Request.getRemoteAddr(request), Request.getRemotePort(request))
                        .getBytes(StandardCharsets.US_ASCII);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                response.write(true, ByteBuffer.wrap(body), callback);
                return true;
            }
        });
        server.start();
        bench.ready();
        server.join();
    }
}
