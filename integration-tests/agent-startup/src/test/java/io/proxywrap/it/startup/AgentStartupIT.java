package io.proxywrap.it.startup;

import static io.proxywrap.it.startup.JavaProcess.javaAgent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.it.startup.JavaProcess.Result;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What {@code premain} says and does in a real JVM started with the shaded jar. */
class AgentStartupIT {

    /** What {@code java -version} prints after the JVM started, e.g. {@code openjdk version "17.0.15" ...}. */
    private static final Pattern JAVA_VERSION_LINE = Pattern.compile("(?m)^\\S+ version \"[^\"]+\"");
    private static final String INVALID_CONFIGURATION = "[proxywrap] invalid configuration: ";

    private static String version;

    @BeforeAll
    static void readVersion() throws IOException {
        try (JarFile jar = new JarFile(JavaProcess.AGENT_JAR.toFile())) {
            version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
    }

    /** Asserts a normal start: exit 0, the JVM ran on, and the agent wrote exactly one line, returned. */
    private static String startupLine(Result result) {
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(JAVA_VERSION_LINE.matcher(result.stderr()).find(), result::toString);
        List<String> lines = result.agentLines();
        assertEquals(1, lines.size(), result::toString);
        return lines.get(0);
    }

    /** Asserts a refused start: the JVM stopped before the application, saying why in one line. */
    private static String refusal(Result result) {
        assertNotEquals(0, result.exitCode(), result::toString);
        assertFalse(JAVA_VERSION_LINE.matcher(result.stderr()).find(), "the JVM must stop before main\n" + result);
        List<String> lines = result.agentLines();
        assertEquals(1, lines.size(), result::toString);
        assertTrue(lines.get(0).startsWith(INVALID_CONFIGURATION), result::toString);
        return lines.get(0);
    }

    @Test
    void systemPropertyConfiguresThePorts() throws Exception {
        assertEquals("[proxywrap] proxywrap " + version + ": ports 8080 mode=required trusted=ANY (any peer that can "
                + "connect may set client addresses; restrict with proxywrap.trusted) timeout=3s versions=v1,v2 "
                + "v2.maxlength=4096",
                startupLine(JavaProcess.run(javaAgent(null), "-Dproxywrap.ports=8080", "-version")));
    }

    /**
     * A server class loaded at once is instrumented, and installing and instrumenting print
     * nothing of the JVM's: from JDK 24 an Unsafe probe (Byte Buddy, which the agent used before
     * the weaver, had one) would write "terminally deprecated method" warnings into the
     * application's output (this runs on the build's JDK, and the whole suite runs again on
     * Temurin 25).
     */
    @Test
    void aServerClassLoadedAtOnceIsInstrumentedWithoutWarningsOfTheJvms() throws Exception {
        Result result = JavaProcess.run(javaAgent(null), "-Dproxywrap.ports=8080", "-cp", classPath(),
                ServerClassAtStart.class.getName());
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(ServerClassAtStart.INSTRUMENTED, result.stdout().strip(), result::toString);
        assertEquals(1, result.agentLines().size(), result::toString);
        assertFalse(result.stderr().contains("WARNING:"), result::toString);
    }

    /**
     * With {@code proxywrap.log=debug} the agent says what instrumenting cost at start-up: the
     * time the server class took to weave on the thread that loads it, which is where an operator
     * looks when start-up got slower.
     */
    @Test
    void debugLoggingReportsWhatInstrumentingCostAtStartUp() throws Exception {
        Result result = JavaProcess.run(javaAgent(null), "-Dproxywrap.ports=8080", "-Dproxywrap.log=debug",
                "-cp", classPath(), ServerClassAtStart.class.getName());
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(ServerClassAtStart.INSTRUMENTED, result.stdout().strip(), result::toString);
        List<String> lines = result.agentLines();
        assertEquals(2, lines.size(), result::toString);
        assertTrue(lines.get(0).startsWith("[proxywrap] proxywrap " + version + ": ports 8080 "), result::toString);
        assertTrue(lines.get(1).matches("\\[proxywrap] debug: " + Pattern.quote(ServerClassAtStart.SERVER_CLASS)
                + " woven in \\d+ ms"), result::toString);
    }

    /** This module's test classes and Tomcat, not the agent's classes, which come only from its jar. */
    private static String classPath() throws Exception {
        return Path.of(ServerClassAtStart.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                + File.pathSeparator
                + Path.of(Class.forName(ServerClassAtStart.SERVER_CLASS, false, AgentStartupIT.class.getClassLoader())
                        .getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void invalidSystemPropertyStopsTheJvm() throws Exception {
        assertEquals(INVALID_CONFIGURATION + "proxywrap.ports=\"80x\" (system property): expected a comma-separated "
                + "list of TCP ports 1-65535; \"80x\" is not a port number",
                refusal(JavaProcess.run(javaAgent(null), "-Dproxywrap.ports=80x", "-version")));
    }

    @Test
    void withoutPortsTheAgentSaysItIsIdle() throws Exception {
        assertEquals("[proxywrap] proxywrap " + version + ": idle, no ports configured, nothing instrumented; to "
                + "enable, set -Dproxywrap.ports=<port,...> (or agent argument ports=<port,...>, or environment "
                + "variable PROXYWRAP_PORTS)",
                startupLine(JavaProcess.run(javaAgent(null), "-version")));
    }

    @Test
    void agentArgumentsConfigureThePorts() throws Exception {
        String line = startupLine(JavaProcess.run(
                javaAgent("ports=8081,8444;trusted=10.0.0.0/8;port.8444.scheme=https"), "-version"));
        assertEquals("[proxywrap] proxywrap " + version + ": ports 8081,8444 mode=required trusted=10.0.0.0/8 "
                + "timeout=3s versions=v1,v2 v2.maxlength=4096; port 8444: scheme=https", line);
    }

    @Test
    void environmentConfiguresThePorts() throws Exception {
        String line = startupLine(JavaProcess.run(
                Map.of("PROXYWRAP_PORTS", "8082", "PROXYWRAP_PORT_8082_TIMEOUT", "500ms"), javaAgent(null), "-version"));
        assertTrue(line.contains(": ports 8082 mode=required "), line);
        assertTrue(line.endsWith("; port 8082: timeout=500ms"), line);
    }

    @ParameterizedTest(name = "sys={0} args={1} env={2} -> {3}")
    @CsvSource({
        "-Dproxywrap.ports=8080, ports=8081, 8082, 8080",
        "-Dproxywrap.mode=optional, ports=8081, 8082, 8081",
    })
    void systemPropertyBeatsAgentArgumentBeatsEnvironment(String systemProperty, String agentArgs, String environment,
            String winner) throws Exception {
        String line = startupLine(JavaProcess.run(
                Map.of("PROXYWRAP_PORTS", environment), javaAgent(agentArgs), systemProperty, "-version"));
        assertTrue(line.contains(": ports " + winner + " "), line);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-Dproxywrap.trustd=10.0.0.0/8 | -                   | proxywrap.trustd=\"10.0.0.0/8\" (system property): unknown key; did you mean proxywrap.trusted?",
        "-Dproxywrap.ports=8080        | ports=8080;trustd=x | trustd=\"x\" (agent argument): unknown key; did you mean trusted?",
        "-Dproxywrap.ports=8080        | ports8080           | agent argument \"ports8080\": expected key=value pairs separated by ';', e.g. ports=8080,8443;trusted=10.0.0.0/8",
    })
    void unknownKeysAndMalformedArgumentsStopTheJvm(String systemProperty, String agentArgs, String message)
            throws Exception {
        Result result = JavaProcess.run(javaAgent(agentArgs.equals("-") ? null : agentArgs), systemProperty, "-version");
        assertEquals(INVALID_CONFIGURATION + message, refusal(result));
    }

    @Test
    void unknownEnvironmentVariableStopsTheJvm() throws Exception {
        Result result = JavaProcess.run(Map.of("PROXYWRAP_PORTS", "8080", "PROXYWRAP_TRUSTD", "10.0.0.0/8"),
                javaAgent(null), "-version");
        assertEquals(INVALID_CONFIGURATION + "PROXYWRAP_TRUSTD=\"10.0.0.0/8\" (environment variable): unknown key; "
                + "did you mean PROXYWRAP_TRUSTED?", refusal(result));
    }
}
