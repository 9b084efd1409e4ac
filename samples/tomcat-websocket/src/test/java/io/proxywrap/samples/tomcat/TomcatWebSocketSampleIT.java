package io.proxywrap.samples.tomcat;

import io.proxywrap.samples.test.WebSocketSampleContract;

/** The packaged Tomcat sample behind the shaded agent, checked as its README runs it. */
class TomcatWebSocketSampleIT extends WebSocketSampleContract {

    TomcatWebSocketSampleIT() {
        super("tomcat-websocket");
    }

    /** Tomcat's NIO connector, by the name Tomcat gives it. */
    @Override
    protected String agentStartLine(int port) {
        return "[proxywrap] Apache Tomcat/" + System.getProperty("test.proxywrap.tomcatVersion")
                + ": connector \"http-nio-" + port + "\" on port " + port + " reads PROXY headers";
    }
}
