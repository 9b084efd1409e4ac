package io.proxywrap.it.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * What the server-agnostic suite needs to know about one family of servers (Tomcat, Jetty...)
 * on the line a thin module runs it on. The family's suite implements it; the thin module names
 * the implementation in the failsafe system property {@value #PROPERTY}, and it is made once
 * per test JVM with its public no-argument constructor, which reads any further property it
 * needs (the pinned version, {@value #VERSION_PROPERTY}, above all).
 *
 * <p>Every family's echo server (its {@link #echoServer() main class}) takes the same arguments,
 * {@code key=value}: {@code http=P,P...} plain HTTP/1.1 with h2c on 127.0.0.1, {@code http6=P,P...}
 * the same on ::1, {@code tls=P cert=PEM key=PEM} TLS terminated by the server with ALPN h2 and
 * http/1.1, and the family's own keys ({@link #listedExtraConnectors()}, {@link #fixedArguments()}).
 * It answers every path outside {@code /ws/} with an {@link io.proxywrap.it.server.echo.EchoText
 * echo}, has a text echo WebSocket at {@code /ws/echo}, writes {@code access.log} in its working
 * directory and prints one {@link io.proxywrap.it.server.echo.EchoServerArguments#readyLine ready
 * line}.
 */
public interface ServerFamily {

    /** The failsafe system property naming the implementation for the module's line. */
    String PROPERTY = "test.proxywrap.server.family";
    /** The failsafe system property with the exact version the module pins. */
    String VERSION_PROPERTY = "test.proxywrap.server.version";

    /** The echo server's main class, on the test class path. */
    String echoServer();

    /**
     * Arguments a server with every connector is started with besides the connectors, e.g. which
     * WebSocket setup to install.
     */
    List<String> fixedArguments();

    /**
     * The keys of the family's own connectors, each a plain connector on 127.0.0.1 that the
     * agent is told about (listed in proxywrap.ports) but that a family-specific test checks,
     * e.g. Tomcat's {@code nio2} and {@code ajp}, Jetty's {@code native} (its own
     * ProxyConnectionFactory). A server with every connector gets a free port for each, passed
     * as {@code key=P}.
     */
    List<String> listedExtraConnectors();

    /** The server and its version as the echo server's ready line names them, e.g. {@code Apache Tomcat/10.1.61}. */
    String readyName();

    /** How the agent's own lines name the server: what its line declining an unsupported one contains. */
    String agentName();

    /**
     * The address as the server's request API reports it (getRemoteAddr, getLocalAddr) and its
     * access log writes it: Tomcat writes {@link InetAddress#getHostAddress()}, Jetty brackets
     * an IPv6 one.
     */
    String addressText(InetAddress address);

    /**
     * What {@code getRemoteHost()} reports for a peer whose address the family {@link #addressText
     * writes} as {@code addressText} (no DNS in the echo servers): the same on most.
     */
    default String remoteHostText(String addressText) {
        return addressText;
    }

    /**
     * How the echo server's access log line names the client, at its start, e.g. Tomcat's
     * {@code %a:%{remote}p %h}.
     *
     * @param remoteAddress as {@link #addressText} writes it
     */
    String accessLogClient(String remoteAddress, int remotePort);

    /**
     * The line the echo server's access log writes for a request: the {@link #accessLogClient
     * client}, the server port, the request line and the status, space-separated. Tests find a
     * request's line by {@code " " + method + " " + uri + " " + protocol + " "}.
     *
     * @param remoteAddress as {@link #addressText} writes it
     * @param serverPort the Host header's port, or the reported scheme's default
     */
    default String accessLine(String remoteAddress, int remotePort, int serverPort, String method, String uri,
            String protocol, int status) {
        return accessLogClient(remoteAddress, remotePort) + " " + serverPort + " " + method + " " + uri + " " + protocol
                + " " + status;
    }

    /**
     * The protocol the server reports (in the request and its access log line) for a request
     * that asked for an h2c upgrade and is answered on HTTP/2 stream 1: {@code HTTP/2.0} on most.
     */
    default String h2cUpgradeRequestProtocol() {
        return "HTTP/2.0";
    }

    /**
     * Whether an h2c upgrade request (HTTP/1.1 with {@code Upgrade: h2c}) has an access log line
     * of its own, HTTP/1.1 101, besides the line of the HTTP/2 stream that answers it.
     */
    boolean logsTheH2cUpgradeSeparately();

    /** The family of the module running the tests. */
    static ServerFamily underTest() {
        return Holder.FAMILY;
    }

    /** Reads a system property failsafe sets, failing clearly when the suite runs elsewhere. */
    static String property(String name) {
        return Objects.requireNonNull(System.getProperty(name),
                "system property " + name + " is not set; run the suite through a thin server module's failsafe");
    }

    /** {@code [...]} around an IPv6 address, as URI hosts are written; an IPv4 one as it is. */
    static String bracketedIpv6(InetAddress address) {
        return address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    }

    /** Made on first use, once. */
    final class Holder {
        static final ServerFamily FAMILY = load();

        private Holder() {
        }

        private static ServerFamily load() {
            String name = property(PROPERTY);
            try {
                return (ServerFamily) Class.forName(name).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make the server family " + name, e);
            }
        }
    }
}
