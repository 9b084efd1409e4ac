package io.proxywrap.it.standalone;

import io.proxywrap.it.support.ExternalServer;
import io.proxywrap.it.support.LoopbackPorts;
import io.proxywrap.it.support.Poll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One Tomcat distribution, unpacked by Maven into CATALINA_HOME, run by its own
 * {@code bin/catalina.sh run} with the agent in {@code CATALINA_OPTS}, as users start it, from a
 * fresh CATALINA_BASE (a temp directory) with a test {@code server.xml} and one JSP. The JVM is
 * the one running the tests, so a build on the second JDK runs Tomcat on that JDK too.
 */
final class StandaloneTomcat implements AutoCloseable {

    /** The shaded jar users get, built by the agent module; never its classes directory. */
    static final Path AGENT_JAR = Path.of(Objects.requireNonNull(System.getProperty("test.proxywrap.agentJar"),
            "system property test.proxywrap.agentJar (the shaded agent jar) is not set; run through Maven failsafe"));

    /** The one page deployed; it answers in lines of {@code key=value} (see {@link WhoAmI}). */
    static final String PAGE = "/whoami.jsp";

    /**
     * Port bind, then deploying ROOT; a JVM starting Tomcat with the agent takes seconds on a
     * loaded 2-core machine, never this long.
     */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** Tomcat writes an access log line after the response has gone out: poll, bounded. */
    private static final Duration LOG_TIMEOUT = Duration.ofSeconds(20);

    /**
     * Inherited variables that would change what catalina.sh or the JVM does: our own
     * configuration, the JVM's option variables (which may even load another agent) and
     * everything catalina.sh reads from its environment besides what we set.
     */
    private static final Pattern INHERITED_VARIABLES_TO_DROP = Pattern.compile(
            "PROXYWRAP_.*|JAVA_TOOL_OPTIONS|JDK_JAVA_OPTIONS|_JAVA_OPTIONS|JAVA_OPTS|JRE_HOME|CATALINA_.*|JPDA_.*"
                    + "|LOGGING_CONFIG|LOGGING_MANAGER|CLASSPATH|UMASK|USE_NOHUP",
            Pattern.CASE_INSENSITIVE);

    /**
     * Namespace-neutral JSP (no servlet API import), so the same page runs on javax (9.0) and
     * jakarta (10.1, 11.0). It is compiled by Jasper and run in ROOT's webapp class loader, which
     * must see the agent's attributes as plain Strings.
     */
    private static final String WHOAMI_JSP = ""
            + "<%@ page contentType=\"text/plain; charset=US-ASCII\" session=\"false\" trimDirectiveWhitespaces=\"true\" %>\n"
            + "remoteAddr=<%= request.getRemoteAddr() %>\n"
            + "remotePort=<%= request.getRemotePort() %>\n"
            + "localAddr=<%= request.getLocalAddr() %>\n"
            + "localPort=<%= request.getLocalPort() %>\n"
            + "secure=<%= request.isSecure() %>\n"
            + "scheme=<%= request.getScheme() %>\n"
            + "proxywrap.version=<%= request.getAttribute(\"proxywrap.version\") %>\n"
            + "proxywrap.proxy.address=<%= request.getAttribute(\"proxywrap.proxy.address\") %>\n"
            + "proxywrap.proxy.port=<%= request.getAttribute(\"proxywrap.proxy.port\") %>\n";

    /**
     * The access log fields the agent decides first (client address, host, client port), then the
     * request line that tells tests apart. Not {@code %p}: Tomcat logs {@code getServerPort()}
     * there, the port of the request's Host header, which says nothing about the connection.
     */
    static final String ACCESS_LOG_PATTERN = "%a %h %{remote}p &quot;%r&quot; %s";

    private final String version;
    private final int port;
    private final ExternalServer server;

    private StandaloneTomcat(String version, int port, ExternalServer server) {
        this.version = version;
        this.port = port;
        this.server = server;
    }

    /**
     * Starts the distribution of {@code line} ("10.1") unpacked by Maven, on a free port that the
     * agent is told to read PROXY headers on, and returns once Tomcat reports it has started.
     */
    static StandaloneTomcat start(String line) {
        String version = requiredProperty("test.tomcat." + line + ".version");
        Path home = Path.of(requiredProperty("test.tomcat." + line + ".home"));
        Path catalinaSh = home.resolve("bin/catalina.sh");
        if (!Files.isExecutable(catalinaSh)) {
            throw new IllegalStateException(catalinaSh + " missing or not executable: Maven's pre-integration-test"
                    + " phase unpacks the distribution there; run through mvn verify");
        }
        int port = LoopbackPorts.freePort();
        ExternalServer server = ExternalServer.start("tomcat-" + version, (base, environment) -> {
            writeBase(home, base, port);
            environment.keySet().removeIf(name -> INHERITED_VARIABLES_TO_DROP.matcher(name).matches());
            environment.put("JAVA_HOME", System.getProperty("java.home"));
            environment.put("CATALINA_HOME", home.toString());
            environment.put("CATALINA_BASE", base.toString());
            // catalina.sh splits this on spaces (it is eval'ed): the jar path must have none
            environment.put("CATALINA_OPTS", "-javaagent:" + AGENT_JAR + " -Dproxywrap.ports=" + port);
            return List.of(catalinaSh.toString(), "run");
        }, START_TIMEOUT, port);
        StandaloneTomcat tomcat = new StandaloneTomcat(version, port, server);
        try {
            // The port listens from the connector's init; requests are served once ROOT is deployed.
            server.awaitLine(l -> l.contains("Server startup in"), START_TIMEOUT);
            return tomcat;
        } catch (RuntimeException | Error e) {
            tomcat.close();
            throw e;
        }
    }

