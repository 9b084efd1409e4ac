package io.proxywrap.it.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxywrap.it.support.ExternalServer;
import io.proxywrap.it.support.JavaServer;
import io.proxywrap.it.support.LoopbackPorts;
import io.proxywrap.it.support.Poll;
import io.proxywrap.it.support.SelfSignedCertificate;
import io.proxywrap.it.tomcat.server.EchoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@link EchoServer} in a child JVM started with {@code -javaagent:<shaded jar>}, on the Tomcat
 * line of the module running the tests, with free ports chosen here; stopped on close.
 */
final class TomcatUnderTest implements AutoCloseable {

    /** The jar users get, built by the agent module; never its classes directory. */
    static final Path AGENT_JAR = Path.of(property("test.proxywrap.agentJar"));
    /** The exact version the module pins; checked against what the server reports. */
    static final String TOMCAT_VERSION = property("test.proxywrap.tomcat.version");
    /** The WebSocketSetup class for this line's namespace, or "none". */
    static final String WEB_SOCKET_SETUP = property("test.proxywrap.tomcat.webSocket");

    /** JVM start, agent install and Tomcat start, on a loaded 2-core machine. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** A log line the server writes after it answered: seconds at most. */
    static final Duration LOG_TIMEOUT = Duration.ofSeconds(10);

    /** NIO, h2c, listed in proxywrap.ports. */
    final int http;
    /** NIO + JSSE TLS, h2 over ALPN, listed. */
    final int tls;
    /** NIO, not listed: the agent must leave it alone. */
    final int unlisted;
    /** NIO, listed with proxywrap.port.N.scheme=https. */
    final int httpsScheme;
    /** NIO, listed with proxywrap.port.N.trusted=127.0.0.1/32: only that peer may send a header. */
    final int trustedOnly;
    /** NIO on ::1, listed, trusting ::1/128 only. */
    final int ipv6TrustingIpv6;
    /** NIO on ::1, listed, trusting 127.0.0.0/8 only: an IPv6 peer is not in it. */
    final int ipv6TrustingIpv4;
    /** NIO, listed, trusting ::ffff:127.0.0.1/128, 127.0.0.1 written as an IPv4-mapped IPv6 address. */
    final int trustingMappedLoopback;
    /** NIO2, listed: the agent does not cover it and must say so. */
    final int nio2;
    /** AJP over NIO, listed: its reads pass the agent's hooks, yet it must be left alone, and said so. */
    final int ajp;

    private final SelfSignedCertificate certificate;
    private final ExternalServer server;

    private TomcatUnderTest(int http, int tls, int unlisted, int httpsScheme, int trustedOnly, int[] trustPorts,
            int nio2, int ajp, SelfSignedCertificate certificate, ExternalServer server) {
        this.http = http;
        this.tls = tls;
        this.unlisted = unlisted;
        this.httpsScheme = httpsScheme;
        this.trustedOnly = trustedOnly;
        this.ipv6TrustingIpv6 = trustPorts[0];
        this.ipv6TrustingIpv4 = trustPorts[1];
        this.trustingMappedLoopback = trustPorts[2];
        this.nio2 = nio2;
        this.ajp = ajp;
        this.certificate = certificate;
        this.server = server;
    }

    /** Every kind of connector the suite tests, with the agent configured for them. */
    static TomcatUnderTest startAllConnectors() {
        int http = LoopbackPorts.freePort();
        int tls = LoopbackPorts.freePort();
        int unlisted = LoopbackPorts.freePort();
        int httpsScheme = LoopbackPorts.freePort();
        int trustedOnly = LoopbackPorts.freePort();
        int[] trustPorts = {
            LoopbackPorts.freePort(LoopbackPorts.IPV6_LOOPBACK), LoopbackPorts.freePort(LoopbackPorts.IPV6_LOOPBACK),
            LoopbackPorts.freePort(),
        };
        int nio2 = LoopbackPorts.freePort();
        int ajp = LoopbackPorts.freePort();
        SelfSignedCertificate certificate = SelfSignedCertificate.generate();
        try {
            List<String> arguments = new ArrayList<>(List.of(
                    "nio=" + http + "," + unlisted + "," + httpsScheme + "," + trustedOnly + "," + trustPorts[2],
                    "nio6=" + trustPorts[0] + "," + trustPorts[1],
                    "tls=" + tls,
                    "cert=" + certificate.certificatePem(),
                    "key=" + certificate.privateKeyPem(),
                    "nio2=" + nio2,
                    "ajp=" + ajp));
            if (!WEB_SOCKET_SETUP.equals("none")) {
                arguments.add("webSocket=" + WEB_SOCKET_SETUP);
            }
            ExternalServer server = start(List.of(
                    "-Dproxywrap.ports=" + http + "," + tls + "," + httpsScheme + "," + trustedOnly + "," + nio2 + ","
                            + ajp + "," + trustPorts[0] + "," + trustPorts[1] + "," + trustPorts[2],
                    "-Dproxywrap.port." + httpsScheme + ".scheme=https",
                    "-Dproxywrap.port." + trustedOnly + ".trusted=127.0.0.1/32",
                    "-Dproxywrap.port." + trustPorts[0] + ".trusted=::1/128",
                    "-Dproxywrap.port." + trustPorts[1] + ".trusted=127.0.0.0/8",
                    "-Dproxywrap.port." + trustPorts[2] + ".trusted=::ffff:127.0.0.1/128",
                    // A line per connection decision: what a failing test's output needs, and tested itself.
                    "-Dproxywrap.log=debug"),
                    // The ::1 connectors start with the others; only 127.0.0.1 listeners are awaited.
                    arguments, http, tls, unlisted, httpsScheme, trustedOnly, trustPorts[2], nio2, ajp);
            return new TomcatUnderTest(http, tls, unlisted, httpsScheme, trustedOnly, trustPorts, nio2, ajp, certificate,
                    server);
        } catch (RuntimeException | Error e) {
            certificate.close();
            throw e;
        }
    }

