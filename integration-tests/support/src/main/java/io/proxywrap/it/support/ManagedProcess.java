package io.proxywrap.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A long-running child process with its stdout and stderr in files (a pipe nobody reads could
 * block it), stopped on close: SIGTERM, a bounded wait, then SIGKILL for it and any child it left
 * (an nginx master killed hard would leave its workers listening).
 */
final class ManagedProcess implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    ManagedProcess(String name, List<String> command, Path workDir) {
        this(name, command, workDir, environment -> { });
    }

    /** @param environment adjusts the child's environment, a copy of ours, before it starts */
    ManagedProcess(String name, List<String> command, Path workDir, Consumer<Map<String, String>> environment) {
        this.name = name;
        this.stdout = workDir.resolve(name + ".stdout");
        this.stderr = workDir.resolve(name + ".stderr");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            environment.accept(builder.environment());
            this.process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Its standard output so far. */
    String stdout() {
        return read(stdout);
    }

    /** Its standard error so far. */
    String stderr() {
        return read(stderr);
    }

    /** What the process wrote so far, for failure messages. */
    String output() {
        StringBuilder s = new StringBuilder();
        if (!process.isAlive()) {
            s.append(name).append(" exited with ").append(process.exitValue()).append('\n');
        }
        s.append("--- ").append(name).append(" stderr ---\n").append(stderr());
        String out = stdout();
        if (!out.isEmpty()) {
            s.append("--- ").append(name).append(" stdout ---\n").append(out);
        }
        return s.toString();
    }

    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            for (ProcessHandle child : children) {
                child.destroyForcibly();
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
