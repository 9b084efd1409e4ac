package io.proxywrap.it.jetty.server;

import io.proxywrap.it.server.echo.EchoServerArguments;
import io.proxywrap.it.server.echo.PemKeyStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ProxyConnectionFactory;
import org.eclipse.jetty.server.RequestLog;
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
 * {@value EchoServerArguments#ACCESS_LOG} in the working directory as {@value #ACCESS_LOG_FORMAT},
 * and to the request logs of {@link #ENDPOINT_LOG}, {@link #NCSA_LOG} and (9.4 only) {@link
 * #LEGACY_NCSA_LOG} there too, for RequestLogIT.
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

    /**
     * What the connection reports, written by CustomRequestLog: {@code %{remote}a} and {@code
     * %{local}a} are the EndPoint's remote and local addresses on 9.4-11 (through the HttpChannel,
     * not the servlet request API), the core request's (its ConnectionMetaData's) on 12,
     * then the ports, request line and status, e.g. {@code 127.0.0.42:40000 127.0.0.1:8080 GET /x HTTP/1.1 200}.
     */
    public static final String ENDPOINT_LOG_FORMAT = "%{remote}a:%{remote}p %{local}a:%{local}p %r %s";
    /** In the working directory, as {@value #ENDPOINT_LOG_FORMAT}. */
    public static final String ENDPOINT_LOG = "access-endpoint.log";
    /**
     * In the working directory, in Jetty's own default format: CustomRequestLog's {@code
     * EXTENDED_NCSA_FORMAT} (what {@code new CustomRequestLog(file)} writes on 10 and later),
     * {@code %{client}a - %u %t "%r" %s %O "%{Referer}i" "%{User-Agent}i"}.
     */
    public static final String NCSA_LOG = "access-ncsa.log";
    /** In the working directory on 9.4 only: NCSARequestLog with its defaults (extended NCSA, {@code getRemoteAddr()}). */
    public static final String LEGACY_NCSA_LOG = "access-ncsa-legacy.log";

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
        // CustomRequestLog (and 9.4's NCSARequestLog) write through a RequestLogWriter, which flushes each line.
        List<RequestLog> logs = new ArrayList<>(List.of(
                new CustomRequestLog(dir.resolve(EchoServerArguments.ACCESS_LOG).toString(), ACCESS_LOG_FORMAT),
                new CustomRequestLog(dir.resolve(ENDPOINT_LOG).toString(), ENDPOINT_LOG_FORMAT),
                new CustomRequestLog(dir.resolve(NCSA_LOG).toString(), CustomRequestLog.EXTENDED_NCSA_FORMAT)));
        RequestLog legacy = line.legacyNcsaRequestLog(dir.resolve(LEGACY_NCSA_LOG));
        if (legacy != null) {
            logs.add(legacy);
        }
        // A Collection starts none of its logs (their writers open their files on start): the server does, as its beans.
        logs.forEach(server::addBean);
        server.setRequestLog(new RequestLog.Collection(logs.toArray(new RequestLog[0])));
        server.start();
        String environment = line.environment();
        System.out.println(EchoServerArguments.readyLine("Jetty/" + Server.getVersion()
                + (environment == null ? "" : " " + environment)));
        server.join();
    }

    private static ServerConnector connector(Server server, String host, int port, ConnectionFactory... factories) {
        ServerConnector connector = new ServerConnector(server, factories);
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }
}
