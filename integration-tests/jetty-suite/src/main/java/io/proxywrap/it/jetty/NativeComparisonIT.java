package io.proxywrap.it.jetty;

import io.proxywrap.it.jetty.server.JettyEchoServer;
import io.proxywrap.it.server.NativeComparison;
import io.proxywrap.it.server.ServerUnderTest;
import org.junit.jupiter.api.Tag;

/**
 * The server suite's side by side ({@link NativeComparison}) on one Jetty: Jetty's own
 * {@code ProxyConnectionFactory} (the suite's {@code native} connector) next to the agent, written
 * to {@code docs/comparison/jetty-<line>.md}.
 */
@Tag("supported-line")
class NativeComparisonIT extends NativeComparison {

    @Override
    protected int nativePort(ServerUnderTest server) {
        return server.extra(JettyEchoServer.NATIVE);
    }

    @Override
    protected String serverName() {
        return "Jetty";
    }

    @Override
    protected String nativeName() {
        return "ProxyConnectionFactory";
    }

    @Override
    protected String nativeColumn() {
        return "Jetty `ProxyConnectionFactory`";
    }

    @Override
    protected String nativeDescription() {
        return "Jetty's column is a connector built with `new ProxyConnectionFactory()` (its default: header optional,\n"
                + "no trusted list, no header timeout); ";
    }

    @Override
    protected String connectorWord() {
        return "connector";
    }

    @Override
    protected String suiteDirectory() {
        return "integration-tests/jetty-suite";
    }
}
