package io.proxywrap.it.standalone;

import io.proxywrap.it.distribution.Distribution;
import io.proxywrap.it.distribution.WhoAmI;
import io.proxywrap.it.support.ExternalServer;
import io.proxywrap.it.support.LoopbackPorts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One Tomcat distribution, unpacked by Maven into CATALINA_HOME, run by its own
 * {@code bin/catalina.sh run} with the agent in {@code CATALINA_OPTS}, as users start it, from a
 * fresh CATALINA_BASE (a temp directory) with a test {@code server.xml} and the suite's JSP.
 */
final class StandaloneTomcat extends Distribution {

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
     * Tomcat's pattern for {@link Distribution#ACCESS_LOG_SHAPE}: the fields the agent decides
     * (client address, host, client port), then the request line that tells tests apart. Not
     * {@code %p}: Tomcat logs {@code getServerPort()} there, the port of the request's Host
     * header, which says nothing about the connection.
     */
    private static final String ACCESS_LOG_PATTERN = "%a %h %{remote}p &quot;%r&quot; %s";

    private StandaloneTomcat(String version, int port, ExternalServer server) {
        super(version, port, server);
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
            tomcat.awaitLine(l -> l.contains("Server startup in"));
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
        Files.writeString(root.resolve(WhoAmI.PAGE.substring(1)), WhoAmI.JSP, StandardCharsets.US_ASCII);
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

    /** Tomcat names its NIO connector by protocol, address and port. */
    @Override
    public String agentConnectorLine() {
        return "[proxywrap] Apache Tomcat/" + version() + ": connector \"http-nio-127.0.0.1-" + port() + "\" on port "
                + port() + " reads PROXY headers";
    }

    /** Every access log line so far (the file name carries the date: read every file). */
    @Override
    public List<String> accessLog() {
        return linesOfFiles(base().resolve("logs"), name -> name.startsWith("localhost_access_log"));
    }

    /** Tomcat's console log writes an error at level SEVERE, and with its stack trace. */
    @Override
    public List<String> problems() {
        return outputLines().filter(l -> l.contains(" SEVERE ") || l.contains("Exception")).collect(Collectors.toList());
    }
}
