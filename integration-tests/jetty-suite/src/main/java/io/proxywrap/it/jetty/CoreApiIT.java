package io.proxywrap.it.jetty;

import io.proxywrap.it.server.OtherApiContract;
import org.junit.jupiter.api.Tag;

/**
 * Jetty 12's core API, which applications without servlets use: a core Handler at
 * {@code /core/} echoes what {@code Request.getRemoteAddr(request)}, {@code getRemotePort},
 * {@code getLocalAddr/Port}, {@code isSecure()}, the URI's scheme and the request's attributes
 * report. They must show the header as the servlet API does (the server suite tests that one).
 * Only the 12.x modules run it (tag {@code jetty-core-api}).
 */
@Tag("supported-line")
@Tag("jetty-core-api")
class CoreApiIT extends OtherApiContract {

    @Override
    protected String prefix() {
        return "/core/";
    }
}
