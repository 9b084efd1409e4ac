package io.proxywrap.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
        this.name = name;
        this.stdout = workDir.resolve(name + ".stdout");
        this.stderr = workDir.resolve(name + ".stderr");
        try {
            this.process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
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

    /** What the process wrote so far, for failure messages. */
    String output() {
        StringBuilder s = new StringBuilder();
        if (!process.isAlive()) {
            s.append(name).append(" exited with ").append(process.exitValue()).append('\n');
        }
        s.append("--- ").append(name).append(" stderr ---\n").append(read(stderr));
        String out = read(stdout);
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
