package io.proxywrap.samples.undertow;

import io.proxywrap.samples.test.WebSocketSampleContract;

/** The packaged Undertow sample behind the shaded agent, checked as its README runs it. */
class UndertowWebSocketSampleIT extends WebSocketSampleContract {

    UndertowWebSocketSampleIT() {
        super("undertow-websocket");
    }

    /** The sample's one HTTP listener. */
    @Override
    protected String agentStartLine(int port) {
        return "[proxywrap] Undertow " + System.getProperty("test.proxywrap.undertowVersion") + ": listener on port "
                + port + " reads PROXY headers";
    }
}
