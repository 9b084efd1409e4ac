package io.proxywrap.it.distribution;

import io.proxywrap.it.support.ExternalServer;
import io.proxywrap.it.support.Poll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A server's own distribution, unpacked by Maven, started by its own launcher with the agent as
 * its users start it, from a fresh base directory (a temp directory, removed on close) holding
 * {@link WhoAmI#JSP} as {@link WhoAmI#PAGE} of the root webapp and an access log of the shape
 * {@link #ACCESS_LOG_SHAPE} describes, on one port on 127.0.0.1 that the agent reads PROXY
 * headers on. The JVM is the one running the tests, so a build on the second JDK runs the server
 * on that JDK too. A subclass knows how its server is started and what it logs.
 */
public abstract class Distribution implements AutoCloseable {

    /** The shaded jar users get, built by the agent module; never its classes directory. */
    public static final Path AGENT_JAR = Path.of(Objects.requireNonNull(System.getProperty("test.proxywrap.agentJar"),
            "system property test.proxywrap.agentJar (the shaded agent jar) is not set; run through Maven failsafe"));

    /**
     * The access log's fields, each server's pattern for them: the client address as the request
     * reports it, the same again as the connection (or host) reports it, the client port, the
     * request line in quotes, the status, separated by single spaces; e.g.
     * {@code 127.0.0.42 127.0.0.42 40123 "GET /whoami.jsp?test=x HTTP/1.1" 200}.
     */
    public static final String ACCESS_LOG_SHAPE = "<client> <client> <client port> \"<request line>\" <status>";

    /**
     * Port bind, then deploying the webapp; a JVM starting a server with the agent takes seconds
     * on a loaded 2-core machine, never this long.
     */
    protected static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** Servers write an access log line after the response has gone out: poll, bounded. */
    private static final Duration LOG_TIMEOUT = Duration.ofSeconds(20);

    private final String version;
    private final int port;
    private final ExternalServer server;

    /**
     * @param version the distribution's version, e.g. "10.1.59"
     * @param port the one port it serves, on 127.0.0.1, in {@code proxywrap.ports}
     * @param server the launcher's process, started in the base directory
     */
    protected Distribution(String version, int port, ExternalServer server) {
        this.version = version;
        this.port = port;
        this.server = server;
    }

    /** The agent's start-up line for the server's connector on {@link #port()}, as it must appear. */
    public abstract String agentConnectorLine();

    /** Every access log line so far. */
    public abstract List<String> accessLog();

    /**
     * The lines of the server's output that say something went wrong (errors, exceptions,
     * warnings the server does not print without the agent): none are expected.
     */
    public abstract List<String> problems();

    public String version() {
        return version;
    }

    public int port() {
        return port;
    }

    /** The base directory: what the test wrote, and where the server writes its logs. */
    protected Path base() {
        return server.directory();
    }

    /** The lines the agent wrote (on the server JVM's standard error). */
    public List<String> agentLines() {
        return server.stderr().lines().filter(l -> l.startsWith("[proxywrap] ")).collect(Collectors.toList());
    }

    /** Waits for an agent line starting with {@code prefix}. */
    public String awaitAgentLine(String prefix) {
        return server.awaitLine(l -> l.startsWith(prefix), LOG_TIMEOUT);
    }

    /** Waits for a line of the server's output that {@code line} accepts: its "started" line, say. */
    protected String awaitLine(Predicate<String> line) {
        return server.awaitLine(line, START_TIMEOUT);
    }

    /** The first line of the server's console output that {@code line} accepts, if any. */
    public Optional<String> outputLine(Predicate<String> line) {
        return outputLines().filter(line).findFirst();
    }

    /** Every line of the server's console output, stdout then stderr. */
    protected Stream<String> outputLines() {
        return (server.stdout() + "\n" + server.stderr()).lines();
    }

    /** Everything the server printed (its console log and the agent's lines), for messages. */
    public String output() {
        return server.output();
    }

    /** Waits for the access log line of the request whose request line contains {@code marker}. */
    public String awaitAccessLogLine(String marker) {
        return Poll.until(LOG_TIMEOUT,
                () -> accessLog().stream().filter(l -> l.contains(marker)).findFirst().orElse(null),
                () -> "no access log line with " + marker + "; the log:\n" + String.join("\n", accessLog()));
    }

    /**
     * The launcher's process and every process it started that is alive now (a launcher that
     * forks the server JVM has one), to check that none outlives {@link #close}.
     */
    public List<ProcessHandle> processes() {
        List<ProcessHandle> processes = new ArrayList<>();
        ProcessHandle.of(server.pid()).ifPresent(launcher -> {
            processes.add(launcher);
            launcher.descendants().forEach(processes::add);
        });
        return processes;
    }

    /** SIGTERM (the server's shutdown hook stops it), a bounded wait, then SIGKILL; base removed. */
    @Override
    public void close() {
        server.close();
    }

    /**
     * The lines of the files in {@code directory} whose names {@code fileName} accepts, file by
     * file in name order (access log files carry the date in their names).
     */
    protected static List<String> linesOfFiles(Path directory, Predicate<String> fileName) {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> sorted = files.filter(f -> fileName.test(f.getFileName().toString()))
                    .sorted().collect(Collectors.toList());
            List<String> lines = new ArrayList<>();
            for (Path file : sorted) {
                Files.readString(file, StandardCharsets.UTF_8).lines().forEach(lines::add);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the logs in " + directory, e);
        }
    }

    /** A system property this module's pom sets. */
    protected static String requiredProperty(String name) {
        return Objects.requireNonNull(System.getProperty(name),
                "system property " + name + " is not set: it comes from this module's pom; run through Maven failsafe");
    }
}
