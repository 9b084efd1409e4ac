package io.proxywrap.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxywrap.it.server.echo.EchoServerArguments;
import io.proxywrap.it.support.ExternalServer;
import io.proxywrap.it.support.JavaServer;
import io.proxywrap.it.support.LoopbackPorts;
import io.proxywrap.it.support.Poll;
import io.proxywrap.it.support.SelfSignedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The {@link ServerFamily#underTest() family}'s echo server in a child JVM started with
 * {@code -javaagent:<shaded jar>}, on the line of the module running the tests, with free ports
 * chosen here; stopped on close.
 */
public final class ServerUnderTest implements AutoCloseable {

    /** The jar users get, built by the agent module; never its classes directory. */
    public static final Path AGENT_JAR = Path.of(ServerFamily.property("test.proxywrap.agentJar"));

    /** JVM start, agent install and server start, on a loaded 2-core machine. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** A log line the server writes after it answered: seconds at most. */
    public static final Duration LOG_TIMEOUT = Duration.ofSeconds(10);

    /** Plain HTTP with h2c, listed in proxywrap.ports. */
    public final int http;
    /** TLS terminated by the server, h2 over ALPN, listed. */
    public final int tls;
    /** Plain, not listed: the agent must leave it alone. */
    public final int unlisted;
    /** Plain, listed with proxywrap.port.N.scheme=https. */
    public final int httpsScheme;
    /** Plain, listed with proxywrap.port.N.trusted=127.0.0.1/32: only that peer may send a header. */
    public final int trustedOnly;
    /** Plain on ::1, listed, trusting ::1/128 only. */
    public final int ipv6TrustingIpv6;
    /** Plain on ::1, listed, trusting 127.0.0.0/8 only: an IPv6 peer is not in it. */
    public final int ipv6TrustingIpv4;
    /** Plain, listed, trusting ::ffff:127.0.0.1/128, 127.0.0.1 written as an IPv4-mapped IPv6 address. */
    public final int trustingMappedLoopback;

    private final Map<String, Integer> extras;
    private final SelfSignedCertificate certificate;
    private final ExternalServer server;

    private ServerUnderTest(int http, int tls, int unlisted, int httpsScheme, int trustedOnly, int[] trustPorts,
            Map<String, Integer> extras, SelfSignedCertificate certificate, ExternalServer server) {
        this.http = http;
        this.tls = tls;
        this.unlisted = unlisted;
        this.httpsScheme = httpsScheme;
        this.trustedOnly = trustedOnly;
        this.ipv6TrustingIpv6 = trustPorts[0];
        this.ipv6TrustingIpv4 = trustPorts[1];
        this.trustingMappedLoopback = trustPorts[2];
        this.extras = extras;
        this.certificate = certificate;
        this.server = server;
    }

    /** The family of the module running the tests. */
    public static ServerFamily family() {
        return ServerFamily.underTest();
    }

    /** Every kind of connector the suites test, the family's own too, with the agent configured for them. */
    public static ServerUnderTest startAllConnectors() {
        ServerFamily family = family();
        LoopbackPorts.DistinctPorts ports = new LoopbackPorts.DistinctPorts();
        int http = ports.next();
        int tls = ports.next();
        int unlisted = ports.next();
        int httpsScheme = ports.next();
        int trustedOnly = ports.next();
        int[] trustPorts = {
            ports.next(LoopbackPorts.IPV6_LOOPBACK), ports.next(LoopbackPorts.IPV6_LOOPBACK), ports.next(),
        };
        Map<String, Integer> extras = new LinkedHashMap<>();
        for (String key : family.listedExtraConnectors()) {
            extras.put(key, ports.next());
        }
        SelfSignedCertificate certificate = SelfSignedCertificate.generate();
        try {
            List<String> arguments = new ArrayList<>(List.of(
                    "http=" + http + "," + unlisted + "," + httpsScheme + "," + trustedOnly + "," + trustPorts[2],
                    "http6=" + trustPorts[0] + "," + trustPorts[1],
                    "tls=" + tls,
                    "cert=" + certificate.certificatePem(),
                    "key=" + certificate.privateKeyPem()));
            StringBuilder listed = new StringBuilder("-Dproxywrap.ports=" + http + "," + tls + "," + httpsScheme + ","
                    + trustedOnly + "," + trustPorts[0] + "," + trustPorts[1] + "," + trustPorts[2]);
            List<Integer> awaited = new ArrayList<>(List.of(http, tls, unlisted, httpsScheme, trustedOnly,
                    trustPorts[2]));
            extras.forEach((key, port) -> {
                arguments.add(key + "=" + port);
                listed.append(',').append(port);
                awaited.add(port);
            });
            arguments.addAll(family.fixedArguments());
            ExternalServer server = start(List.of(
                    listed.toString(),
                    "-Dproxywrap.port." + httpsScheme + ".scheme=https",
                    "-Dproxywrap.port." + trustedOnly + ".trusted=127.0.0.1/32",
                    "-Dproxywrap.port." + trustPorts[0] + ".trusted=::1/128",
                    "-Dproxywrap.port." + trustPorts[1] + ".trusted=127.0.0.0/8",
                    "-Dproxywrap.port." + trustPorts[2] + ".trusted=::ffff:127.0.0.1/128",
                    // A line per connection decision: what a failing test's output needs, and tested itself.
                    "-Dproxywrap.log=debug"),
                    // The ::1 connectors start with the others; only 127.0.0.1 listeners are awaited.
                    arguments, awaited.stream().mapToInt(Integer::intValue).toArray());
            return new ServerUnderTest(http, tls, unlisted, httpsScheme, trustedOnly, trustPorts, extras, certificate,
                    server);
        } catch (RuntimeException | Error e) {
            certificate.close();
            throw e;
        }
    }

    /**
     * One plain connector on a listed port: all an unsupported line is started with, and what a
     * flood of connections is aimed at.
     *
     * @param agentProperties further {@code -Dproxywrap...} settings
     */
    public static ServerUnderTest startOneListedPort(String... agentProperties) {
        int http = LoopbackPorts.freePort();
        List<String> properties = new ArrayList<>(List.of("-Dproxywrap.ports=" + http));
        properties.addAll(List.of(agentProperties));
        ExternalServer server = start(properties, List.of("http=" + http), http);
        return new ServerUnderTest(http, 0, 0, 0, 0, new int[3], Map.of(), null, server);
    }

    private static ExternalServer start(List<String> agentProperties, List<String> arguments, int... ports) {
        ServerFamily family = family();
        List<String> jvm = new ArrayList<>();
        jvm.add("-javaagent:" + AGENT_JAR);
        jvm.addAll(agentProperties);
        ExternalServer server = JavaServer.start("server", jvm, family.echoServer(), arguments, START_TIMEOUT, ports);
        try {
            String ready = server.awaitLine(line -> line.startsWith(EchoServerArguments.READY), START_TIMEOUT);
            assertEquals(EchoServerArguments.READY + family.readyName() + " on Java " + System.getProperty("java.version"),
                    ready, "the module's pinned server, on the JDK running the tests (so the second JDK's run tests it)");
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /** The port of one of the family's {@link ServerFamily#listedExtraConnectors() own connectors}. */
    public int extra(String key) {
        Integer port = extras.get(key);
        if (port == null) {
            throw new IllegalArgumentException("no " + key + " connector: this server has " + extras.keySet());
        }
        return port;
    }

    /** The TLS connector's certificate, for clients and for haproxy's own TLS frontends. */
    public SelfSignedCertificate certificate() {
        return certificate;
    }

    public String stderr() {
        return server.stderr();
    }

    /** The server JVM's process id, to attach to it (JMX). */
    public long pid() {
        return server.pid();
    }

    /** Everything the server printed, for assertion messages. */
    public String output() {
        return server.output();
    }

    /** Waits for a line on the server's stdout or stderr that contains {@code text}, and returns it. */
    public String awaitOutputLine(String text) {
        return server.awaitLine(line -> line.contains(text), LOG_TIMEOUT);
    }

    /** Waits for a line on the server's stdout or stderr that {@code line} accepts, and returns it. */
    public String awaitOutputLine(Predicate<String> line) {
        return server.awaitLine(line, LOG_TIMEOUT);
    }

    /**
     * The access log line of the request whose request line is {@code method uri protocol}; waits
     * for it, as servers log a request after the response is sent.
     */
    public String accessLogLine(String method, String uri, String protocol) {
        return logLine(EchoServerArguments.ACCESS_LOG, " " + method + " " + uri + " " + protocol + " ");
    }

    /**
     * The first line containing {@code needle} of the file {@code fileName} the server writes in
     * its working directory (a family's further request logs); waits for it up to {@link
     * #LOG_TIMEOUT}, as servers log a request after the response is sent.
     */
    public String logLine(String fileName, String needle) {
        Path log = server.directory().resolve(fileName);
        return Poll.until(LOG_TIMEOUT, () -> accessLog(log).stream().filter(l -> l.contains(needle)).findFirst()
                .orElse(null), () -> "no line with '" + needle + "' in " + fileName + ":\n"
                        + String.join("\n", accessLog(log)));
    }

    /**
     * The line the family's access log writes for a request.
     *
     * @param remoteAddress as the family writes addresses ({@link ServerFamily#addressText})
     * @param serverPort the Host header's port, or the reported scheme's default
     */
    public static String expectedAccessLine(String remoteAddress, int remotePort, int serverPort, String method,
            String uri, String protocol, int status) {
        return family().accessLine(remoteAddress, remotePort, serverPort, method, uri, protocol, status);
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
}
