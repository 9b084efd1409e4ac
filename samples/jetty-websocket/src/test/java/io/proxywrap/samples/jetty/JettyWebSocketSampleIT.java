package io.proxywrap.samples.jetty;

import io.proxywrap.samples.test.WebSocketSampleContract;

/** The packaged Jetty sample behind the shaded agent, checked as its README runs it. */
class JettyWebSocketSampleIT extends WebSocketSampleContract {

    JettyWebSocketSampleIT() {
        super("jetty-websocket");
    }

    /** The sample's one ServerConnector, unnamed, by the protocols it speaks. */
    @Override
    protected String agentStartLine(int port) {
        return "[proxywrap] Jetty " + System.getProperty("test.proxywrap.jettyVersion") + ": connector [http/1.1] on port "
                + port + " reads PROXY headers";
    }
}
