package io.proxywrap.it.jettyhome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxywrap.it.distribution.Distribution;
import io.proxywrap.it.distribution.DistributionTests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The distribution suite on Jetty's home distribution started by {@code java -jar start.jar}
 * from a fresh base, with the agent on the JVM that {@link JettyHome.Launch} says.
 */
abstract class JettyHomeTests extends DistributionTests {

    private final JettyHome.Launch launch;

    JettyHomeTests(JettyHome.Launch launch) {
        this.launch = launch;
    }

    @Override
    protected Distribution start() {
        return JettyHome.start(launch);
    }

    /**
     * Jetty's start line names the version Maven unpacked and the JDK running the tests, and the
     * agent came up exactly once: in the JVM that runs Jetty, not in a start.jar JVM that forked it.
     */
    @Test
    void startJarRanTheDistributionWithTheAgentOnOurJdk() {
        String context = server.output();
        String jettyStart = "jetty-" + server.version() + "; built: ";
        assertTrue(server.outputLine(l -> l.contains(jettyStart) && l.endsWith("; jvm " + Runtime.version())).isPresent(),
                "expected Jetty's line " + jettyStart + "...; jvm " + Runtime.version() + " in:\n" + context);
        List<String> agentStarts = server.agentLines().stream().filter(l -> l.startsWith("[proxywrap] proxywrap "))
                .collect(Collectors.toList());
        assertEquals(1, agentStarts.size(), "one JVM with the agent: " + context);
        assertTrue(agentStarts.get(0).contains(" ports " + server.port() + " "), context);
    }

    /**
     * The processes are what the launch promises: one JVM with the agent on its command line, or
     * start.jar's JVM without it and its one child, the JVM that runs Jetty, with it.
     */
    @Test
    void theAgentIsOnTheJvmThatRunsJetty() {
        List<ProcessHandle> processes = server.processes();
        String agent = "-javaagent:" + Distribution.AGENT_JAR;
        String described = processes.stream().map(p -> p.pid() + " " + String.join(" ", arguments(p)))
                .collect(Collectors.joining("\n"));
        if (launch == JettyHome.Launch.AGENT_ON_START_JAR) {
            assertEquals(1, processes.size(), described);
            assertTrue(arguments(processes.get(0)).contains(agent), described);
        } else {
            assertEquals(2, processes.size(), "start.jar and the JVM it forked:\n" + described);
            assertTrue(!arguments(processes.get(0)).contains(agent), "no agent on start.jar's JVM:\n" + described);
            List<String> forked = arguments(processes.get(1));
            assertTrue(forked.contains(agent) && forked.contains("-Dproxywrap.ports=" + server.port()),
                    "the agent's options from start.d/proxywrap.ini on the forked JVM:\n" + described);
        }
    }

    /**
     * A process's command line as the kernel has it. Read from {@code /proc/<pid>/cmdline}
     * rather than {@code ProcessHandle.Info}, whose arguments the JDK leaves empty for some
     * processes (here start.jar's forked JVM, whose class path makes the line long).
     */
    private static List<String> arguments(ProcessHandle process) {
        Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            return List.of(Files.readString(cmdline, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + cmdline + " (these tests run on Linux)", e);
        }
    }
}
