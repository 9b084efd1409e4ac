package io.proxywrap.it.undertow;

import io.proxywrap.it.server.ServerFamily;
import io.proxywrap.it.undertow.server.UndertowEchoServer;
import java.net.InetAddress;
import java.util.List;

/** Undertow, for the server suite: named by the undertow-lines pom in {@value ServerFamily#PROPERTY}. */
public final class UndertowFamily implements ServerFamily {

    /** The exact version the module pins, as {@code io.undertow.Version.getVersionString()} reports it. */
    static final String VERSION = ServerFamily.property(VERSION_PROPERTY);
    /** The line's echo server main: 2.2's and 2.3's add their servlet deployment; 2.4 and 2.1 run the core one. */
    private static final String ECHO_SERVER = ServerFamily.property("test.proxywrap.undertow.echoServer");
    /** Whether the line's echo server has the servlet echo and the JSR-356/Jakarta WebSocket echo (2.2, 2.3). */
    static final boolean SERVLETS = Boolean.parseBoolean(ServerFamily.property("test.proxywrap.undertow.servlets"));

    @Override
    public String echoServer() {
        return ECHO_SERVER;
    }

    @Override
    public List<String> fixedArguments() {
        return List.of();
    }

    /** A listener made with Undertow's own setUseProxyProtocol(true), which the agent must leave to Undertow. */
    @Override
    public List<String> listedExtraConnectors() {
        return List.of(UndertowEchoServer.NATIVE);
    }

    @Override
    public String readyName() {
        return "Undertow/" + VERSION;
    }

    /** e.g. {@code Undertow 2.1.8.Final}, as the agent's line declining an unsupported Undertow names it. */
    @Override
    public String agentName() {
        return "Undertow " + VERSION;
    }

    /**
     * Undertow writes {@code InetAddress.getHostAddress()}, IPv6 without brackets: the servlet
     * layer's getRemoteAddr/getLocalAddr, the core echo, the access log's {@code %a}; and
     * {@code getHostString()}, the same text for an address without a host name, for
     * getRemoteHost and {@code %h}.
     */
    @Override
    public String addressText(InetAddress address) {
        return address.getHostAddress();
    }

    /** {@code %a:<remote port> %h}, from {@link UndertowEchoServer#ACCESS_LOG_FORMAT}. */
    @Override
    public String accessLogClient(String remoteAddress, int remotePort) {
        return remoteAddress + ":" + remotePort + " " + remoteAddress;
    }

    /**
     * Undertow's Http2UpgradeHandler sits in front of the root handler (Undertow.start() wraps it
     * when HTTP/2 is enabled) and answers the upgrade's 101 itself; the request then runs on
     * HTTP/2 stream 1 as {@code HTTP/2.0}, through the access log handler once.
     */
    @Override
    public boolean logsTheH2cUpgradeSeparately() {
        return false;
    }
}
