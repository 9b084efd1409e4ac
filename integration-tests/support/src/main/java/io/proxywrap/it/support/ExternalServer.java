package io.proxywrap.it.support;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A server started by a command of its own (a distribution's start script, say) from a temp
 * directory that the test fills first (configuration, content) and that is removed on close,
 * with an environment the test sets. The process's stdout and stderr are kept in files and can
 * be searched while it runs; on close it gets SIGTERM, a bounded wait, then SIGKILL with any
 * child it left, so no server outlives its test.
 */
public final class ExternalServer implements AutoCloseable {

    /** Prepares one run. */
    public interface Setup {
        /**
         * Writes what the server needs into {@code directory} (its working directory, removed on
         * close), adjusts {@code environment} (a copy of ours, the child's from then on) and
         * returns the command to run.
         */
        List<String> prepare(Path directory, Map<String, String> environment) throws IOException;
    }

    private final ConfiguredProcess process;

    private ExternalServer(ConfiguredProcess process) {
        this.process = process;
    }

    /**
     * Prepares and starts the server and returns once each of {@code ports} listens on
     * 127.0.0.1, or fails (stopping it and removing its directory) with what it printed.
     *
     * @param startTimeout bound on the wait for each port
     */
    public static ExternalServer start(String name, Setup setup, Duration startTimeout, int... ports) {
        // ConfiguredProcess writes the files before it builds the child's environment; the
        // setup may need the directory's path in the environment, so it fills this map first.
        Map<String, String> prepared = new HashMap<>(System.getenv());
        return new ExternalServer(ConfiguredProcess.start(name,
                dir -> setup.prepare(dir.path(), prepared),
                environment -> {
                    environment.clear();
                    environment.putAll(prepared);
                },
                startTimeout, dir -> "", ports));
    }

    /** Its working directory, where the setup wrote its files and the server writes its own. */
    public Path directory() {
        return process.directory();
    }

    public boolean isAlive() {
        return process.process().isAlive();
    }

    public long pid() {
        return process.process().pid();
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
     * after {@code timeout}, or at once if the server exited without printing one.
     */
    public String awaitLine(Predicate<String> line, Duration timeout) {
        return Poll.until(timeout, () -> {
            boolean exited = !isAlive(); // read before the output, so nothing it printed last is missed
            String found = (stdout() + "\n" + stderr()).lines().filter(line).findFirst().orElse(null);
            if (found == null && exited) {
                throw new AssertionError("the server exited without the expected line:\n" + output());
            }
            return found;
        }, this::output);
    }

    @Override
    public void close() {
        process.close();
    }
}
