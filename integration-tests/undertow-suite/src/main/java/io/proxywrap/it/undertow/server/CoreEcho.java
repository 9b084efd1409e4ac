package io.proxywrap.it.undertow.server;

import io.proxywrap.it.server.echo.EchoText;
import io.proxywrap.it.server.echo.EchoedRequest;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The echo through Undertow's core API, as applications without servlets (and every 2.4
 * application) see a request: {@code exchange.getSourceAddress()}, {@code getDestinationAddress()},
 * {@code isSecure()}, {@code getRequestScheme()}, and the connector's request attributes, the
 * {@code HttpServerExchange.REQUEST_ATTRIBUTES} attachment (which Undertow's servlet layer copies
 * into the servlet request's attributes). The format is EchoText's.
 */
final class CoreEcho implements HttpHandler {

    @Override
    public void handleRequest(HttpServerExchange exchange) throws IOException {
        if (exchange.isInIoThread()) {
            // Reading a body blocks: off the IO thread, as Undertow requires.
            exchange.dispatch(this);
            return;
        }
        exchange.startBlocking();
        byte[] echo = EchoText.of(new Echoed(exchange)).getBytes(StandardCharsets.UTF_8);
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain;charset=UTF-8");
        exchange.setResponseContentLength(echo.length);
        exchange.getOutputStream().write(echo);
    }

    /** An address as a literal: InetAddress.getHostAddress(), never a lookup. */
    static String literal(InetSocketAddress address) {
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }

    private static final class Echoed implements EchoedRequest {
        private final HttpServerExchange exchange;

        Echoed(HttpServerExchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public String method() {
            return exchange.getRequestMethod().toString();
        }

        @Override
        public String uri() {
            return exchange.getRequestURI();
        }

        @Override
        public String protocol() {
            return exchange.getProtocol().toString();
        }

        @Override
        public String remoteAddr() {
            return literal(exchange.getSourceAddress());
        }

        @Override
        public int remotePort() {
            return exchange.getSourceAddress().getPort();
        }

        /** What the servlet layer's getRemoteHost() and the access log's %h report: no lookup. */
        @Override
        public String remoteHost() {
            return exchange.getSourceAddress().getHostString();
        }

        @Override
        public String localAddr() {
            return literal(exchange.getDestinationAddress());
        }

        @Override
        public int localPort() {
            return exchange.getDestinationAddress().getPort();
        }

        @Override
        public boolean secure() {
            return exchange.isSecure();
        }

        @Override
        public String scheme() {
            return exchange.getRequestScheme();
        }

        @Override
        public Object attribute(String name) {
            Map<String, String> attributes = exchange.getAttachment(HttpServerExchange.REQUEST_ATTRIBUTES);
            return attributes == null ? null : attributes.get(name);
        }

        @Override
        public InputStream body() {
            return exchange.getInputStream();
        }
    }
}
