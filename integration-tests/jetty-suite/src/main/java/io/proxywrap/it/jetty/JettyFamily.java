package io.proxywrap.it.jetty;

import io.proxywrap.it.jetty.server.JettyEchoServer;
import io.proxywrap.it.server.ServerFamily;
import java.net.InetAddress;
import java.util.List;

/** Jetty, for the server suite: named by the jetty-lines pom in {@value ServerFamily#PROPERTY}. */
public final class JettyFamily implements ServerFamily {

    /** The exact version the module pins, as {@code Server.getVersion()} reports it. */
    static final String VERSION = ServerFamily.property(VERSION_PROPERTY);
    /** The line's echo server main (each line has its own; 12.1 runs 12.0's). */
    private static final String ECHO_SERVER = ServerFamily.property("test.proxywrap.jetty.echoServer");
    /**
     * The Jetty 12 servlet environment the echo server runs its servlets in when a module names
     * one (ee8, ee9, ee11), as {@link io.proxywrap.it.jetty.server.JettyLine#environment()} says;
     * {@value #LINE_DEFAULT} for the line's default (9.4-11's own servlet API, 12's ee10).
     */
    static final String ENVIRONMENT = ServerFamily.property("test.proxywrap.jetty.environment");
    static final String LINE_DEFAULT = "default";

    @Override
    public String echoServer() {
        return ECHO_SERVER;
    }

    @Override
    public List<String> fixedArguments() {
        return List.of();
    }

    /** A connector with Jetty's own ProxyConnectionFactory, which the agent must leave to Jetty. */
    @Override
    public List<String> listedExtraConnectors() {
        return List.of(JettyEchoServer.NATIVE);
    }

    /** The environment's name follows a named one's version, so a module runs the server it names. */
    @Override
    public String readyName() {
        return "Jetty/" + VERSION + (ENVIRONMENT.equals(LINE_DEFAULT) ? "" : " " + ENVIRONMENT);
    }

    /** What {@code Server.getVersion()} says, e.g. {@code 12.0.39} or {@code 9.4.58.v20250814}. */
    @Override
    public String agentName() {
        return VERSION;
    }

    /**
     * Jetty writes an IPv6 address in brackets, as in a URI, in getRemoteAddr/getLocalAddr and
     * its request log (9.4-11 {@code Request.formatAddrOrHost}, 12 {@code HostPort.normalizeHost}).
     */
    @Override
    public String addressText(InetAddress address) {
        return ServerFamily.bracketedIpv6(address);
    }

    /**
     * ee8's and ee9's {@code getRemoteHost()} is the connection's {@code
     * InetSocketAddress.getHostString()}, an IPv6 address without brackets, where their {@code
     * getRemoteAddr()} (core {@code Request.getRemoteAddr}) brackets it (12.0 and 12.1's nested
     * {@code Request}; Jetty's own doing, the agent hands both the same address).
     */
    @Override
    public String remoteHostText(String addressText) {
        boolean bare = ENVIRONMENT.equals("ee8") || ENVIRONMENT.equals("ee9");
        return bare && addressText.startsWith("[") ? addressText.substring(1, addressText.length() - 1) : addressText;
    }

    /** {@code %{client}a:%{client}p}, from {@link JettyEchoServer#ACCESS_LOG_FORMAT}. */
    @Override
    public String accessLogClient(String remoteAddress, int remotePort) {
        return remoteAddress + ":" + remotePort;
    }

    /**
     * Jetty before 12 runs the upgrade request on HTTP/2 stream 1 with the HTTP/1.1 version it
     * came with (seen with Jetty's own ProxyConnectionFactory too, so not the agent's doing); 12
     * reports HTTP/2.0.
     */
    @Override
    public String h2cUpgradeRequestProtocol() {
        return Integer.parseInt(VERSION.substring(0, VERSION.indexOf('.'))) < 12 ? "HTTP/1.1" : "HTTP/2.0";
    }

    /**
     * Jetty answers the upgrade's 101 below its handlers, so the request is logged once, as the
     * HTTP/2.0 stream that answers it.
     */
    @Override
    public boolean logsTheH2cUpgradeSeparately() {
        return false;
    }
}
