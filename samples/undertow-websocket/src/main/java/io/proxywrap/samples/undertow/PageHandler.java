package io.proxywrap.samples.undertow;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/** {@code GET /}: the WebSocket echo page, {@code index.html} next to this class. */
final class PageHandler implements HttpHandler {

    private final ByteBuffer page;

    PageHandler() {
        try (InputStream in = PageHandler.class.getResourceAsStream("index.html")) {
            page = ByteBuffer.wrap(in.readAllBytes()).asReadOnlyBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html;charset=UTF-8");
        exchange.getResponseSender().send(page.duplicate());
    }
}
