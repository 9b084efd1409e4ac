package io.proxywrap.it.startup;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Runs a child JVM of the JDK that runs the tests, with the shaded agent jar at hand. */
final class JavaProcess {

    /** The jar users get, built by the agent module; never its classes directory. */
    static final Path AGENT_JAR = Path.of(Objects.requireNonNull(System.getProperty("test.proxywrap.agentJar"),
            "system property test.proxywrap.agentJar (the shaded agent jar) is not set; run through Maven failsafe"));

    private static final long TIMEOUT_SECONDS = 60;
    /**
     * Inherited variables that would change what the child JVM does or prints: our own
     * configuration, and the JVM's option variables (which may even load another agent).
     */
    private static final Pattern INHERITED_VARIABLES_TO_DROP =
            Pattern.compile("PROXYWRAP_.*|JAVA_TOOL_OPTIONS|JDK_JAVA_OPTIONS|_JAVA_OPTIONS", Pattern.CASE_INSENSITIVE);

    /** What a finished child printed, and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {

        /** The lines the agent wrote. */
        List<String> agentLines() {
            return stderr.lines().filter(line -> line.startsWith("[proxywrap] ")).collect(Collectors.toList());
        }

        @Override
        public String toString() {
            return "exit code " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }

    private JavaProcess() {
    }

    static String javaAgent(String agentArgs) {
        return "-javaagent:" + AGENT_JAR + (agentArgs == null ? "" : "=" + agentArgs);
    }

    /** Runs {@code java <arguments>} with {@code environment} added to a cleaned copy of ours. */
    static Result run(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("proxywrap-it", ".stdout");
        Path stderr = Files.createTempFile("proxywrap-it", ".stderr");
        try {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(Arrays.asList(arguments));
            // Files rather than pipes: a child blocked on a full pipe nobody reads would hang the test.
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().keySet().removeIf(name -> INHERITED_VARIABLES_TO_DROP.matcher(name).matches());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                fail("no exit within " + TIMEOUT_SECONDS + " s: " + command + "\n" + read(stdout) + read(stderr));
            }
            return new Result(process.exitValue(), read(stdout), read(stderr));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    static Result run(String... arguments) throws IOException, InterruptedException {
        return run(Map.of(), arguments);
    }

    /** The child writes in the platform's encoding, as any JVM on this machine does. */
    private static String read(Path file) throws IOException {
        return Files.readString(file, Charset.defaultCharset());
    }
}
