package io.proxywrap.samples.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.proxywrap.it.support.CommandResult;
import io.proxywrap.it.support.Curl;
import io.proxywrap.it.support.ExternalServer;
import io.proxywrap.it.support.JavaCommand;
import io.proxywrap.it.support.RequiredTool;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The top-level README's "two commands", run as written: the blocks marked
 * {@code <!-- tested: name -->} there are read from the file, the server command from the
 * repository root with the port the README names (8080), and what the README says they print is
 * what they must print. The second command, {@code scripts/test-all.sh}, is what CI runs itself
 * ({@code .ci/run}), so it needs no test of its own.
 *
 * <p>The build half of the first command ({@code mvn -q package -DskipTests}) is only checked to
 * be that: this test runs inside that build, after this module's package phase, when the agent
 * jar (built first, a dependency of this module) and the sample jar exist.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReadmeQuickStartIT {

    private static final Path ROOT = Path.of(Objects.requireNonNull(System.getProperty("test.proxywrap.repositoryRoot"),
            "system property test.proxywrap.repositoryRoot is not set; run through Maven failsafe"));
    private static final Path README = ROOT.resolve("README.md");

    /** The port the README's commands use; the test cannot choose another. */
    private static final int README_PORT = 8080;
    private static final String BUILD = "mvn -q package -DskipTests";
    /** Starting a JVM with the agent and Tomcat takes seconds on a loaded 2-core machine, never this long. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** The warning is written as the connection closes, just before curl sees it closed. */
    private static final Duration WARNING_TIMEOUT = Duration.ofSeconds(10);

    /** A port number in an output line: the client's (curl's), which the README can only show one example of. */
    private static final Pattern EPHEMERAL_PORT = Pattern.compile(
            "^(getRemotePort: |proxywrap\\.proxy\\.port: |.* from 127\\.0\\.0\\.1:)(\\d+)");

    @Test
    void theSampleRunsAsTheReadmeSaysAndAnswersAsItShows() throws IOException {
        String readme = Files.readString(README);
        String run = singleLine(block(readme, "run-command"));
        String serverCommand = serverCommand(run);
        String proxiedRequest = singleLine(block(readme, "proxied-request"));
        String requestWithoutHeader = singleLine(block(readme, "request-without-header"));
        RequiredTool.CURL.path(); // fails with the package to install, rather than "curl: not found"
        assertPortFree();

        try (ExternalServer sample = ExternalServer.start("readme-quickstart", (directory, environment) -> {
            JavaCommand.dropInheritedJvmSettings(environment);
            // The README's "java" is the one on the user's PATH; here, the JDK running the tests,
            // so that the run on the second JDK tests that one.
            environment.put("PATH", JavaCommand.java().getParent() + File.pathSeparator + environment.get("PATH"));
            // The line as written, from the repository root, as a user types it into a shell there.
            return List.of("/bin/sh", "-c", "cd \"$0\" && exec " + serverCommand, ROOT.toString());
        }, START_TIMEOUT)) {
            sample.awaitLine(line -> line.startsWith("tomcat-websocket sample listening on port " + README_PORT + ":"),
                    START_TIMEOUT);

            CommandResult proxied = shell(proxiedRequest);
            assertEquals(0, proxied.exitCode(), () -> proxied.describe() + "\n" + sample.output());
            assertSameOutput(block(readme, "proxied-response"), proxied.stdout().lines().toList(),
                    proxied.describe() + "\n" + sample.output());

            CommandResult unanswered = shell(requestWithoutHeader);
            assertSameOutput(block(readme, "request-without-header-response"), lastLine(unanswered.stderr()),
                    unanswered.describe());
            assertEquals(52, unanswered.exitCode(), unanswered::describe); // curl's "Empty reply from server"
            String warning = singleLine(block(readme, "request-without-header-warning"));
            String logged = sample.awaitLine(line -> line.startsWith("[proxywrap] WARN "), WARNING_TIMEOUT);
            assertSameOutput(List.of(warning), List.of(logged), sample.output());
        }
    }

    /** The {@code java ...} half of {@code mvn -q package -DskipTests && java ...}. */
    private static String serverCommand(String run) {
        String[] halves = run.split(" && ", -1);
        assertEquals(2, halves.length, "the run command is the build, \" && \", then the server: " + run);
        assertEquals(BUILD, halves[0], "the run command starts with the build");
        assertTrue(halves[1].startsWith("java "), "the run command's second half starts the JVM: " + run);
        return halves[1];
    }

    /**
     * The last line of curl's standard error: its error message. Before it curl draws a progress
     * meter, because its output goes to a file here; at a terminal, as in the README, it does not.
     */
    private static List<String> lastLine(String stderr) {
        List<String> lines = stderr.lines().toList();
        return lines.isEmpty() ? lines : lines.subList(lines.size() - 1, lines.size());
    }

    /** Runs {@code line} as a shell would, from the repository root. */
    private static CommandResult shell(String line) {
        return CommandResult.run(List.of("/bin/sh", "-c", "cd \"$0\" && " + line, ROOT.toString()), Curl.TIMEOUT);
    }

    /**
     * {@code actual} is what the README shows, line for line, except for the client's port in the
     * lines that name it: the README shows an example, and each run gets another. Where the
     * README shows the same port twice (curl's header names curl's own port, which is also the
     * connection's), the output must too.
     */
    private static void assertSameOutput(List<String> shown, List<String> actual, String diagnostics) {
        assertEquals(withoutPorts(shown), withoutPorts(actual), diagnostics);
        assertEquals(portGroups(shown), portGroups(actual), () -> "the same port where the README shows the same port\n"
                + diagnostics);
    }

    private static List<String> withoutPorts(List<String> lines) {
        return lines.stream().map(line -> EPHEMERAL_PORT.matcher(line).replaceFirst("$1<port>")).toList();
    }

    /** For each line with a port, the index of the first line with the same port. */
    private static List<Integer> portGroups(List<String> lines) {
        List<String> ports = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        for (String line : lines) {
            Matcher port = EPHEMERAL_PORT.matcher(line);
            if (port.find()) {
                if (!ports.contains(port.group(2))) {
                    ports.add(port.group(2));
                }
                groups.add(ports.indexOf(port.group(2)));
            }
        }
        return groups;
    }

    /**
     * The lines of the fenced code block that follows {@code <!-- tested: name -->} in the README,
     * with only blank lines between the two.
     */
    private static List<String> block(String readme, String name) {
        String marker = "<!-- tested: " + name + " -->";
        int at = readme.indexOf(marker);
        assertTrue(at >= 0 && readme.indexOf(marker, at + 1) < 0, "README.md must hold " + marker + " exactly once");
        List<String> after = readme.substring(at + marker.length()).lines().skip(1)
                .dropWhile(String::isBlank).toList();
        assertTrue(!after.isEmpty() && after.get(0).startsWith("```"), "a ``` block must follow " + marker);
        int end = after.subList(1, after.size()).indexOf("```");
        assertTrue(end >= 0, "the block after " + marker + " must end with ```");
        return after.subList(1, 1 + end);
    }

    private static String singleLine(List<String> block) {
        assertEquals(1, block.size(), () -> "expected a one-line block: " + block);
        return block.get(0);
    }

    /**
     * The README's server needs port 8080 on every address; if another process holds it, say so
     * rather than fail later with Tomcat's bind error.
     */
    private static void assertPortFree() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(false);
            probe.bind(new InetSocketAddress(README_PORT));
        } catch (IOException e) {
            fail("port " + README_PORT + ", which the README's commands use, is taken by another process (" + e
                    + "); stop it and run the test again");
        }
    }
}
