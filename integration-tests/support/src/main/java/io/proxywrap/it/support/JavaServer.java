package io.proxywrap.it.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A server in a child JVM of the JDK that runs the tests, on the tests' own class path, started
 * in a temp directory of its own (its working directory) and stopped on close. The agent goes in
 * through {@code jvmArguments} as {@code -javaagent}, exactly as users start it; never in-process.
 * Its stdout and stderr are kept in files and can be searched while it runs.
 */
public final class JavaServer implements AutoCloseable {

    /**
     * Inherited variables that would change what the child JVM does or prints: our own
     * configuration, and the JVM's option variables (which may even load another agent).
     */
    private static final Pattern INHERITED_VARIABLES_TO_DROP =
            Pattern.compile("PROXYWRAP_.*|JAVA_TOOL_OPTIONS|JDK_JAVA_OPTIONS|_JAVA_OPTIONS", Pattern.CASE_INSENSITIVE);

    private final ConfiguredProcess process;

    private JavaServer(ConfiguredProcess process) {
        this.process = process;
    }

    /**
     * Starts {@code java <jvmArguments> -cp <our class path> <mainClass> <arguments>} and returns
     * once each of {@code ports} listens on 127.0.0.1, or fails with what the JVM printed.
     *
     * @param startTimeout bound on the wait for each port: a JVM that loads an agent and a server
     *     takes seconds on a loaded 2-core machine
     */
    public static JavaServer start(String name, List<String> jvmArguments, String mainClass, List<String> arguments,
            Duration startTimeout, int... ports) {
        List<String> command = new ArrayList<>();
        // The JVM running the tests, so that a run on the second JDK tests the agent on that JDK.
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArguments);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(arguments);
        return new JavaServer(ConfiguredProcess.start(name, dir -> command,
                (Map<String, String> environment) -> environment.keySet()
                        .removeIf(variable -> INHERITED_VARIABLES_TO_DROP.matcher(variable).matches()),
                startTimeout, dir -> "", ports));
    }

    /** Its working directory, where it may write files for the test to read. */
    public Path directory() {
        return process.directory();
    }

    public boolean isAlive() {
        return process.process().isAlive();
    }

    public String stdout() {
        return process.process().stdout();
    }

    public String stderr() {
        return process.process().stderr();
    }

    /** Both streams, with the exit code once it exited: for assertion messages. */
    public String output() {
        return process.output();
    }

    /**
     * Waits for a line of its stdout or stderr that {@code line} accepts, and returns it; fails
     * after {@code timeout}, or at once if the JVM exited without printing one.
     */
    public String awaitLine(Predicate<String> line, Duration timeout) {
        return Poll.until(timeout, () -> {
            boolean exited = !isAlive(); // read before the output, so nothing it printed last is missed
            String found = (stdout() + "\n" + stderr()).lines().filter(line).findFirst().orElse(null);
            if (found == null && exited) {
                throw new AssertionError("the JVM exited without the expected line:\n" + output());
            }
            return found;
        }, this::output);
    }

    @Override
    public void close() {
        process.close();
    }
}