    /**
     * CATALINA_BASE: Tomcat's default conf/ (web.xml maps *.jsp to Jasper) with our server.xml
     * over it, ROOT holding only the JSP (no default webapps: faster start), and the directories
     * catalina.sh and Tomcat expect.
     */
    private static void writeBase(Path home, Path base, int port) throws IOException {
        Path conf = Files.createDirectories(base.resolve("conf"));
        try (Stream<Path> files = Files.list(home.resolve("conf"))) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Files.copy(file, conf.resolve(file.getFileName()));
            }
        }
        Files.writeString(conf.resolve("server.xml"), serverXml(port), StandardCharsets.UTF_8);
        for (String dir : List.of("logs", "temp", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        Path root = Files.createDirectories(base.resolve("webapps/ROOT"));
        Files.writeString(root.resolve(PAGE.substring(1)), WHOAMI_JSP, StandardCharsets.US_ASCII);
    }

    /**
     * One HTTP/1.1 NIO connector (the default protocol) on 127.0.0.1 only, no shutdown port (the
     * test stops Tomcat with SIGTERM; its shutdown hook stops it cleanly), no AJP. The access log
     * is the default valve with an unbuffered writer, so a line is in the file once the request
     * is done, not at the next background flush.
     */
    private static String serverXml(int port) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Server port=\"-1\" shutdown=\"SHUTDOWN\">\n"
                // logs the version, JVM and arguments: what a failure message needs to show
                + "  <Listener className=\"org.apache.catalina.startup.VersionLoggerListener\"/>\n"
                + "  <Service name=\"Catalina\">\n"
                + "    <Connector address=\"127.0.0.1\" port=\"" + port + "\" protocol=\"HTTP/1.1\""
                + " connectionTimeout=\"20000\"/>\n"
                + "    <Engine name=\"Catalina\" defaultHost=\"localhost\">\n"
                + "      <Host name=\"localhost\" appBase=\"webapps\" unpackWARs=\"false\" autoDeploy=\"false\">\n"
                + "        <Valve className=\"org.apache.catalina.valves.AccessLogValve\" directory=\"logs\"\n"
                + "               prefix=\"localhost_access_log\" suffix=\".txt\" buffered=\"false\"\n"
                + "               pattern=\"" + ACCESS_LOG_PATTERN + "\"/>\n"
                + "      </Host>\n"
                + "    </Engine>\n"
                + "  </Service>\n"
                + "</Server>\n";
    }

    /** The distribution's version, e.g. "10.1.59". */
    String version() {
        return version;
    }

    /** The connector's port on 127.0.0.1, the one in {@code proxywrap.ports}. */
    int port() {
        return port;
    }

    /** The lines the agent wrote (on the JVM's standard error). */
    List<String> agentLines() {
        return server.stderr().lines().filter(l -> l.startsWith("[proxywrap] ")).collect(Collectors.toList());
    }

    /** Waits for an agent line starting with {@code prefix}. */
    String awaitAgentLine(String prefix) {
        return server.awaitLine(l -> l.startsWith(prefix), LOG_TIMEOUT);
    }

    /** The first line of Tomcat's console output that {@code line} accepts, if any. */
    Optional<String> outputLine(Predicate<String> line) {
        return (server.stdout() + "\n" + server.stderr()).lines().filter(line).findFirst();
    }

    /** Everything the JVM printed (Tomcat's console log and the agent's lines), for messages. */
    String output() {
        return server.output();
    }

    /** Every access log line so far (the file name carries the date: read every file). */
    List<String> accessLog() {
        Path logs = server.directory().resolve("logs");
        try (Stream<Path> files = Files.list(logs)) {
            List<Path> sorted = files.filter(f -> f.getFileName().toString().startsWith("localhost_access_log"))
                    .sorted().collect(Collectors.toList());
            StringBuilder all = new StringBuilder();
            for (Path file : sorted) {
                all.append(Files.readString(file, StandardCharsets.UTF_8));
            }
            return all.toString().lines().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the access log in " + logs, e);
        }
    }

    /** Waits for the access log line of the request whose request line contains {@code marker}. */
    String awaitAccessLogLine(String marker) {
        return Poll.until(LOG_TIMEOUT,
                () -> accessLog().stream().filter(l -> l.contains(marker)).findFirst().orElse(null),
                () -> "no access log line with " + marker + "; the log:\n" + String.join("\n", accessLog()));
    }

    /** The JVM's pid, to check that it is gone after {@link #close}. */
    long pid() {
        return server.pid();
    }

    /** SIGTERM (Tomcat's shutdown hook stops it), a bounded wait, then SIGKILL; base removed. */
    @Override
    public void close() {
        server.close();
    }

    private static String requiredProperty(String name) {
        return Objects.requireNonNull(System.getProperty(name),
                "system property " + name + " is not set: it comes from this module's pom; run through Maven failsafe");
    }
}
