package io.proxywrap.it.jetty.server;

import io.proxywrap.it.server.echo.EchoServerArguments;
import io.proxywrap.it.server.echo.PemKeyStore;
import java.nio.file.Path;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ProxyConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The Jetty echo server, run by each line's main with that line's {@link JettyLine}: a Jetty
 * knowing nothing of proxywrap, run by the tests in a child JVM started with the agent,
 * listening on 127.0.0.1 only (and ::1 where asked). Compiled against Jetty 10, it names only
 * types and methods whose signatures are the same in 9.4, 10, 11 and 12, so this one class file
 * makes every supported line's connectors.
 *
 * <p>Arguments: those of {@link EchoServerArguments} ({@code http}, {@code http6}: a
 * ServerConnector with HTTP/1.1 and h2c; {@code tls}: SSL, ALPN, h2 and HTTP/1.1), and
 * {@code native=P}: a plain connector with Jetty's own ProxyConnectionFactory in front of
 * HTTP/1.1, which the agent must leave to Jetty. Every request is written to
 * {@value EchoServerArguments#ACCESS_LOG} in the working directory as {@value #ACCESS_LOG_FORMAT}.
 */
public final class JettyEchoServer {

    /** The argument key of the connector with Jetty's own PROXY support. */
    public static final String NATIVE = "native";
    /** The JSR-356 (javax) or Jakarta WebSocket echo, as in every family's echo server. */
    public static final String WEB_SOCKET_ECHO = "/ws/echo";
    /** The echo endpoint of Jetty's own WebSocket API. */
    public static final String WEB_SOCKET_NATIVE = "/ws/native";
    /**
     * Client address and port, server port, request line, status: the same on every line from
     * 9.4.15 (where CustomRequestLog came) to 12, e.g. {@code 127.0.0.42:40000 8080 GET /x HTTP/1.1 200}.
     * {@code %{client}a} is what the request API reports (9.4-11 {@code getRemoteHost()}, 12
     * {@code Request.getRemoteAddr}: an IPv6 address in brackets on both), {@code %{client}p} its
     * port; {@code %{server}p} is the Host header's port, else the scheme's default; {@code %r} is
     * method, path and query, and protocol ({@code HTTP/2.0} for h2).
     */
    public static final String ACCESS_LOG_FORMAT = "%{client}a:%{client}p %{server}p %r %s";

    private JettyEchoServer() {
    }

    public static void run(String[] args, JettyLine line) throws Exception {
        EchoServerArguments options = EchoServerArguments.parse(args, NATIVE);
        Path dir = Path.of("").toAbsolutePath();
        Server server = new Server();

        HttpConfiguration plain = new HttpConfiguration();
        for (int port : options.ports("http")) {
            server.addConnector(connector(server, "127.0.0.1", port, new HttpConnectionFactory(plain),
                    new HTTP2CServerConnectionFactory(plain)));
        }
        for (int port : options.ports("http6")) {
            server.addConnector(connector(server, "::1", port, new HttpConnectionFactory(plain),
                    new HTTP2CServerConnectionFactory(plain)));
        }
        if (options.has("tls")) {
            HttpConfiguration secure = new HttpConfiguration();
            secure.addCustomizer(new SecureRequestCustomizer());
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
            // A client that offers no ALPN (RawClient offers http/1.1 only) still gets HTTP/1.1.
            alpn.setDefaultProtocol("http/1.1");
            ConnectionFactory tls = line.tls(PemKeyStore.load(Path.of(options.get("cert")), Path.of(options.get("key"))),
                    PemKeyStore.PASSWORD, alpn.getProtocol());
            server.addConnector(connector(server, "127.0.0.1", options.port("tls"), tls, alpn,
                    new HTTP2ServerConnectionFactory(secure), new HttpConnectionFactory(secure)));
        }
        if (options.has(NATIVE)) {
            server.addConnector(connector(server, "127.0.0.1", options.port(NATIVE),
                    new ProxyConnectionFactory("HTTP/1.1"), new HttpConnectionFactory(plain)));
        }

        server.setHandler(line.handler(server));
        // CustomRequestLog writes through a RequestLogWriter, which flushes each line.
        server.setRequestLog(new CustomRequestLog(dir.resolve(EchoServerArguments.ACCESS_LOG).toString(),
                ACCESS_LOG_FORMAT));
        server.start();
        System.out.println(EchoServerArguments.readyLine("Jetty/" + Server.getVersion()));
        server.join();
    }

    private static ServerConnector connector(Server server, String host, int port, ConnectionFactory... factories) {
        ServerConnector connector = new ServerConnector(server, factories);
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }
}
