package io.proxywrap.it.jettyhome;

import io.proxywrap.it.distribution.Distribution;
import io.proxywrap.it.distribution.WhoAmI;
import io.proxywrap.it.support.CommandResult;
import io.proxywrap.it.support.ExternalServer;
import io.proxywrap.it.support.LoopbackPorts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Jetty's home distribution, unpacked by Maven into JETTY_HOME, with a fresh JETTY_BASE (a temp
 * directory) made as Jetty's documentation makes one, {@code java -jar $JETTY_HOME/start.jar
 * --add-modules=...}, holding the suite's JSP as the root webapp, then started from that base by
 * {@code java -jar $JETTY_HOME/start.jar} with the agent where its users put it (see {@link Launch}).
 */
final class JettyHome extends Distribution {

    /**
     * Where the agent's JVM options go: on which JVM runs Jetty. Not tested: the service script
     * {@code bin/jetty.sh}, which hands its {@code JAVA_OPTIONS} to {@code start.jar --dry-run}
     * and runs the resulting command line, so they land on the JVM that runs Jetty, as with
     * {@link #AGENT_IN_FORKED_JVM}; it runs Jetty in the background and reads
     * {@code /etc/default/jetty} and {@code ~/.jettyrc}, nothing a test should depend on.
     */
    enum Launch {
        /**
         * {@code java -javaagent:proxywrap.jar -Dproxywrap.ports=<port> -jar start.jar}: without
         * {@code --exec}, start.jar runs Jetty in its own JVM (Jetty's classes in a class loader
         * start.jar makes from the modules' jars), so the agent goes on that JVM's command line.
         */
        AGENT_ON_START_JAR,
        /**
         * {@code java -jar start.jar} with {@code start.d/proxywrap.ini} holding {@code --exec} and
         * the agent's options as JVM lines: start.jar forks a second JVM with those options (and
         * the modules' jars on its class path) and Jetty runs there, as when a base needs other
         * JVM options; the start.jar JVM has no agent.
         */
        AGENT_IN_FORKED_JVM
    }

    /**
     * The modules a base serving a JSP with a request log needs: an HTTP connector, webapps
     * deployed from {@code webapps/} in the ee10 environment, its JSP engine (Jetty ships Apache
     * Jasper), and the {@code CustomRequestLog}.
     */
    static final String MODULES = "http,ee10-deploy,ee10-apache-jsp,requestlog";

    /**
     * Jetty's {@code CustomRequestLog} pattern for {@link Distribution#ACCESS_LOG_SHAPE}: the
     * client address as the request reports it, the connection's remote address, the client port.
     */
    private static final String REQUEST_LOG_FORMAT = "%{client}a %{remote}a %{client}p \"%r\" %s";

    /**
     * Inherited variables that would change what start.jar or the JVM does: our own
     * configuration, the JVM's option variables (which may even load another agent), and what
     * Jetty's scripts and start.jar read ({@code JETTY_BASE}, {@code JETTY_HOME}...).
     */
    private static final Pattern INHERITED_VARIABLES_TO_DROP = Pattern.compile(
            "PROXYWRAP_.*|JAVA_TOOL_OPTIONS|JDK_JAVA_OPTIONS|_JAVA_OPTIONS|JAVA_OPTIONS|JETTY_.*|CLASSPATH",
            Pattern.CASE_INSENSITIVE);

    /**
     * Jetty's console log lines at WARN or ERROR (its {@code StdErrAppender} writes
     * {@code <date> <time>:WARN :<logger>:<thread>: ...}), or naming an exception.
     */
    private static final Pattern PROBLEM = Pattern.compile(":(WARN |ERROR):|Exception");

    /**
     * Warnings Jetty 12.0's Jasper prints on every start with a JSP webapp, agent or not (checked
     * on 12.0.31 without the agent): it looks for XML schemas ({@code XMLSchema.dtd},
     * {@code datatypes.dtd}, {@code xml.xsd}) that the distribution does not ship.
     */
    private static final Pattern KNOWN_JASPER_WARNING = Pattern.compile(":WARN :oatud\\.DigesterFactory:.*"
            + "The XML schema \\[[^]]+\\] could not be found");

    /** start.jar's {@code --add-modules} run: a JVM resolving modules and copying a few files. */
    private static final Duration ADD_MODULES_TIMEOUT = Duration.ofSeconds(60);

