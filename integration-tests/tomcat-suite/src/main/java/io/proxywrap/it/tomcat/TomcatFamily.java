package io.proxywrap.it.tomcat;

import io.proxywrap.it.server.ServerFamily;
import io.proxywrap.it.tomcat.server.EchoServer;
import java.net.InetAddress;
import java.util.List;

/** Tomcat, for the server suite: named by the tomcat-lines pom in {@value ServerFamily#PROPERTY}. */
public final class TomcatFamily implements ServerFamily {

    /** The exact version the module pins; checked against what the server reports. */
    static final String VERSION = ServerFamily.property(VERSION_PROPERTY);
    /** {@code Apache Tomcat/N}: what {@code ServerInfo.getServerInfo()} says, which the agent's lines quote. */
    static final String SERVER_INFO = "Apache Tomcat/" + VERSION;
    /** The WebSocketSetup class for this line's namespace, or "none". */
    private static final String WEB_SOCKET_SETUP = ServerFamily.property("test.proxywrap.tomcat.webSocket");

    @Override
    public String echoServer() {
        return EchoServer.class.getName();
    }

    @Override
    public List<String> fixedArguments() {
        return WEB_SOCKET_SETUP.equals("none") ? List.of() : List.of("webSocket=" + WEB_SOCKET_SETUP);
    }

    /** An NIO2 connector, which the agent does not cover, and an AJP one, which it must leave alone. */
    @Override
    public List<String> listedExtraConnectors() {
        return List.of(EchoServer.NIO2, EchoServer.AJP);
    }

    @Override
    public String readyName() {
        return SERVER_INFO;
    }

    @Override
    public String agentName() {
        return SERVER_INFO;
    }

    /** Tomcat writes {@code InetAddress.getHostAddress()}, IPv6 without brackets. */
    @Override
    public String addressText(InetAddress address) {
        return address.getHostAddress();
    }

    /** {@code %a:%{remote}p %h}, from {@link EchoServer#ACCESS_LOG_PATTERN}. */
    @Override
    public String accessLogClient(String remoteAddress, int remotePort) {
        return remoteAddress + ":" + remotePort + " " + remoteAddress;
    }

    /** The Http2UpgradeHandler logs the HTTP/1.1 request it upgraded, with status 101. */
    @Override
    public boolean logsTheH2cUpgradeSeparately() {
        return true;
    }
}
