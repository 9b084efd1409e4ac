package io.proxywrap.it.undertow;

import io.proxywrap.it.server.OtherApiContract;
import io.proxywrap.it.undertow.server.UndertowEchoServer;
import org.junit.jupiter.api.Tag;

/**
 * Undertow's core API, which applications without servlets use (and every 2.4 application): a
 * core HttpHandler at {@value UndertowEchoServer#CORE_PREFIX} echoes what
 * {@code exchange.getSourceAddress()}, {@code getDestinationAddress()}, {@code isSecure()},
 * {@code getRequestScheme()} and the {@code REQUEST_ATTRIBUTES} attachment report. On 2.2 and 2.3
 * the suite's other tests reach the servlet echo, so this is where their core API is checked; on
 * 2.4 every path is the core echo already.
 */
@Tag("supported-line")
class CoreApiIT extends OtherApiContract {

    @Override
    protected String prefix() {
        return UndertowEchoServer.CORE_PREFIX;
    }
}
