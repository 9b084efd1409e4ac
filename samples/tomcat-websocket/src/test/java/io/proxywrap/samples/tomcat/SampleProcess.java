package io.proxywrap.samples.tomcat;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** The packaged sample jar running in its own JVM, with the shaded agent, on a free port. */
final class SampleProcess implements AutoCloseable {

    /** The jar users get, built by the agent module; never its classes directory. */
    static final Path AGENT_JAR = jar("test.proxywrap.agentJar");
    static final Path SAMPLE_JAR = jar("test.proxywrap.sampleJar");

    private static final long START_TIMEOUT_SECONDS = 60;
    private static final long STOP_TIMEOUT_SECONDS = 20;
    private static final long POLL_MILLIS = 50;
    /**
     * Inherited variables that would change what the child JVM does: our own configuration, and
     * the JVM's option variables (which may even load another agent).
     */
    private static final Pattern INHERITED_VARIABLES_TO_DROP =
            Pattern.compile("PROXYWRAP_.*|JAVA_TOOL_OPTIONS|JDK_JAVA_OPTIONS|_JAVA_OPTIONS", Pattern.CASE_INSENSITIVE);

    final int port;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private SampleProcess(int port, Process process, Path stdout, Path stderr) {
        this.port = port;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts {@code java -javaagent:<agent> -Dproxywrap.ports=<port> -jar <sample> <port>}, as the
     * README does, and returns once the sample says it is listening.
     */
    static SampleProcess start(Path logDirectory) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-javaagent:" + AGENT_JAR);
        command.add("-Dproxywrap.ports=" + port);
        command.add("-jar");
        command.add(SAMPLE_JAR.toString());
        command.add(Integer.toString(port));
        Path stdout = logDirectory.resolve("sample.stdout");
        Path stderr = logDirectory.resolve("sample.stderr");
        // Files rather than pipes: a child blocked on a full pipe nobody reads would hang the test.
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(name -> INHERITED_VARIABLES_TO_DROP.matcher(name).matches());
        SampleProcess sample = new SampleProcess(port, builder.start(), stdout, stderr);
        try {
            sample.awaitListening();
        } catch (AssertionError | IOException | InterruptedException e) {
            sample.close();
            throw e;
        }
        return sample;
    }

    /**
     * The port for {@code -Dproxywrap.ports}, which must be known before the sample starts, so the
     * sample cannot bind port 0 itself. Should another process take the port in the moment
     * before the sample binds it, the sample fails to start or the requests miss it: the test
     * fails, it cannot pass wrongly.
     */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitListening() throws IOException, InterruptedException {
        String ready = "listening on port " + port;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (!read(stdout).contains(ready)) {
            if (!process.isAlive()) {
                fail("the sample exited with " + process.exitValue() + " before listening\n" + output());
            }
            if (System.nanoTime() > deadline) {
                fail("the sample did not say \"" + ready + "\" within " + START_TIMEOUT_SECONDS + " s\n" + output());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** What the agent wrote: its lines on standard error. */
    List<String> agentLines() throws IOException {
        return read(stderr).lines().filter(line -> line.startsWith("[proxywrap] ")).toList();
    }

    /** Everything the sample printed so far, for failure messages. */
    String output() throws IOException {
        return "--- stdout ---\n" + read(stdout) + "--- stderr ---\n" + read(stderr);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** The child writes in the platform's encoding, as any JVM on this machine does. */
    private static String read(Path file) throws IOException {
        return Files.readString(file, Charset.defaultCharset());
    }

    private static Path jar(String property) {
        return Path.of(Objects.requireNonNull(System.getProperty(property),
                "system property " + property + " is not set; run through Maven failsafe"));
    }
}