    /**
     * One plain NIO connector on a listed port: all an unsupported line is started with, and what
     * a flood of connections is aimed at.
     *
     * @param agentProperties further {@code -Dproxywrap...} settings
     */
    static TomcatUnderTest startOneListedPort(String... agentProperties) {
        int http = LoopbackPorts.freePort();
        List<String> properties = new ArrayList<>(List.of("-Dproxywrap.ports=" + http));
        properties.addAll(List.of(agentProperties));
        ExternalServer server = start(properties, List.of("nio=" + http), http);
        return new TomcatUnderTest(http, 0, 0, 0, 0, new int[3], 0, 0, null, server);
    }

    private static ExternalServer start(List<String> agentProperties, List<String> arguments, int... ports) {
        List<String> jvm = new ArrayList<>();
        jvm.add("-javaagent:" + AGENT_JAR);
        jvm.addAll(agentProperties);
        ExternalServer server = JavaServer.start("tomcat", jvm, EchoServer.class.getName(), arguments, START_TIMEOUT,
                ports);
        try {
            String ready = server.awaitLine(line -> line.startsWith(EchoServer.READY), START_TIMEOUT);
            assertEquals(EchoServer.READY + "Apache Tomcat/" + TOMCAT_VERSION + " on Java "
                    + System.getProperty("java.version"), ready,
                    "the module's pinned Tomcat, on the JDK running the tests (so the second JDK's run tests it)");
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /** The TLS connector's certificate, for clients and for haproxy's own TLS frontends. */
    SelfSignedCertificate certificate() {
        return certificate;
    }

    String stderr() {
        return server.stderr();
    }

    /** The server JVM's process id, to attach to it (JMX). */
    long pid() {
        return server.pid();
    }

    /** Everything the server printed, for assertion messages. */
    String output() {
        return server.output();
    }

    /** Waits for a line on the server's stdout or stderr that contains {@code text}, and returns it. */
    String awaitOutputLine(String text) {
        return server.awaitLine(line -> line.contains(text), LOG_TIMEOUT);
    }

    /**
     * The access log line of the request whose request line is {@code method uri protocol}; waits
     * for it, as Tomcat logs a request after the response is sent.
     */
    String accessLogLine(String method, String uri, String protocol) {
        Path log = server.directory().resolve(EchoServer.ACCESS_LOG);
        String needle = " " + method + " " + uri + " " + protocol + " ";
        return Poll.until(LOG_TIMEOUT, () -> accessLog(log).stream().filter(l -> l.contains(needle)).findFirst()
                .orElse(null), () -> "no access log line with" + needle + "in:\n" + String.join("\n", accessLog(log)));
    }

    /**
     * The line {@link EchoServer#ACCESS_LOG_PATTERN} writes for a request.
     *
     * @param serverPort the Host header's port, or the reported scheme's default
     */
    static String expectedAccessLine(String remoteAddress, int remotePort, int serverPort, String method, String uri,
            String protocol, int status) {
        return remoteAddress + ":" + remotePort + " " + remoteAddress + " " + serverPort + " " + method + " " + uri
                + " " + protocol + " " + status;
    }

    private static List<String> accessLog(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            if (certificate != null) {
                certificate.close();
            }
        }
    }

    private static String property(String name) {
        return Objects.requireNonNull(System.getProperty(name),
                "system property " + name + " is not set; run the suite through a tomcat-N.N module's failsafe");
    }
}
