package io.proxywrap.it.undertow;

import io.proxywrap.it.server.NativeComparison;
import io.proxywrap.it.server.ServerUnderTest;
import io.proxywrap.it.undertow.server.UndertowEchoServer;
import org.junit.jupiter.api.Tag;

/**
 * The server suite's side by side ({@link NativeComparison}) on one Undertow: Undertow's own
 * PROXY support (the suite's {@code native} listener, made with {@code setUseProxyProtocol(true)})
 * next to the agent, written to {@code docs/comparison/undertow-<line>.md}.
 */
@Tag("supported-line")
class NativeComparisonIT extends NativeComparison {

    @Override
    protected int nativePort(ServerUnderTest server) {
        return server.extra(UndertowEchoServer.NATIVE);
    }

    @Override
    protected String serverName() {
        return "Undertow";
    }

    @Override
    protected String nativeName() {
        return "setUseProxyProtocol";
    }

    @Override
    protected String nativeColumn() {
        return "Undertow `setUseProxyProtocol(true)`";
    }

    @Override
    protected String nativeDescription() {
        return "Undertow's column is an HTTP listener built with `Undertow.ListenerBuilder().setUseProxyProtocol(true)`\n"
                + "(Undertow has no other setting for it: no trusted list, no header timeout of its own); ";
    }

    @Override
    protected String connectorWord() {
        return "listener";
    }

    @Override
    protected String suiteDirectory() {
        return "integration-tests/undertow-suite";
    }
}
