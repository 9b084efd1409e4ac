package io.proxywrap.it.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** How a short-lived command ended: its exit code and everything it printed. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    /** A readable summary for assertion messages. */
    public String describe() {
        return String.join(" ", command) + "\nexit " + exitCode + "\n--- stdout ---\n" + stdout
                + "\n--- stderr ---\n" + stderr;
    }

    /**
     * Runs {@code command} to completion, at most {@code timeout}; a command still running then is
     * killed and reported as a failure (never waited on further). It runs in a temp directory of
     * its own, with standard input from /dev/null.
     */
    public static CommandResult run(List<String> command, Duration timeout) {
        return run(command, environment -> { }, timeout);
    }

    /** @param environment adjusts the command's environment, a copy of ours, before it starts */
    public static CommandResult run(List<String> command, Consumer<Map<String, String>> environment,
            Duration timeout) {
        try (TempDirectory dir = new TempDirectory("cmd")) {
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                    .directory(dir.path().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(dir.resolve("stdout").toFile())
                    .redirectError(dir.resolve("stderr").toFile());
            environment.accept(builder.environment());
            Process process = builder.start();
            boolean exited;
            try {
                exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
            }
            if (!exited) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            CommandResult result = new CommandResult(List.copyOf(command), exited ? process.exitValue() : -1,
                    java.nio.file.Files.readString(dir.resolve("stdout")),
                    java.nio.file.Files.readString(dir.resolve("stderr")));
            if (!exited) {
                throw new IllegalStateException("still running after " + timeout + ", killed: " + result.describe());
            }
            return result;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        }
    }
}