    /** How long Jetty takes to stop on SIGTERM, its shutdown hook stopping the server; never this long. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Launch launch;

    private JettyHome(String version, int port, ExternalServer server, Launch launch) {
        super(version, port, server);
        this.launch = launch;
    }

    /**
     * Makes a base and starts Jetty from it on a free port that the agent is told to read PROXY
     * headers on; returns once Jetty says it has started (connectors start after the webapps).
     */
    static JettyHome start(Launch launch) {
        String version = requiredProperty("test.jetty.home.version");
        Path home = Path.of(requiredProperty("test.jetty.home"));
        Path startJar = home.resolve("start.jar");
        if (!Files.isRegularFile(startJar)) {
            throw new IllegalStateException(startJar + " missing: Maven's pre-integration-test phase unpacks the"
                    + " distribution there; run through mvn verify");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int port = LoopbackPorts.freePort();
        List<String> agentOptions = List.of("-javaagent:" + AGENT_JAR, "-Dproxywrap.ports=" + port);
        ExternalServer server = ExternalServer.start("jetty-home-" + version, (base, environment) -> {
            environment.keySet().removeIf(name -> INHERITED_VARIABLES_TO_DROP.matcher(name).matches());
            writeBase(java, startJar, base, launch, agentOptions);
            List<String> command = new ArrayList<>(List.of(java));
            if (launch == Launch.AGENT_ON_START_JAR) {
                command.addAll(agentOptions);
            }
            // The working directory is the base: start.jar takes it as jetty.base.
            command.addAll(List.of("-jar", startJar.toString(), "jetty.http.host=127.0.0.1", "jetty.http.port=" + port));
            return command;
        }, START_TIMEOUT, port);
        JettyHome jetty = new JettyHome(version, port, server, launch);
        try {
            jetty.awaitLine(l -> l.contains(":oejs.Server:main: Started oejs.Server@"));
            return jetty;
        } catch (RuntimeException | Error e) {
            jetty.close();
            throw e;
        }
    }

    /**
     * The base: start.jar's {@code --add-modules} writes {@code start.d/} (one ini per module)
     * and the directories the modules need; then the request log's format goes into its ini, the
     * JSP into {@code webapps/ROOT/} (deployed at {@code /}) and, for {@link Launch#AGENT_IN_FORKED_JVM},
     * {@code start.d/proxywrap.ini}.
     */
    private static void writeBase(String java, Path startJar, Path base, Launch launch, List<String> agentOptions)
            throws IOException {
        CommandResult addModules = CommandResult.run(List.of(java, "-jar", startJar.toString(), "jetty.base=" + base,
                "--add-modules=" + MODULES), ADD_MODULES_TIMEOUT);
        if (addModules.exitCode() != 0) {
            throw new IllegalStateException("start.jar --add-modules failed: " + addModules.describe());
        }
        Files.writeString(base.resolve("start.d/requestlog.ini"), "jetty.requestlog.formatString=" + REQUEST_LOG_FORMAT
                + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Path root = Files.createDirectories(base.resolve("webapps/ROOT"));
        Files.writeString(root.resolve(WhoAmI.PAGE.substring(1)), WhoAmI.JSP, StandardCharsets.US_ASCII);
        if (launch == Launch.AGENT_IN_FORKED_JVM) {
            // Lines starting with "-" other than start.jar's own options are JVM options of the
            // forked JVM; one option per line, taken literally (no quoting, spaces allowed).
            Files.writeString(base.resolve("start.d/proxywrap.ini"), "--exec\n" + String.join("\n", agentOptions) + "\n",
                    StandardCharsets.UTF_8);
        }
    }

    Launch launch() {
        return launch;
    }

    /** Jetty 12 names a connector without a name by its protocols. */
    @Override
    public String agentConnectorLine() {
        return "[proxywrap] Jetty " + version() + ": connector [http/1.1] on port " + port() + " reads PROXY headers";
    }

    /** The request log module writes {@code logs/yyyy_mm_dd.request.log}: read every such file. */
    @Override
    public List<String> accessLog() {
        return linesOfFiles(base().resolve("logs"), name -> name.endsWith(".request.log"));
    }

    @Override
    public List<String> problems() {
        return outputLines().filter(l -> PROBLEM.matcher(l).find() && !KNOWN_JASPER_WARNING.matcher(l).find())
                .collect(Collectors.toList());
    }

    /**
     * SIGTERM to the JVM that runs Jetty first, when start.jar forked one, and a bounded wait for
     * it: start.jar's own shutdown hook would pass the signal on, but without waiting, and the
     * forked JVM would be killed half-way through its shutdown when the launcher is cleaned up.
     * start.jar exits by itself once its child has. Then the launcher as always.
     */
    @Override
    public void close() {
        try {
            List<ProcessHandle> processes = processes();
            for (ProcessHandle forked : processes.subList(1, processes.size())) {
                forked.destroy();
                forked.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            // the launcher's close below kills whatever is left
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            super.close();
        }
    }
}
