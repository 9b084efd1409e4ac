package io.proxywrap.it.undertow.server;

import io.proxywrap.it.server.echo.EchoServerArguments;
import io.proxywrap.it.server.echo.PemKeyStore;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.Version;
import io.undertow.attribute.CompositeExchangeAttribute;
import io.undertow.attribute.ExchangeAttribute;
import io.undertow.attribute.ExchangeAttributeParser;
import io.undertow.attribute.ExchangeAttributes;
import io.undertow.attribute.ReadOnlyAttributeException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.PathHandler;
import io.undertow.server.handlers.accesslog.AccessLogHandler;
import io.undertow.server.handlers.accesslog.AccessLogReceiver;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyStore;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The Undertow echo server of every line: an Undertow knowing nothing of proxywrap, built with
 * {@code Undertow.builder()}, run by the tests in a child JVM started with the agent, listening on
 * 127.0.0.1 only (and ::1 where asked). Compiled against Undertow 2.2's core, it names only types
 * and methods whose signatures are the same in 2.1, 2.2, 2.3 and 2.4, so this one class file makes
 * every line's listeners. The main here is the core-only lines' (2.4, and 2.1 outside the range);
 * the 2.2 and 2.3 modules' mains pass in their servlet deployment.
 *
 * <p>Arguments: those of {@link EchoServerArguments} ({@code http}, {@code http6}: HTTP listeners
 * with the h2c upgrade; {@code tls}: an HTTPS listener with ALPN h2 and http/1.1), and
 * {@code native=P}: an HTTP listener made with Undertow's own {@code setUseProxyProtocol(true)},
 * which the agent must leave to Undertow. Paths:
 * <ul>
 *   <li>{@value #CORE_PREFIX}...: the {@link CoreEcho core HttpHandler echo}, on every line;</li>
 *   <li>{@value #WEB_SOCKET_CORE}: the {@link CoreWebSocketEcho core WebSocket echo}, on every line;</li>
 *   <li>{@value #WEB_SOCKET_ECHO}: the JSR-356/Jakarta WebSocket echo where the line has a servlet
 *       deployment (2.2, 2.3), else the core one;</li>
 *   <li>any other path: the servlet echo where the line has one, else the core echo.</li>
 * </ul>
 * Every request is written to {@value EchoServerArguments#ACCESS_LOG} in the working directory as
 * {@value #ACCESS_LOG_FORMAT}.
 */
public final class UndertowEchoServer {

    /** The argument key of the listener with Undertow's own PROXY support. */
    public static final String NATIVE = "native";
    /** The JSR-356/Jakarta WebSocket echo on 2.2 and 2.3, the core one on 2.4. */
    public static final String WEB_SOCKET_ECHO = "/ws/echo";
    /** The echo of Undertow's core WebSocket API, on every line. */
    public static final String WEB_SOCKET_CORE = "/ws/core";
    /** Paths under it reach the core HttpHandler echo, whatever the line. */
    public static final String CORE_PREFIX = "/core/";
    /**
     * Client address and port, the client's host, the server port, request line, status, e.g.
     * {@code 127.0.0.42:40000 127.0.0.42 8080 GET /x HTTP/1.1 200}. {@code %a} is
     * {@code getSourceAddress().getAddress().getHostAddress()}, {@code %h} its
     * {@code getHostString()} (no lookup: Undertow's default); Undertow's pattern language has no
     * token for the remote port nor for the Host header's port ({@code exchange.getHostPort()}: the
     * header's port, else the scheme's default), so those two are attributes of this class's own
     * between the parsed standard tokens; {@code %r} is method, path and query, and protocol
     * ({@code HTTP/2.0} for h2).
     */
    public static final String ACCESS_LOG_FORMAT = "%a:<remote port> %h <server port> %r %s";

    /**
     * A line's servlet deployment: the servlet echo on every path and its JSR-356/Jakarta
     * WebSocket echo at {@value #WEB_SOCKET_ECHO}, started, as one handler.
     */
    @FunctionalInterface
    public interface ServletEcho {
        HttpHandler start() throws Exception;
    }

    private UndertowEchoServer() {
    }

    /** The core-only lines' echo server (2.4; 2.1, which the agent must decline). */
    public static void main(String[] args) throws Exception {
        run(args, null);
    }

    /** @param servlets the line's servlet deployment, or null where there is none */
    public static void run(String[] args, ServletEcho servlets) throws Exception {
        EchoServerArguments options = EchoServerArguments.parse(args, NATIVE);
        Path dir = Path.of("").toAbsolutePath();

        HttpHandler core = new CoreEcho();
        HttpHandler coreWebSocket = CoreWebSocketEcho.handler();
        PathHandler paths;
        if (servlets != null) {
            paths = Handlers.path(servlets.start());
        } else {
            paths = Handlers.path(core).addExactPath(WEB_SOCKET_ECHO, coreWebSocket);
        }
        paths.addPrefixPath(CORE_PREFIX, core).addExactPath(WEB_SOCKET_CORE, coreWebSocket);
        HttpHandler root = new AccessLogHandler(paths, new FileAccessLog(dir.resolve(EchoServerArguments.ACCESS_LOG)),
                ACCESS_LOG_FORMAT, accessLogAttribute());

        Undertow.Builder builder = Undertow.builder()
                .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                .setHandler(root);
        for (int port : options.ports("http")) {
            builder.addHttpListener(port, "127.0.0.1");
        }
        for (int port : options.ports("http6")) {
            builder.addHttpListener(port, "::1");
        }
        if (options.has("tls")) {
            builder.addHttpsListener(options.port("tls"), "127.0.0.1",
                    sslContext(PemKeyStore.load(Path.of(options.get("cert")), Path.of(options.get("key")))));
        }
        if (options.has(NATIVE)) {
            builder.addListener(new Undertow.ListenerBuilder()
                    .setType(Undertow.ListenerType.HTTP)
                    .setHost("127.0.0.1")
                    .setPort(options.port(NATIVE))
                    .setUseProxyProtocol(true));
        }
        builder.build().start();
        // Undertow's XNIO threads keep the JVM running.
        System.out.println(EchoServerArguments.readyLine("Undertow/" + Version.getVersionString()));
    }

    private static SSLContext sslContext(KeyStore keyStore) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, PemKeyStore.PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** {@link #ACCESS_LOG_FORMAT}: Undertow's own tokens, parsed, and the two this class adds. */
    private static ExchangeAttribute accessLogAttribute() {
        ExchangeAttributeParser parser = ExchangeAttributes.parser(UndertowEchoServer.class.getClassLoader());
        return new CompositeExchangeAttribute(new ExchangeAttribute[] {
            parser.parse("%a:"),
            reading(exchange -> Integer.toString(exchange.getSourceAddress().getPort())),
            parser.parse(" %h "),
            reading(exchange -> Integer.toString(exchange.getHostPort())),
            parser.parse(" %r %s"),
        });
    }

    private static ExchangeAttribute reading(Function<HttpServerExchange, String> read) {
        return new ExchangeAttribute() {
            @Override
            public String readAttribute(HttpServerExchange exchange) {
                return read.apply(exchange);
            }

            @Override
            public void writeAttribute(HttpServerExchange exchange, String newValue) throws ReadOnlyAttributeException {
                throw new ReadOnlyAttributeException();
            }
        };
    }

    /** Each line written and flushed as the request completes: the tests read the file as it grows. */
    private static final class FileAccessLog implements AccessLogReceiver {
        private final BufferedWriter out;

        FileAccessLog(Path file) throws IOException {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }

        @Override
        public synchronized void logMessage(String message) {
            try {
                out.write(message);
                out.newLine();
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
